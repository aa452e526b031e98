import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

/// Reading a database while MLflow writes to it, as a training script does during a run.
@Suite(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
struct ConcurrentWriterTests {
    static let writer = #"""
        import os, sys, time, warnings
        warnings.filterwarnings("ignore")
        folder, phase = sys.argv[1], sys.argv[2]
        os.chdir(folder)
        from mlflow.entities import Metric
        from mlflow.tracking import MlflowClient
        client = MlflowClient("sqlite:///" + os.path.join(folder, "mlflow.db"))
        if phase == "create":
            experiment = client.create_experiment("live")
            run = client.create_run(experiment, run_name="training", start_time=1000)
            client.log_batch(run.info.run_id, metrics=[Metric("loss", 1.0, 1000, 0)])
            sys.exit(0)
        run_id = client.search_runs(["1"])[0].info.run_id
        for batch in range(1, 121):
            client.log_batch(run_id, metrics=[Metric("loss", 1.0 / (batch * 10 + k), 1000 + batch * 10 + k, batch * 10 + k) for k in range(10)])
            time.sleep(0.02)
        client.set_terminated(run_id, "FINISHED", end_time=99_000)
        open(os.path.join(folder, "done"), "w").close()
        """#

    @Test func readsWhileMLflowWritesSeeAGrowingConsistentHistory() async throws {
        let python = try MLflowPython.path()
        let folder = try Fixtures.scratch("sqlite-concurrent-writer")
        let script = folder + "/writer.py"
        try Self.writer.write(toFile: script, atomically: true, encoding: .utf8)
        try await PythonRunner.run(python, [script, folder, "create"])
        let store = try SQLiteStore(path: folder + "/mlflow.db")
        let runId = try #require(try await store.searchRuns(RunQuery(experimentIds: ["1"]), pageSize: 10, pageToken: nil).items.first?.info.runId)

        let writer = Process()
        writer.executableURL = URL(fileURLWithPath: python)
        writer.arguments = [script, folder, "write"]
        writer.standardOutput = FileHandle.nullDevice
        writer.standardError = FileHandle.nullDevice
        try writer.run()
        defer { if writer.isRunning { writer.terminate() } }

        var counts: [Int] = []
        var reads = 0
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: folder + "/done"), Date() < deadline, writer.isRunning || counts.isEmpty {
            let history = try await store.fullMetricHistory(runId: runId, key: "loss")
            // A read sees whole batches: the first point at step 0, then 10 per committed batch from step 10.
            #expect((history.count - 1) % 10 == 0)
            #expect(history.map(\.step) == [0] + Array(10..<Int64(history.count + 9)))
            let run = try await store.run(id: runId)
            #expect(try #require(run.metric("loss")).step >= Int64(history.count - 1))
            let sampled = try await store.sampledMetricHistory(runIds: [runId], key: "loss", maxPoints: 50, steps: nil)
            #expect(sampled[runId]?.first?.step == 0)
            counts.append(history.count)
            reads += 1
        }
        while writer.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(writer.terminationStatus == 0)
        #expect(zip(counts, counts.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(reads > 1)
        let final = try await store.run(id: runId)
        #expect(final.info.status == .finished)
        #expect(final.info.endTime == 99_000)
        #expect(try await store.fullMetricHistory(runId: runId, key: "loss").count == 1_201)
        #expect(try await store.sampledMetricHistory(runIds: [runId], key: "loss", maxPoints: 50, steps: nil)[runId]?.last?.step == 1_209)
    }

    static let pager = #"""
        import os, sys, warnings
        warnings.filterwarnings("ignore")
        folder, phase = sys.argv[1], sys.argv[2]
        os.chdir(folder)
        from mlflow.tracking import MlflowClient
        client = MlflowClient("sqlite:///" + os.path.join(folder, "mlflow.db"))
        if phase == "create":
            experiment = client.create_experiment("paged")
            for i in range(7):
                client.create_run(experiment, run_name=f"run-{i}", start_time=1000 + i)
        else:
            client.create_run("1", run_name="newest", start_time=5000)
            client.delete_run(client.search_runs(["1"], filter_string="attributes.run_name = 'run-3'")[0].info.run_id)
        """#

    @Test func laterPagesFollowChangesMadeBetweenThem() async throws {
        let python = try MLflowPython.path()
        let folder = try Fixtures.scratch("sqlite-paging-while-writing")
        let script = folder + "/pager.py"
        try Self.pager.write(toFile: script, atomically: true, encoding: .utf8)
        try await PythonRunner.run(python, [script, folder, "create"])
        let store = try SQLiteStore(path: folder + "/mlflow.db")
        let query = RunQuery(experimentIds: ["1"])
        func names(_ token: String?) async throws -> [String] {
            try await store.searchRuns(query, pageSize: 2, pageToken: token).items.map(\.info.runName)
        }
        #expect(try await names(nil) == ["run-6", "run-5"])
        #expect(try await names(offsetToken(2)) == ["run-4", "run-3"])
        #expect(try await names(offsetToken(4)) == ["run-2", "run-1"])
        try await PythonRunner.run(python, [script, folder, "change"])
        // As on an MLflow server: offsets now point into the changed list.
        #expect(try await names(offsetToken(2)) == ["run-5", "run-4"])
        #expect(try await names(offsetToken(4)) == ["run-2", "run-1"])
        #expect(try await names(offsetToken(6)) == ["run-0"])
        let answers = try await MLflowReference.answers(db: folder + "/mlflow.db", [0, 2, 4, 6].map { offset in
            var query: [String: Any] = ["kind": "search_runs", "experiment_ids": ["1"], "max_results": 2]
            if let token = offsetToken(offset) { query["page_token"] = token }
            return query
        })
        for (offset, answer) in zip([0, 2, 4, 6], answers) {
            let expected = try answer.decode(ReferencePage<Run>.self)
            let page = try await store.searchRuns(query, pageSize: 2, pageToken: offsetToken(offset))
            #expect(page.items == expected.items.map(\.normalized))
            #expect(page.nextPageToken == expected.nextPageToken)
        }
    }
}
