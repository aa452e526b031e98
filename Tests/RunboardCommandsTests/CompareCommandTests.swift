import Foundation
import TestFixtures
import Testing

/// `runboard compare` against the live server and the two local fixture stores, its exit statuses
/// and its formats.
@Suite("runboard compare", .serialized)
struct CompareCommandTests {
    /// The three stores, each with its URI and its run ids by run name.
    func stores() throws -> [(uri: String, runs: [String: String])] {
        let manifest = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        func runs(_ kind: String) throws -> [String: String] { try #require(manifest[kind]?["runs"] as? [String: String]) }
        return [
            (try #require(Fixtures.serverURL), try runs("server")),
            ("sqlite:///" + Fixtures.sqlitePath, try runs("sqlite")),
            (Fixtures.fileStorePath, try runs("filestore")),
        ]
    }

    /// The JSON output without what differs between stores: run and experiment ids (MLflow's own
    /// tags hold ids too, so the comparisons across stores leave them out).
    func withoutIds(_ json: String) throws -> NSDictionary {
        var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        object["baseline_run_id"] = nil
        let runs = try #require(object["runs"] as? [[String: Any]])
        object["runs"] = runs.map { run in run.filter { $0.key != "run_id" && $0.key != "experiment_id" } }
        return object as NSDictionary
    }

    @Test(.enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores), arguments: [
        ["--all-rows"], ["--metric-value", "best"], ["--metric-value", "min", "--all-rows"], ["--at-step", "5"],
        ["--at-step", "-1", "--metrics", "val_loss,acc"], ["--metric-value", "max", "--params", "lr,batch_size"],
    ])
    func everyStoreGivesTheSameComparison(options: [String]) async throws {
        var outputs: [NSDictionary] = []
        for store in try stores() {
            let ids = try ["parent", "child-1", "failed", "killed", "\u{1b}[2J\u{1b}[31mEVIL"].map { try #require(store.runs[$0]) }
            let result = try await CLI.run(["compare", "--tracking-uri", store.uri] + ids + options + ["--format", "json"])
            #expect(result.status == 0, "\(store.uri): \(result.stderr)")
            outputs.append(try withoutIds(result.stdout))
        }
        #expect(outputs[1] == outputs[0], "\(options)")
        #expect(outputs[2] == outputs[0], "\(options)")
        let sections = try #require(outputs[0]["sections"] as? [[String: Any]])
        #expect(sections.map { $0["name"] as? String } == ["run", "params", "metrics", "tags"])
    }

    @Test(.enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores))
    func theRunsOfAnExperimentCompareAlikeInEveryStore() async throws {
        var outputs: [String] = []
        for store in try stores() {
            let result = try await CLI.run(["compare", "--tracking-uri", store.uri, "--experiment", "fixture-main",
                                            "--filter", "params.optimizer = 'sgd'", "--max", "4", "--format", "csv"])
            #expect(result.status == 0, "\(store.uri): \(result.stderr)")
            outputs.append(result.stdout)
        }
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
        #expect(outputs[0].hasPrefix("section,key,"))
    }

    @Test(.enabled(if: Fixtures.haveLocalStores))
    func valuesModesAndChangesFromTheFixture() async throws {
        let runs = try stores()[1].runs
        let db = "sqlite:///" + Fixtures.sqlitePath
        let ids = try ["parent", "failed"].map { try #require(runs[$0]) }
        // failed's train/loss is +inf at step 5 and -inf at step 6; its last val_loss is NaN.
        let atFive = try await CLI.run(["compare", "--tracking-uri", db] + ids + ["--at-step", "5", "--metrics", "train/loss", "--format", "json"])
        #expect(atFive.status == 0, "\(atFive.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(atFive.stdout.utf8)) as? [String: Any])
        #expect(object["at_step"] as? Int == 5)
        let metrics = try #require((object["sections"] as? [[String: Any]])?[2]["rows"] as? [[String: Any]])
        let row = try #require(metrics.first)
        #expect(row["key"] as? String == "train/loss")
        #expect((row["values"] as? [Any])?.last as? String == "Infinity")
        #expect(row["steps"] as? [Int] == [5, 5])
        #expect(row["best_columns"] as? [Int] == [])
        let latest = try await CLI.run(["compare", "--tracking-uri", db] + ids + ["--metrics", "val_loss", "--format", "md"])
        #expect(latest.stdout.contains("| val_loss (lower is better) |"), "\(latest.stdout)")
        #expect(latest.stdout.contains("| NaN |") || latest.stdout.contains(" NaN |"), "\(latest.stdout)")
        let best = try await CLI.run(["compare", "--tracking-uri", db] + ids + ["--metric-value", "best", "--metrics", "val_loss", "--format", "md"])
        #expect(best.stdout.contains("**metrics (best)**"), "\(best.stdout)")
        #expect(best.stdout.contains("better)") || best.stdout.contains("worse)"), "\(best.stdout)")
        let baseline = try await CLI.run(["compare", "--tracking-uri", db] + ids + ["--baseline", ids[1], "--format", "json"])
        #expect((try JSONSerialization.jsonObject(with: Data(baseline.stdout.utf8)) as? [String: Any])?["baseline_run_id"] as? String == ids[1])
    }

    @Test(.enabled(if: Fixtures.haveLocalStores))
    func everyFormatAndTheTerminalWidth() async throws {
        let runs = try stores()[2].runs
        let ids = try ["parent", "child-1", "child-2", "grandchild", "\u{1b}[2J\u{1b}[31mEVIL", "\u{202e}evil"].map { try #require(runs[$0]) }
        let base = ["compare", "--tracking-uri", Fixtures.fileStorePath] + ids
        for format in ["table", "md", "csv", "json"] {
            let result = try await CLI.run(base + ["--format", format, "--all-rows", "--system-tags"])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(!result.stdout.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0x202e || (0x80...0x9f).contains($0.value) }, "\(format)")
        }
        let narrow = try await CLI.run(base, environment: ["COLUMNS": "60"])
        let lines = narrow.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("key") == true, "\(narrow.stdout)")
        for line in lines where !line.hasPrefix("(") { #expect(line.count <= 60, "\(line)") }
        #expect(lines.contains { $0.contains("more column") && $0.contains("not shown") }, "\(narrow.stdout)")
        #expect(lines.contains { $0.hasPrefix("(") && $0.contains("hidden: --all-rows shows them") }, "\(narrow.stdout)")
        let md = try await CLI.run(base + ["--format", "md"])
        #expect(md.stdout.contains("\\x1b[2J\\x1b[31mEVIL"), "\(md.stdout)")
        #expect(md.stdout.contains("**params**"), "\(md.stdout)")
        let csv = try await CLI.run(base + ["--format", "csv", "--params", "dropout"])
        let rows = csv.stdout.split(separator: "\n").map(String.init)
        #expect(rows.contains("params,dropout,0.1,0.2,0.3,0.2,,"), "\(csv.stdout)")
    }

    @Test(arguments: [
        (["--at-step", "abc"], "'--at-step <n>': not a whole number"), (["--at-step", "1.5"], "not a whole number"),
        (["--at-step", "99999999999999999999"], "out of range"), (["--max", "-5"], "'--max <n>': too small"),
        (["--max", "0"], "too small"), (["--max", "x"], "not a whole number"),
        (["--at-step", "3", "--metric-value", "min"], "cannot be used together"),
    ])
    func badNumbersAreRefusedWithStatusTwo(arguments: [String], message: String) async throws {
        let result = try await CLI.run(["compare", "--tracking-uri", "/nonexistent/mlflow.db", "--experiment", "e"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test(.enabled(if: Fixtures.haveLocalStores))
    func unknownRunsKeysAndBaselinesExitWithTwo() async throws {
        let runs = try stores()[1].runs
        let db = "sqlite:///" + Fixtures.sqlitePath
        let parent = try #require(runs["parent"])
        let unknown = try await CLI.run(["compare", "--tracking-uri", db, parent, "nope-1", "0123456789abcdef0123456789abcdef"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("'nope-1', '0123456789abcdef0123456789abcdef'"), "\(unknown.stderr)")
        #expect(unknown.stdout.isEmpty)
        let baseline = try await CLI.run(["compare", "--tracking-uri", db, parent, "--baseline", "other"])
        #expect(baseline.status == 2)
        #expect(baseline.stderr.contains("baseline run 'other' is not among the compared runs"), "\(baseline.stderr)")
        let key = try await CLI.run(["compare", "--tracking-uri", db, parent, "--metrics", "acc,no_such"])
        #expect(key.status == 2)
        #expect(key.stderr.contains("no compared run has the metric 'no_such'"), "\(key.stderr)")
        #expect(try await CLI.run(["compare", "--tracking-uri", db]).status == 2)
        #expect(try await CLI.run(["compare", "--tracking-uri", db, parent, "--filter", "params.lr = '1'"]).status == 2)
        let none = try await CLI.run(["compare", "--tracking-uri", db, "--experiment", "fixture-empty"])
        #expect(none.status == 2)
        #expect(none.stderr.contains("no runs to compare"), "\(none.stderr)")
    }

    @Test(.enabled(if: Fixtures.haveServer))
    func anUnknownRunOnTheServerIsAUsageError() async throws {
        let server = try #require(Fixtures.serverURL)
        let result = try await CLI.run(["compare", "--tracking-uri", server, "ffffffffffffffffffffffffffffffff", "nope"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains("'ffffffffffffffffffffffffffffffff', 'nope'"), "\(result.stderr)")
    }
}
