import Foundation
import MLflowCore
import MLflowClient
import TestFixtures
import Testing

/// `runboard track` around a real Python training script, against a live MLflow server.
@Suite("runboard track against a live server", .serialized)
struct TrackCommandTests {
    /// MLflow's Python, which runs the training script and reads runs back (`MLflowPython`).
    static func python() throws -> String { try MLflowPython.path() }

    static var script: String { Fixtures.repositoryRoot + "/Tests/Fixtures/train_sklearn.py" }

    /// Runs track in a scratch folder holding a copy of the training script.
    static func track(_ folder: String, _ options: [String], scriptArguments: [String] = []) async throws -> CLI.Result {
        try? FileManager.default.removeItem(atPath: folder + "/train.py")
        try FileManager.default.copyItem(atPath: script, toPath: folder + "/train.py")
        let python = try Self.python()
        return try await CLI.run(["track"] + options + ["--", python, "train.py", "out"] + scriptArguments,
                           environment: ["RUNBOARD_PYTHON": python, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "1"], cwd: folder)
    }

    /// The run id `track` printed.
    static func runId(_ result: CLI.Result) throws -> String {
        let line = try #require(result.stderr.split(separator: "\n").first { $0.contains("runboard: run ") && $0.contains(" started ") })
        let words = line.split(separator: " ")
        return String(try #require(words.dropFirst(2).first))
    }

    /// What MLflow's own Python client reads of a run: info, params, tags, metrics, artifact files.
    static func readWithPython(server: String, runId: String) async throws -> [String: Any] {
        let code = """
            import json, sys
            from mlflow import MlflowClient
            c = MlflowClient(sys.argv[1])
            r = c.get_run(sys.argv[2])
            files = []
            def walk(p):
                for f in c.list_artifacts(r.info.run_id, p):
                    walk(f.path) if f.is_dir else files.append([f.path, f.file_size])
            walk(None)
            hist = [[m.step, m.value] for m in c.get_metric_history(r.info.run_id, "loss")]
            print(json.dumps({"status": r.info.status, "name": r.info.run_name, "end": r.info.end_time,
                "params": r.data.params, "tags": r.data.tags, "metrics": r.data.metrics, "files": sorted(files),
                "loss_history": hist, "outputs": len(r.outputs.model_outputs) if r.outputs else 0}))
            """
        // MLflow's artifact listing opens logged models through the default tracking URI.
        let result = try await ChildProgram.run(try Self.python(), ["-c", code, server, runId], environment: ["MLFLOW_TRACKING_URI": server])
        let object = try? JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
        return try #require(object, "\(result.stderrText.suffix(2000))")
    }

    static func artifactFiles(_ store: any TrackingStore, runId: String, path: String = "") async throws -> [String] {
        var files: [String] = []
        for entry in try await store.listArtifacts(.run(runId), path: path) {
            files += entry.isDir ? try await artifactFiles(store, runId: runId, path: entry.path) : [entry.path]
        }
        return files.sorted()
    }

    /// MLflow's client also lists the autologged model's files under `model/` (they belong to the logged
    /// model, not the run); everything else is the same.
    static func expectSameArtifacts(python: [String: Any], ours: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        let theirs = (python["files"] as? [[Any]])?.compactMap { $0.first as? String } ?? []
        #expect(Set(ours).isSubset(of: Set(theirs)), "\(ours) \(theirs)", sourceLocation: sourceLocation)
        let modelFiles = Set(theirs).subtracting(ours)
        #expect(modelFiles.contains("model/MLmodel"), "\(theirs)", sourceLocation: sourceLocation)
        #expect(modelFiles.allSatisfy { $0.hasPrefix("model/") && !$0.hasPrefix("model/out/") }, "\(modelFiles)", sourceLocation: sourceLocation)
    }

    @Test(.enabled(if: Fixtures.haveServer), .enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func aTrainingScriptBecomesOneFinishedRun() async throws {
        let server = try #require(Fixtures.serverURL)
        let folder = try Fixtures.scratch("track-finished")
        try "params:\n  model:\n    C: 0.5\n  epochs: 3\ntags:\n  team: vision\n".write(toFile: folder + "/run.yaml", atomically: true, encoding: .utf8)
        let experiment = "track-test-\(UUID().uuidString.prefix(8))"
        let result = try await Self.track(folder, [
            "--tracking-uri", server, "--config", "run.yaml", "--experiment", experiment, "--run-name", "tracked",
            "--param", "seed=7", "--code", "run.yaml",
            "--metrics-from-stdout", #"epoch=(?<step>\d+) loss=(?<loss>[\d.]+) acc=(?<acc>[\d.]+)"#,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        let runId = try Self.runId(result)
        // The script logged into our run, not a new one.
        #expect(result.stdout.contains("run_id=\(runId)\n"))
        #expect(result.stdout.contains("epoch=2 loss=0.3333 acc=0.70\n"))
        #expect(result.stderr.contains("to stderr: \u{1b}[31mred\u{1b}[0m"))
        #expect(result.stderr.contains("--run \(runId)"))
        #expect(result.stderr.contains("\(server)/#/experiments/"))

        let store = try StoreOpener.open(explicit: server)
        let run = try await store.run(id: runId)
        #expect(run.info.status == .finished)
        #expect(run.info.runName == "tracked")
        #expect(run.info.endTime != nil)
        #expect(run.param("model.C") == "0.5")
        #expect(run.param("epochs") == "3")
        #expect(run.param("seed") == "7")
        #expect(run.tag("team") == "vision")
        #expect(run.tag("mlflow.source.name") == "train.py")
        #expect(run.tag("mlflow.source.type") == "LOCAL")
        #expect(run.metric("script_loss")?.value == 1.0 / 3.0)
        #expect(run.metric("loss")?.value == 0.3333)
        #expect(run.metric("acc")?.step == 2)
        let history = try await store.fullMetricHistory(runId: runId, key: "loss")
        #expect(history.map(\.step) == [0, 1, 2])
        let files = try await Self.artifactFiles(store, runId: runId)
        for expected in ["code/train.py", "code/run.yaml", "logs/stdout.txt", "logs/stderr.txt",
                         "model/out/model.pkl", "model/out/meta.json", "plots/out/loss.png"] {
            #expect(files.contains(expected), "\(files)")
        }
        let experiments = try await store.allExperiments()
        let experimentRuns = try await store.allRuns(
            RunQuery(experimentIds: [try #require(experiments.first { $0.name == experiment }).experimentId]), progress: nil)
        #expect(experimentRuns.map(\.info.runId) == [runId])
        let logPath = folder + "/stdout-copy.txt"
        _ = try await store.downloadArtifact(.run(runId), path: "logs/stdout.txt", to: logPath)
        #expect(try String(contentsOfFile: logPath, encoding: .utf8) == result.stdout)
        await store.close()

        // MLflow's own client reads the same run.
        let python = try await Self.readWithPython(server: server, runId: runId)
        #expect(python["status"] as? String == "FINISHED")
        #expect(python["name"] as? String == "tracked")
        #expect(python["end"] as? Int64 == run.info.endTime)
        #expect(python["params"] as? [String: String] == Dictionary(uniqueKeysWithValues: run.params.map { ($0.key, $0.value) }))
        #expect(python["tags"] as? [String: String] == Dictionary(uniqueKeysWithValues: run.tags.map { ($0.key, $0.value) }))
        #expect((python["metrics"] as? [String: Double])?["loss"] == 0.3333)
        Self.expectSameArtifacts(python: python, ours: files)
        #expect(python["outputs"] as? Int == 1)
        #expect(run.modelOutputs.count == 1)
        #expect((python["loss_history"] as? [[Double]])?.map { Int64($0[0]) } == [0, 1, 2])
    }

    @Test(.enabled(if: Fixtures.haveServer), .enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func aFailingScriptGivesFailedAndItsExitCode() async throws {
        let server = try #require(Fixtures.serverURL)
        let folder = try Fixtures.scratch("track-failed")
        let result = try await Self.track(folder, ["--tracking-uri", server, "--experiment", "track-failures"], scriptArguments: ["--fail", "3"])
        #expect(result.status == 3, "\(result.stderr)")
        let runId = try Self.runId(result)
        let store = try StoreOpener.open(explicit: server)
        let run = try await store.run(id: runId)
        await store.close()
        #expect(run.info.status == .failed)
        #expect(try await Self.readWithPython(server: server, runId: runId)["status"] as? String == "FAILED")
        #expect(result.stderr.contains("FAILED (exit status 3)"))
    }

    @Test(.enabled(if: Fixtures.haveServer), .enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func interruptingTrackKillsTheRun() async throws {
        let server = try #require(Fixtures.serverURL)
        let folder = try Fixtures.scratch("track-killed")
        try FileManager.default.copyItem(atPath: Self.script, toPath: folder + "/train.py")
        let python = try Self.python()
        let (status, rest) = try await onOwnThread { () throws -> (Int32, Data) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CLI.binary)
            process.arguments = ["track", "--tracking-uri", server, "--experiment", "track-failures", "--", python, "train.py", "out", "--sleep", "60"]
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            // Wait until the script is in its sleep.
            var seen = Data()
            let deadline = Date().addingTimeInterval(90)
            while !String(decoding: seen, as: UTF8.self).contains("sleeping"), Date() < deadline {
                seen += out.fileHandleForReading.availableData
            }
            kill(process.processIdentifier, SIGINT)
            let rest = err.fileHandleForReading.readDataToEndOfFile()
            _ = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, rest)
        }
        let stderr = String(decoding: rest, as: UTF8.self)
        #expect(status == 130, "\(stderr)")
        #expect(stderr.contains("KILLED"))
        let runId = try Self.runId(CLI.Result(status: 0, stdout: "", stderr: stderr))
        #expect(try await Self.readWithPython(server: server, runId: runId)["status"] as? String == "KILLED")
    }

    /// The server is killed while the command runs and comes back only after the command ended:
    /// the command runs on undisturbed, and what was logged meanwhile (a metric, a swept model
    /// file, the logs, the final status) is retried until it is stored. Nothing is lost.
    @Test(.enabled(if: Fixtures.haveServer), .enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func aServerThatDiesMidRunAndComesBackLosesNothing() async throws {
        let folder = try Fixtures.scratch("track-server-dies")
        let work = folder + "/work"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let server = try LocalMLflowServer(
            backend: "sqlite:///\(folder)/server/mlflow.db", artifacts: folder + "/server/artifacts", log: folder + "/server.log")
        try FileManager.default.createDirectory(atPath: folder + "/server", withIntermediateDirectories: true)
        try await server.start(python: try Self.python())
        defer { server.kill() }

        let script = """
            echo 'step=1 loss=0.5'
            sleep 2
            touch down-now
            while [ ! -f killed ]; do sleep 0.1; done
            echo 'step=2 loss=0.25'
            echo weights > model.pkl
            echo 'the command ran to its end'
            """
        let python = try Self.python()
        // Kills the server once step 1 is logged; starts it again two seconds after the command ended.
        let outage = Task { () throws -> Void in
            let deadline = Date().addingTimeInterval(60)
            while !FileManager.default.fileExists(atPath: work + "/down-now") {
                guard Date() < deadline else { throw FixtureError.missing("the command never reached its outage") }
                try await Task.sleep(for: .milliseconds(100))
            }
            server.kill()
            FileManager.default.createFile(atPath: work + "/killed", contents: nil)
            try await Task.sleep(for: .seconds(4))
            try await server.start(python: python)
        }
        let result = try await CLI.run(
            ["track", "--tracking-uri", server.url, "--experiment", "server-dies", "--run-name", "outage",
             "--metrics-from-stdout", #"step=(?<step>\d+) loss=(?<loss>[\d.]+)"#, "--", "/bin/sh", "-c", script],
            environment: ["MLFLOW_HTTP_REQUEST_MAX_RETRIES": "7", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0.5"], cwd: work)
        try await outage.value

        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("the command ran to its end"))
        // The outage was seen and said, and then everything got through.
        #expect(result.stderr.contains("retry"), "\(result.stderr)")
        for missing in ["not stored", "not uploaded", "could not be stored", "was not logged"] {
            #expect(!result.stderr.contains(missing), "\(result.stderr)")
        }
        let runId = try Self.runId(result)
        let read = try await Self.readWithPython(server: server.url, runId: runId)
        #expect(read["status"] as? String == "FINISHED")
        let history = (read["loss_history"] as? [[Any]])?.map { "\($0[0]):\($0[1])" }
        #expect(history == ["1:0.5", "2:0.25"], "\(read)")
        let files = (read["files"] as? [[Any]])?.compactMap { $0.first as? String } ?? []
        #expect(Set(files) == ["model/model.pkl", "logs/stdout.txt", "logs/stderr.txt"], "\(files)")
    }

    @Test(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func aLocalDatabaseGetsTheSameRun() async throws {
        let folder = try Fixtures.scratch("track-sqlite")
        let uri = "sqlite:///\(folder)/mlflow.db"
        let result = try await Self.track(folder, ["--tracking-uri", uri, "--experiment", "local", "--param", "lr=0.1"])
        #expect(result.status == 0, "\(result.stderr)")
        let runId = try Self.runId(result)
        #expect(result.stdout.contains("run_id=\(runId)\n"))
        #expect(!result.stderr.contains("web:"))
        let store = try StoreOpener.open(explicit: uri)
        let run = try await store.run(id: runId)
        #expect(run.info.status == .finished)
        #expect(run.param("lr") == "0.1")
        #expect(run.metric("script_loss")?.value == 1.0 / 3.0)
        let files = try await Self.artifactFiles(store, runId: runId)
        await store.close()
        for expected in ["code/train.py", "logs/stdout.txt", "logs/stderr.txt", "model/out/model.pkl", "model/out/meta.json", "plots/out/loss.png"] {
            #expect(files.contains(expected), "\(files)")
        }
        let python = try await Self.readWithPython(server: uri, runId: runId)
        #expect(python["status"] as? String == "FINISHED")
        #expect(python["params"] as? [String: String] == Dictionary(uniqueKeysWithValues: run.params.map { ($0.key, $0.value) }))
        #expect(python["tags"] as? [String: String] == Dictionary(uniqueKeysWithValues: run.tags.map { ($0.key, $0.value) }))
        Self.expectSameArtifacts(python: python, ours: files)
        #expect(python["outputs"] as? Int == 1)
        #expect(run.modelOutputs.count == 1)
    }

    /// Under a terminal (made by `script`), the command sees terminals too and the saved log holds its bytes unchanged.
    @Test(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func onATerminalTheCommandGetsTerminals() async throws {
        let folder = try Fixtures.scratch("track-pty")
        let uri = "sqlite:///\(folder)/mlflow.db"
        // One write per stream: the two streams reach the terminal through separate channels, so only
        // the order within each stream is kept.
        let program = "import sys; sys.stdout.write('%s %s\\n' % (sys.stdout.isatty(), sys.stderr.isatty())); sys.stderr.write('\\x1b[32mgreen\\x1b[0m\\n')"
        let inner = [CLI.binary, "track", "--tracking-uri", uri, "--", try Self.python(), "-c", program]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let python = try Self.python()
        let (status, text) = try await onOwnThread { () throws -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", inner, "/dev/null"]
            process.currentDirectoryURL = URL(fileURLWithPath: folder)
            var env = ProcessInfo.processInfo.environment
            env["RUNBOARD_PYTHON"] = python
            process.environment = env
            let out = Pipe()
            process.standardOutput = out
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(status == 0, "\(text)")
        #expect(text.contains("True True"), "\(text)")
        let runId = try Self.runId(CLI.Result(status: 0, stdout: "", stderr: text))
        let store = try StoreOpener.open(explicit: uri)
        _ = try await store.downloadArtifact(.run(runId), path: "logs/stdout.txt", to: folder + "/out.txt")
        _ = try await store.downloadArtifact(.run(runId), path: "logs/stderr.txt", to: folder + "/err.txt")
        await store.close()
        #expect(try String(contentsOfFile: folder + "/out.txt", encoding: .utf8) == "True True\n")
        #expect(try String(contentsOfFile: folder + "/err.txt", encoding: .utf8) == "\u{1b}[32mgreen\u{1b}[0m\n")
    }

    @Test func anUnreachableServerStopsBeforeTheCommandRuns() async throws {
        let folder = try Fixtures.scratch("track-offline")
        let marker = folder + "/ran"
        let refused = try await CLI.run(["track", "--tracking-uri", "http://127.0.0.1:9", "--", "/bin/sh", "-c", "touch ran"], cwd: folder)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("connection failed"))
        #expect(!FileManager.default.fileExists(atPath: marker))
        let offline = try await CLI.run(["track", "--offline-ok", "--tracking-uri", "http://127.0.0.1:9", "--", "/bin/sh", "-c", "touch ran; exit 4"], cwd: folder)
        #expect(offline.status == 4)
        #expect(offline.stderr.contains("running without tracking"))
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func badInputIsRefusedBeforeAnythingRuns() async throws {
        let folder = try Fixtures.scratch("track-bad-input")
        try "params:\n  lr: 1\n  bogus_setting: 2\nexperimnt: x\n".write(toFile: folder + "/c.yaml", atomically: true, encoding: .utf8)
        let config = try await CLI.run(["track", "--config", "c.yaml", "--", "/bin/sh", "-c", "touch ran"], cwd: folder)
        #expect(config.status != 0)
        #expect(config.stderr.contains("c.yaml:4: 'experimnt': unknown setting"), "\(config.stderr)")
        let long = String(repeating: "x", count: 6001)
        let param = try await CLI.run(["track", "--tracking-uri", "http://127.0.0.1:9", "--param", "big=\(long)", "--", "/bin/sh", "-c", "touch ran"], cwd: folder)
        #expect(param.status == 2)
        #expect(param.stderr.contains("param 'big' value is 6001 characters; MLflow allows 6000"), "\(param.stderr)")
        let missing = try await CLI.run(["track", "--tracking-uri", "sqlite:///\(folder)/mlflow.db", "--", "no-such-program-x"], cwd: folder)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot run 'no-such-program-x': no such program"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/mlflow.db"))
        let none = try await CLI.run(["track"], cwd: folder)
        #expect(none.status == 2)
        #expect(!FileManager.default.fileExists(atPath: folder + "/ran"))
    }
}
