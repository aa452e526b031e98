import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

/// Write timings against MLflow's own client on the same kind of database, run only when
/// `RUNBOARD_BENCH_WRITER` is set; measure with `swift test -c release`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RUNBOARD_BENCH_WRITER"] != nil && MLflowPython.available))
struct WriterBenchmarks {
    static let python = #"""
        import sys, time, warnings
        warnings.filterwarnings("ignore")
        from mlflow.entities import Metric
        from mlflow.tracking import MlflowClient
        client = MlflowClient("sqlite:///" + sys.argv[1])
        run = client.create_run("0")
        start = time.perf_counter()
        for batch in range(100):
            client.log_batch(run.info.run_id, metrics=[Metric("loss", float(i), i, batch * 1000 + i) for i in range(1000)])
        print(f"{time.perf_counter() - start:.3f}")
        """#

    @Test func hundredThousandPointsInBatchesOfAThousand() async throws {
        let (folder, writer) = try await WriterStore.make("bench")
        let run = try await writer.createRun(experimentId: "0", runName: "bench", startTime: 1, userId: "u", tags: [])
        let clock = ContinuousClock()
        let elapsed = try await clock.measure {
            for batch in 0..<100 {
                let metrics = (0..<1_000).map { (i: Int) -> Metric in
                    Metric(key: "loss", value: Double(i), timestamp: Int64(i), step: Int64(batch * 1_000 + i))
                }
                try await writer.logBatch(runId: run.runId, metrics: metrics, params: [], tags: [])
            }
        }
        let script = folder + "/bench.py"
        try Self.python.write(toFile: script, atomically: true, encoding: .utf8)
        let python = try MLflowPython.path()
        let out = folder + "/mlflow-seconds.txt"
        try await PythonRunner.run("/bin/sh", ["-c", "'\(python)' '\(script)' '\(writer.path)' > '\(out)'"])
        let mlflowSeconds = (try String(contentsOfFile: out, encoding: .utf8)).trimmingCharacters(in: .whitespacesAndNewlines)
        print("SQLiteWriter: 100,000 points in \(elapsed); MLflow's client: \(mlflowSeconds) s")
        #expect(try await SQLiteStore(path: writer.path).fullMetricHistory(runId: run.runId, key: "loss").count == 100_000)
    }
}
