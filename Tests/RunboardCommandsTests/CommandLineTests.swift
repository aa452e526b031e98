import Foundation
import MLflowCore
import TestFixtures
import Testing

/// Runs the built `runboard` binary as a user would and returns its exit status and output.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary built beside the test bundle.
    static var binary: String {
        let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // The test runner lives in RunboardPackageTests.xctest (a file or a bundle folder).
        for candidate in [dir, dir.deletingLastPathComponent(), dir.deletingLastPathComponent().deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("runboard").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return Fixtures.repositoryRoot + "/.build/debug/runboard"
    }

    /// Runs the binary on a thread of its own and waits without blocking the test's task.
    static func run(_ arguments: [String], environment: [String: String] = [:], cwd: String? = nil) async throws -> Result {
        try await onOwnThread { try runBlocking(arguments, environment: environment, cwd: cwd) }
    }

    static func runBlocking(_ arguments: [String], environment: [String: String] = [:], cwd: String? = nil) throws -> Result {
        var env = [
            "COLUMNS": "120",
            "RUNBOARD_LOG": FileManager.default.temporaryDirectory.path + "/runboard-cli-test.log",
            "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "1",
            "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.1",
        ]
        env.merge(environment) { _, new in new }
        let result = try ChildProgram.runBlocking(binary, arguments, environment: env, removing: ["MLFLOW_TRACKING_URI"], cwd: cwd)
        return Result(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }
}

@Suite("runboard on the command line", .serialized)
struct CommandLineTests {
    @Test func theDemoStoreOpensFromAnyFolder() async throws {
        let result = try await CLI.run(["demo"], cwd: "/")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("image-classifier-sweep"))
        #expect(result.stdout.contains("FINISHED"))
        let json = try await CLI.run(["demo", "--format", "json"], cwd: "/")
        #expect(json.status == 0)
    }

    @Test func usageErrorsExitWithTwo() async throws {
        let demo = try await CLI.run(["demo", "--path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let unknown = try await CLI.run(["runs", "--tracking-uri", demo, "--experiment", "no-such-experiment"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no experiment named or numbered 'no-such-experiment'"))
        let syntax = try await CLI.run(["runs", "--tracking-uri", demo, "--experiment", "hparam-search", "--filter", "metrics.auc > 0.8 OR params.x = '1'"])
        #expect(syntax.status == 2)
        let lines = syntax.stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count >= 3, "\(syntax.stderr)")
        // The caret sits under the offending OR (two spaces of indent, then 18 characters).
        #expect(lines.dropFirst().first == "  metrics.auc > 0.8 OR params.x = '1'")
        #expect(lines.dropFirst(2).first == String(repeating: " ", count: 20) + "^")
        #expect(try await CLI.run(["runs", "--tracking-uri", demo]).status == 2)
        #expect(try await CLI.run(["history", "--tracking-uri", demo, "0123", "loss", "--samples", "0"]).status == 2)
        #expect(try await CLI.run(["experiments", "--bogus"]).status == 2)
        #expect(try await CLI.run(["runs", "--tracking-uri", "postgresql://x/y", "--experiment", "a"]).status == 2)
    }

    @Test(arguments: [("-5", "too small"), ("0", "too small"), ("ten", "not a whole number"), ("1.5", "not a whole number"),
                      ("99999999999999999999", "too large"), ("10000001", "too large")])
    func runsRefusesABadMax(value: String, problem: String) async throws {
        let demo = try await CLI.run(["demo", "--path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let result = try await CLI.run(["runs", "--tracking-uri", demo, "--experiment", "image-classifier-sweep", "--max", value])
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(
            "Error: The value '\(value)' is invalid for '--max <n>': \(problem): it must be a whole number of runs from 1 to 10000000\n"),
                "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let one = try await CLI.run(["runs", "--tracking-uri", demo, "--experiment", "image-classifier-sweep", "--max", "2", "--format", "csv"])
        #expect(one.status == 0)
        #expect(one.stdout.split(separator: "\n").count == 3)
    }

    @Test func aDeadServerExitsWithOneAndSaysWhy() async throws {
        let result = try await CLI.run(["experiments", "--tracking-uri", "http://127.0.0.1:9"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("connection failed"))
        #expect(result.stderr.contains("retry 1"))
    }

    @Test func retryLinesNameTheReasonAndTheServerAndTheErrorSaysItOnce() async throws {
        let closed = try await FaultServer { _, _ in .close }
        await closed.stop()
        let server = "http://127.0.0.1:\(closed.port)"
        let result = try await CLI.run(["experiments", "--tracking-uri", "http://me:hunter2@127.0.0.1:\(closed.port)/"], environment: [
            "MLFLOW_HTTP_REQUEST_MAX_RETRIES": "2", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.1", "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0",
        ])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").map(String.init) == [
            "runboard: connection refused: \(server); retry 1 of 2 in 0.0 s",
            "runboard: connection refused: \(server); retry 2 of 2 in 0.2 s",
            "runboard: connection failed: connection refused: \(server) (gave up after 3 attempts)",
        ])
        #expect(result.stdout.isEmpty)
    }

    @Test func badRetrySettingsAreUsageErrorsNamingTheVariable() async throws {
        let result = try await CLI.run(["experiments", "--tracking-uri", "http://127.0.0.1:9"],
                                       environment: ["MLFLOW_HTTP_REQUEST_TIMEOUT": "1e400"])
        #expect(result.status == 2)
        #expect(result.stderr == "runboard: MLFLOW_HTTP_REQUEST_TIMEOUT must be a number of seconds above 0 and at most 86400, not '1e400'\n")
        let retries = try await CLI.run(["experiments", "--tracking-uri", "http://127.0.0.1:9"],
                                        environment: ["MLFLOW_HTTP_REQUEST_MAX_RETRIES": "-1"])
        #expect(retries.status == 2)
        #expect(retries.stderr == "runboard: MLFLOW_HTTP_REQUEST_MAX_RETRIES must be a whole number from 0 to 10, not '-1'\n")
    }

    @Test func credentialsNeverReachTheOutput() async throws {
        let result = try await CLI.run(["experiments", "--tracking-uri", "http://user:hunter2@127.0.0.1:9"],
                                 environment: ["MLFLOW_TRACKING_PASSWORD": "s3cr3t", "MLFLOW_TRACKING_USERNAME": "me"])
        #expect(result.status == 1)
        #expect(!result.stderr.contains("hunter2"))
        #expect(!result.stderr.contains("s3cr3t"))
        let log = try String(contentsOfFile: FileManager.default.temporaryDirectory.path + "/runboard-cli-test.log", encoding: .utf8)
        #expect(!log.contains("hunter2"))
        #expect(!log.contains("s3cr3t"))
    }

    @Test func historyPrintsSampledAndCompleteHistories() async throws {
        let demo = try await CLI.run(["demo", "--path"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let runs = try await CLI.run(["runs", "--tracking-uri", demo, "--experiment", "image-classifier-sweep", "--max", "1", "--format", "json"])
        #expect(runs.status == 0, "\(runs.stderr)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(runs.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        let runId = try #require(list.first?["run_id"] as? String)
        let metrics = try #require(list.first?["metrics"] as? [String: Any])
        let key = try #require(metrics.keys.sorted().first)
        let all = try await CLI.run(["history", "--tracking-uri", demo, runId, key, "--all", "--format", "csv"])
        #expect(all.status == 0, "\(all.stderr)")
        let rows = all.stdout.split(separator: "\n")
        #expect(rows.first == "step,time,value")
        let sampled = try await CLI.run(["history", "--tracking-uri", demo, runId, key, "--samples", "5", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(sampled.stdout.utf8)) as? [String: Any])
        let points = try #require(object["points"] as? [[String: Any]])
        #expect(points.count <= 6 && points.count >= 2)
        #expect(object["sampled"] as? Bool == true)
        let window = try await CLI.run(["history", "--tracking-uri", demo, runId, key, "--all", "--steps", "2:4", "--format", "csv"])
        #expect(window.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: ",").first.map(String.init) } == ["2", "3", "4"])
        let missing = try await CLI.run(["history", "--tracking-uri", demo, runId, "no-such-metric"])
        #expect(missing.status == 2)
    }

    @Test(.enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores))
    func theSameCommandGivesTheSameRowsFromEveryStore() async throws {
        let server = try #require(Fixtures.serverURL)
        var outputs: [String] = []
        for uri in [server, "sqlite:///" + Fixtures.sqlitePath, Fixtures.fileStorePath] {
            let result = try await CLI.run(["runs", "--tracking-uri", uri, "--experiment", "fixture-main", "--filter", "params.optimizer = 'adam'",
                                      "--order-by", "metrics.acc DESC", "--format", "md"])
            #expect(result.status == 0, "\(uri): \(result.stderr)")
            // Run ids differ between stores: compare everything after the run id column.
            outputs.append(result.stdout.split(separator: "\n").map { line in
                line.split(separator: "|", omittingEmptySubsequences: false).dropFirst(2).joined(separator: "|")
            }.joined(separator: "\n"))
        }
        #expect(outputs[1] == outputs[0])
        #expect(outputs[2] == outputs[0])
    }

    /// The run "killed" logged +inf and -inf as its latest values: every store prints the infinities,
    /// not the SQL stores' ±1.7976931348623157e308.
    @Test(.enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores))
    func infinitiesPrintTheSameFromEveryStore() async throws {
        let server = try #require(Fixtures.serverURL)
        let stores = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        for (kind, uri) in [("server", server), ("sqlite", "sqlite:///" + Fixtures.sqlitePath), ("filestore", Fixtures.fileStorePath)] {
            let base = ["--tracking-uri", uri, "--experiment", "fixture-main", "--filter", "attributes.run_name = 'killed'"]
            let json = try await CLI.run(["runs"] + base + ["--format", "json"])
            #expect(json.status == 0, "\(kind): \(json.stderr)")
            let list = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]], "\(kind)")
            let metrics = list.first?["metrics"] as? [String: Any]
            #expect(metrics?["train/loss"] as? String == "Infinity", "\(kind): \(json.stdout)")
            #expect(metrics?["val_loss"] as? String == "-Infinity", "\(kind): \(json.stdout)")
            let csv = try await CLI.run(["runs"] + base + ["--format", "csv"])
            let lines = csv.stdout.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let header = try #require(lines.first, "\(kind)")
            let row = try #require(lines.dropFirst().first, "\(kind): \(csv.stdout)")
            let loss = try #require(header.firstIndex(of: "metrics.train/loss"))
            let val = try #require(header.firstIndex(of: "metrics.val_loss"))
            #expect(row[loss] == "inf" && row[val] == "-inf", "\(kind): \(csv.stdout)")
            let runId = try #require((stores[kind]?["runs"] as? [String: String])?["killed"])
            let history = try await CLI.run(["history", "--tracking-uri", uri, runId, "val_loss", "--all", "--format", "csv"])
            #expect(history.stdout.split(separator: "\n").last?.hasSuffix(",-inf") == true, "\(kind): \(history.stdout)")
            #expect(!json.stdout.contains("e+308") && !csv.stdout.contains("e+308") && !history.stdout.contains("e+308"), "\(kind)")
        }
    }
}
