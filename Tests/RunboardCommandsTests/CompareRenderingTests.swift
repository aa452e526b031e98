import Foundation
import MLflowClient
import Testing
@testable import RunboardCommands

/// How a comparison prints, from runs made in the test.
@Suite struct CompareRenderingTests {
    let runs = [
        ComparedRun(run: Run(
            info: RunInfo(runId: "a1", runName: "pipe|name\nnext", experimentId: "1", status: .finished, startTime: 0, endTime: 65_000),
            params: [KeyValue(key: "lr", value: "0.1"), KeyValue(key: "note", value: "")],
            metrics: [Metric(key: "val_loss", value: 0.5, timestamp: 1, step: 3)])),
        ComparedRun(run: Run(
            info: RunInfo(runId: "b2", runName: "\u{1b}[31mred", experimentId: "1", status: .failed, startTime: 0, endTime: 65_000),
            params: [KeyValue(key: "lr", value: "0.10")],
            metrics: [Metric(key: "val_loss", value: 0.4, timestamp: 1, step: 3)])),
    ]

    @Test func markdownEscapesPipesNewlinesAndControlCharacters() throws {
        let text = CompareOutput(comparison: try RunComparison.build(runs)).render(.md, width: 80)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "| key | pipe\\|name\\nnext (baseline) | \\x1b[31mred |", "\(text)")
        #expect(lines.contains("| **params** |  |  |"), "\(text)")
        #expect(lines.contains("| lr (equal as numbers) | 0.1 | 0.10 |"), "\(text)")
        #expect(lines.contains("| note | \"\" | — |"), "\(text)")
        #expect(lines.contains("| val_loss (lower is better) | 0.5 | **0.4** (-0.1, -20%, better) |"), "\(text)")
        #expect(lines.contains("(6 equal run attributes hidden: --all-rows shows them)"), "\(text)")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b })
    }

    @Test func tableMarksTheBestAndKeepsTheKeyColumn() throws {
        let text = CompareOutput(comparison: try RunComparison.build(runs)).render(.table, width: 30)
        #expect(text.contains("[metrics (latest)]"), "\(text)")
        #expect(text.contains("not shown"), "\(text)")
        for line in text.split(separator: "\n") where !line.hasPrefix("(") { #expect(TerminalSafe.width(String(line)) <= 30, "\(line)") }
        let wide = CompareOutput(comparison: try RunComparison.build(runs)).render(.table, width: 200)
        #expect(wide.contains("0.4 * (-0.1, -20%, better)"), "\(wide)")
    }

    @Test func csvTellsMissingFromEmpty() throws {
        let text = CompareOutput(comparison: try RunComparison.build(runs, options: ComparisonOptions(allRows: true))).render(.csv, width: 80)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "section,key,pipe|name\\nnext,\\x1b[31mred")
        #expect(lines.contains("params,note,\"\","))
        #expect(lines.contains("run,duration,65000,65000"))
        #expect(lines.contains("run,start,1970-01-01T00:00:00Z,1970-01-01T00:00:00Z"))
        #expect(lines.contains("metrics,val_loss,0.5,0.4"))
    }

    @Test func jsonIsSortedAndExact() throws {
        let text = CompareOutput(comparison: try RunComparison.build(runs)).render(.json, width: 80)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == ["at_step", "baseline_run_id", "metric_value", "runs", "sections"])
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(runs[1]["run_name"] as? String == "\u{1b}[31mred")
        let sections = try #require(object["sections"] as? [[String: Any]])
        let params = try #require(sections[1]["rows"] as? [[String: Any]])
        #expect(params.first { $0["key"] as? String == "note" }?["values"] as? [Any?] != nil)
        let metric = try #require((sections[2]["rows"] as? [[String: Any]])?.first)
        #expect(metric["best_columns"] as? [Int] == [1])
        #expect(metric["better"] as? String == "lower")
        #expect(((metric["changes"] as? [Any])?.last as? [String: Any])?["verdict"] as? String == "better")
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b })
    }
}
