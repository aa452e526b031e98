import Foundation
import TestFixtures
import Testing

/// `runboard history --summary` and the checks on `--samples` and `--steps`.
struct HistorySummaryCommandTests {
    func fixtureRun(_ kind: String) throws -> String {
        let stores = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        let runs = try #require(stores[kind]?["runs"] as? [String: String])
        return try #require(runs["long-history"])
    }

    @Test(.enabled(if: Fixtures.haveLocalStores))
    func summaryInEveryFormat() async throws {
        let db = Fixtures.sqlitePath
        let run = try fixtureRun("sqlite")
        let json = try await CLI.run(["history", "--tracking-uri", db, run, "spiky", "--summary", "--format", "json"])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["count"] as? Int == 3_000)
        #expect((object["min"] as? [String: Any])?["step"] as? Int == 301)
        #expect((object["max"] as? [String: Any])?["step"] as? Int == 707)
        #expect((object["best"] as? [String: Any])?["step"] as? Int == 707)
        #expect(object["better"] as? String == "higher")
        #expect(object["nan_count"] as? Int == 1)
        #expect(object["positive_infinity_count"] as? Int == 1)
        #expect(object["negative_infinity_count"] as? Int == 0)
        // Keys sorted, as every command's JSON.
        let keys = json.stdout.split(separator: "\n").filter { $0.hasPrefix("  \"") }.map { String($0.dropFirst(3).prefix { $0 != "\"" }) }
        #expect(keys == keys.sorted() && keys.count == 10, "\(keys)")

        let csv = try await CLI.run(["history", "--tracking-uri", Fixtures.fileStorePath, try fixtureRun("filestore"), "loss", "--summary", "--format", "csv"])
        let lines = csv.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("run_id,key,count,min,min_step,min_timestamp,max,max_step") == true, "\(csv.stdout)")
        #expect(lines.last?.contains(",loss,30000,0.005058,29900,") == true, "\(csv.stdout)")
        #expect(lines.last?.contains(",lower,0,0,0") == true, "\(csv.stdout)")

        let table = try await CLI.run(["history", "--tracking-uri", db, run, "loss", "--summary"])
        #expect(table.stdout.contains("0.005058 @ step 29900, lower is better"), "\(table.stdout)")
        #expect(table.stdout.contains("2.007501 @ step 5"), "\(table.stdout)")
        let md = try await CLI.run(["history", "--tracking-uri", db, run, "spiky", "--summary", "--format", "md"])
        #expect(md.stdout.contains("| min | -2.5 @ step 301 |"), "\(md.stdout)")
        #expect(md.stdout.contains("| best | 4.25 @ step 707, higher is better |"), "\(md.stdout)")
    }

    @Test(arguments: [
        (["--samples", "-5"], "from 1 to 2500, not -5"), (["--samples", "0"], "from 1 to 2500, not 0"),
        (["--samples", "abc"], "whole number from 1 to 2500, not 'abc'"), (["--samples", "2501"], "not 2501"),
        (["--samples", "99999999999999999999999"], "from 1 to 2500, not 99999999999999999999999"),
        (["--samples", "1.5"], "whole number"), (["--steps", "5:1"], "FROM is after TO"),
        (["--steps", "-99999999999999999999:5"], "out of range"), (["--steps", "a:b"], "whole numbers"),
        (["--steps", "7"], "takes FROM:TO"), (["--summary", "--all"], "--summary covers the whole history"),
        (["--summary", "--steps", "0:5"], "--summary covers the whole history"),
    ])
    func badOptionsAreRefusedWithStatusTwo(arguments: [String], message: String) async throws {
        let result = try await CLI.run(["history", "--tracking-uri", "/nonexistent/mlflow.db", "0123", "loss"] + arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
        #expect(!result.stderr.contains("Missing value"), "\(arguments): \(result.stderr)")
    }

    @Test func negativeStepBoundsAreValues() async throws {
        let demo = try await CLI.run(["demo", "--path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let runs = try await CLI.run(["runs", "--tracking-uri", demo, "--experiment", "image-classifier-sweep", "--max", "1", "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        let runId = try #require(list.first?["run_id"] as? String)
        let key = try #require((list.first?["metrics"] as? [String: Any])?.keys.sorted().first)
        let result = try await CLI.run(["history", "--tracking-uri", demo, runId, key, "--all", "--steps", "-5:1", "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("step,time,value"))
    }
}
