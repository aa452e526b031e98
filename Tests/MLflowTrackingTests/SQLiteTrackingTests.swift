import Foundation
import MLflowCore
import MLflowSQLite
import MLflowTracking
import TestFixtures
import Testing

/// `TrackedRun` writing a real `mlflow.db` (created by MLflow), read back by Runboard and by MLflow.
struct SQLiteTrackingTests {
    static let reader = #"""
        import json, math, sys, warnings
        warnings.filterwarnings("ignore")
        from mlflow.tracking import MlflowClient
        client = MlflowClient("sqlite:///" + sys.argv[1])
        run = client.get_run(sys.argv[2])
        history = client.get_metric_history(sys.argv[2], "loss")
        print(json.dumps({"status": run.info.status, "end_time": run.info.end_time, "params": run.data.params,
                          "tags": {k: v for k, v in run.data.tags.items()}, "loss": run.data.metrics["loss"],
                          "history": len(history), "nan_steps": sorted(m.step for m in history if math.isnan(m.value)),
                          "first_step": min(m.step for m in history)}))
        """#

    @Test(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason))) func trackedRunInALocalStoreReadsBackThroughMLflowAndRunboard() async throws {
        let python = try MLflowPython.path()
        let folder = try Fixtures.scratch("tracked-run-sqlite")
        let writer = try await SQLiteWriter.open(path: folder + "/mlflow.db", workingDirectory: folder, pythons: [python])
        let run = try await TrackedRun.start(writer: writer, experiment: "local", artifactLocation: nil, runName: "train",
                                             tags: [KeyValue(key: SystemTag.user, value: "ada")], userId: "ada", startTime: 1_000,
                                             options: TrackingOptions(flushInterval: 0.05, endDeadline: 10))
        #expect(run.experimentId == "1")
        #expect(run.info.artifactUri == folder + "/mlruns/1/\(run.runId)/artifacts")
        try await run.logParams([KeyValue(key: "epochs", value: "30"), KeyValue(key: "optimizer", value: "adam")])
        for step in -5..<2_995 { run.logMetric("loss", step == 0 ? .nan : Double(step), step: Int64(step), timestamp: Int64(2_000 + step)) }
        let file = folder + "/weights.bin"
        try Data(repeating: 7, count: 10_000).write(to: URL(fileURLWithPath: file))
        try await run.logArtifact(localFile: file, artifactPath: "model/weights.bin")
        let report = await run.end(status: .finished, endTime: 9_000)
        #expect(report.isComplete, "\(report.lines)")
        #expect(report.sentMetrics == 3_000)

        let store = try SQLiteStore(path: folder + "/mlflow.db")
        let stored = try await store.run(id: run.runId)
        #expect(stored.info.status == .finished)
        #expect(stored.info.endTime == 9_000)
        #expect(stored.params == [KeyValue(key: "epochs", value: "30"), KeyValue(key: "optimizer", value: "adam")])
        #expect(stored.tags == [KeyValue(key: SystemTag.runName, value: "train"), KeyValue(key: SystemTag.user, value: "ada")])
        #expect(stored.metric("loss") == Metric(key: "loss", value: 2_994, timestamp: 4_994, step: 2_994))
        #expect(try await store.fullMetricHistory(runId: run.runId, key: "loss").count == 3_000)
        #expect(FileManager.default.contents(atPath: folder + "/mlruns/1/\(run.runId)/artifacts/model/weights.bin")?.count == 10_000)

        let script = folder + "/read.py"
        try Self.reader.write(toFile: script, atomically: true, encoding: .utf8)
        let output = try await Self.run(python, [script, folder + "/mlflow.db", run.runId])
        let answer = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        #expect(answer["status"] as? String == "FINISHED")
        #expect((answer["end_time"] as? NSNumber)?.int64Value == 9_000)
        #expect(answer["params"] as? [String: String] == ["epochs": "30", "optimizer": "adam"])
        #expect(answer["tags"] as? [String: String] == [SystemTag.runName: "train", SystemTag.user: "ada"])
        #expect((answer["loss"] as? NSNumber)?.doubleValue == 2_994)
        #expect((answer["history"] as? NSNumber)?.intValue == 3_000)
        #expect(answer["nan_steps"] as? [Int] == [0])
        #expect((answer["first_step"] as? NSNumber)?.intValue == -5)
    }

    /// Runs a program and returns its standard output; fails with its output when it fails.
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        let result = try await ChildProgram.run(executable, arguments, environment: ["MLFLOW_DISABLE_TELEMETRY": "true"])
        guard result.status == 0 else { throw MLflowError.storage("\(executable) exited \(result.status): \(result.stdoutText)") }
        return result.stdoutText
    }
}
