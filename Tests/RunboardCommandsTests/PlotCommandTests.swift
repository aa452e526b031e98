#if canImport(FoundationXML)
import FoundationXML
#endif
import Foundation
import MLflowCore
import TerminalTestSupport
import TestFixtures
import Testing

/// `runboard plot`: the text chart, the SVG (well-formed, rendered by a real SVG renderer), the
/// same picture from every store, and its usage errors.
@Suite("runboard plot", .serialized)
struct PlotCommandTests {
    /// The demo store and the ids of its first `count` runs of the sweep, in the store's order.
    static func demoRuns(_ count: Int) async throws -> (uri: String, ids: [String]) {
        let uri = try await CLI.run(["demo", "--path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let runs = try await CLI.run(["runs", "--tracking-uri", uri, "--experiment", "image-classifier-sweep",
                                      "--filter", "attributes.status = 'FINISHED'", "--max", String(count), "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        return (uri, list.compactMap { $0["run_id"] as? String })
    }

    /// Checks an SVG file: well-formed XML with an `svg` root, and a PNG made of it by `rsvg-convert`.
    static func checkSVG(_ path: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let root = RootElement()
        parser.delegate = root
        #expect(parser.parse(), "not well-formed: \(String(describing: parser.parserError))")
        #expect(root.name == "svg")
        let png = path + ".png"
        let converted = try ChildProgram.runBlocking("/usr/bin/rsvg-convert", ["-o", png, path], environment: [:], removing: [], cwd: nil)
        #expect(converted.status == 0, "rsvg-convert: \(converted.stderrText)")
        let header = try Data(contentsOf: URL(fileURLWithPath: png)).prefix(8)
        #expect(Array(header) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    }

    final class RootElement: NSObject, XMLParserDelegate {
        var name: String?
        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]) {
            if name == nil { name = elementName }
        }
    }

    @Test func theTextChartOfTheDemoStore() async throws {
        let demo = try await Self.demoRuns(3)
        #expect(demo.ids.count == 3)
        // Braille needs a UTF-8 locale (outside one, plot draws ASCII); CI runs with none set.
        let utf8 = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
        let result = try await CLI.run(["plot", "--tracking-uri", demo.uri] + demo.ids + ["--metric", "val_loss", "--width", "80", "--height", "24"],
                                       environment: utf8)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1b}"), "no colours off a terminal")
        Snapshot.assert(text: result.stdout.trimmingCharacters(in: .newlines), named: "plot-demo-val_loss-80x24")
        // Two metrics: one chart each, the same height in all.
        let two = try await CLI.run(["plot", "--tracking-uri", demo.uri] + demo.ids + ["--metric", "val_loss", "--metric", "val_accuracy",
                                                                                     "--x", "relative", "--smooth", "0.6", "--log-y"],
                                    environment: utf8)
        #expect(two.status == 0, "\(two.stderr)")
        let lines = two.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 25)
        #expect(two.stdout.contains("val_accuracy · 3 runs · x: relative time · log · EMA 0.6"))
        // Outside a UTF-8 locale: ASCII only, the same chart.
        let ascii = try await CLI.run(["plot", "--tracking-uri", demo.uri] + demo.ids + ["--metric", "val_loss", "--width", "80", "--height", "24"],
                                      environment: ["LANG": "C", "LC_ALL": "C"])
        #expect(ascii.status == 0 && !ascii.stdout.isEmpty)
        let allASCII = ascii.stdout.unicodeScalars.allSatisfy { $0.isASCII }
        #expect(allASCII, "\(ascii.stdout)")
    }

    @Test func anSVGOfTheDemoStoreIsWellFormedAndRenders() async throws {
        let demo = try await Self.demoRuns(10)
        let path = try Fixtures.scratch("plot") + "/demo.svg"
        let started = Date()
        let result = try await CLI.run(["plot", "--tracking-uri", demo.uri] + demo.ids + ["--metric", "val_loss", "--output", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(Date().timeIntervalSince(started) < 5)
        try Self.checkSVG(path)
        let svg = try String(contentsOfFile: path, encoding: .utf8)
        // Nothing to fetch: the only address is the SVG namespace.
        #expect(!svg.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("://"))
        #expect(svg.components(separatedBy: "<polyline").count - 1 >= 10)
    }

    @Test(.enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores))
    func everyStoreDrawsTheSameChartAndHostileNamesStayEscaped() async throws {
        let manifest = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        let stores: [(String, String)] = [(try #require(Fixtures.serverURL), "server"), ("sqlite:///" + Fixtures.sqlitePath, "sqlite"),
                                          (Fixtures.fileStorePath, "filestore")]
        var texts: [String] = []
        for (uri, kind) in stores {
            let names = try #require(manifest[kind]?["runs"] as? [String: String])
            let ids = try ["parent", "child-1", "child-2", "\u{1b}[2J\u{1b}[31mEVIL"].map { try #require(names[$0]) }
            let result = try await CLI.run(["plot", "--tracking-uri", uri] + ids + ["--metric", "val_loss", "--width", "100", "--height", "30"])
            #expect(result.status == 0, "\(uri): \(result.stderr)")
            #expect(!result.stdout.contains("\u{1b}"))
            #expect(result.stdout.contains("\\x1b[2J\\x1b[31mEVIL"))
            texts.append(result.stdout)
            let path = try Fixtures.scratch("plot") + "/\(kind).svg"
            let svg = try await CLI.run(["plot", "--tracking-uri", uri] + ids + ["--metric", "val_loss", "--metric", "acc", "--output", path])
            #expect(svg.status == 0, "\(uri): \(svg.stderr)")
            try Self.checkSVG(path)
        }
        #expect(texts[1] == texts[0])
        #expect(texts[2] == texts[0])
    }

    @Test func unknownRunsAndMetricsAndBadOptionsExitWithTwo() async throws {
        let demo = try await Self.demoRuns(2)
        let unknown = try await CLI.run(["plot", "--tracking-uri", demo.uri, demo.ids[0], "nope1", "nope2", "--metric", "val_loss"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'nope1', 'nope2'"))
        let metric = try await CLI.run(["plot", "--tracking-uri", demo.uri, demo.ids[0], "--metric", "no_such_metric"])
        #expect(metric.status == 2)
        #expect(metric.stderr.contains("no run given has the metric 'no_such_metric'"))
        for bad in [["--smooth", "1"], ["--smooth", "x"], ["--samples", "0"], ["--width", "3"], ["--x", "epoch"]] {
            let result = try await CLI.run(["plot", "--tracking-uri", demo.uri, demo.ids[0], "--metric", "val_loss"] + bad)
            #expect(result.status == 2, "\(bad)")
        }
        let none = try await CLI.run(["plot", "--tracking-uri", demo.uri, "--metric", "val_loss"])
        #expect(none.status == 2)
    }
}
