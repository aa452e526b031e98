import Foundation
import MLflowCore
import MLflowSQLite
import Testing

/// Timings on the benchmark store (`scripts/make-bench-data`), run only when
/// `RUNBOARD_BENCH_DB` names its `mlflow.db`; measure with `swift test -c release`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RUNBOARD_BENCH_DB"] != nil))
struct Benchmarks {
    let path = ProcessInfo.processInfo.environment["RUNBOARD_BENCH_DB"] ?? ""

    @Test func allRunsOfTheBenchExperiment() async throws {
        let experiment = try #require(try await SQLiteStore(path: path).experiment(named: "bench"))
        let sizes = (ProcessInfo.processInfo.environment["RUNBOARD_BENCH_PAGES"] ?? "1000,5000,50000")
            .split(separator: ",").compactMap { Int($0) }
        // The first pass only warms the OS page cache; each pass opens its own store, so that
        // nothing one pass read is reused by the next.
        for (pass, pageSize) in ([50_000] + sizes).enumerated() {
            let store = try SQLiteStore(path: path)
            let clock = ContinuousClock()
            let cpuStart = cpuSeconds()
            var count = 0
            var params = 0
            var metrics = 0
            let elapsed = try await clock.measure {
                var token: String?
                repeat {
                    let page = try await store.searchRuns(RunQuery(experimentIds: [experiment.experimentId]), pageSize: pageSize, pageToken: token)
                    count += page.items.count
                    params += page.items.reduce(0) { $0 + $1.params.count }
                    metrics += page.items.reduce(0) { $0 + $1.metrics.count }
                    token = page.nextPageToken
                } while token != nil
            }
            if pass > 0 {
                print("bench: \(count) runs (\(params) params, \(metrics) latest metrics) in pages of \(pageSize): \(elapsed), cpu \(cpuSeconds() - cpuStart) s")
            }
            #expect(count == 20_000)
            #expect(params == 20_000 * 12)
            #expect(metrics == 20_000 * 6)
        }
    }

    @Test func sampleAMillionPointMetric() async throws {
        let store = try SQLiteStore(path: path)
        let named = ProcessInfo.processInfo.environment["RUNBOARD_BENCH_RUN"]
        let found = named == nil ? try await findHugeRun(store) : named
        let runId = try #require(found)
        let key = ProcessInfo.processInfo.environment["RUNBOARD_BENCH_METRIC"] ?? "loss"
        let clock = ContinuousClock()
        var points: [Metric] = []
        for _ in 0..<3 {
            let cpuStart = cpuSeconds()
            let elapsed = try await clock.measure {
                points = try await store.sampledMetricHistory(runIds: [runId], key: key, maxPoints: 2_500, steps: nil)[runId] ?? []
            }
            print("bench: sampled \(key) of \(runId) to \(points.count) points in \(elapsed), cpu \(cpuSeconds() - cpuStart) s")
        }
        #expect(points.count == 2_500)
    }

    /// User and system CPU time of the whole process, less disturbed by other load than wall time.
    private func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private func findHugeRun(_ store: SQLiteStore) async throws -> String? {
        for experiment in try await store.allExperiments(view: .all) where experiment.name != "bench" {
            let page = try await store.searchRuns(RunQuery(experimentIds: [experiment.experimentId], viewType: .all), pageSize: 1_000, pageToken: nil)
            if let run = page.items.first(where: { $0.info.runName == "huge-history" }) { return run.info.runId }
        }
        return nil
    }
}
