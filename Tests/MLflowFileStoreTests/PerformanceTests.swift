import Foundation
import MLflowCore
import MLflowFileStore
import Testing

/// Listing speed on a 2,000-run experiment. Opt-in (`RUNBOARD_PERF=1`), best in release:
/// `RUNBOARD_PERF=1 swift test -c release --filter PerformanceTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RUNBOARD_PERF"] == "1", "set RUNBOARD_PERF=1 to measure"))
struct PerformanceTests {
    static let exp = "444444444444444444"

    /// 2,000 runs with 10 params, 5 tags and 5 metrics of 50 points each, in MLflow's layout.
    static func bigTree() throws -> TreeBuilder {
        let tree = try TreeBuilder("performance")
        try tree.experiment(exp, name: "sweep")
        let points = (0..<50).map { "\(1_700_000_000_000 + $0 * 1000) \(Double($0) / 7) \($0)" }.joined(separator: "\n") + "\n"
        for i in 0..<2_000 {
            let run = TreeBuilder.runId(i)
            let folder = tree.root + "/\(exp)/\(run)"
            let meta = """
                artifact_uri: file://\(folder)/artifacts
                end_time: \(1_700_000_100_000 + i)
                entry_point_name: ''
                experiment_id: '\(exp)'
                lifecycle_stage: active
                run_id: \(run)
                run_name: run-\(i)
                source_name: ''
                source_type: 4
                source_version: ''
                start_time: \(1_700_000_000_000 + i)
                status: 3
                tags: []
                user_id: tester

                """
            var files = ["meta.yaml": meta]
            for p in 0..<10 { files["params/p\(p)"] = "\(i * p)" }
            for (key, value) in ["mlflow.runName": "run-\(i)", "mlflow.user": "tester", "mlflow.source.name": "train.py",
                                 "mlflow.source.type": "LOCAL", "team": "vision"] {
                files["tags/" + key] = value
            }
            for key in ["loss", "acc", "val/loss", "lr", "epoch"] { files["metrics/" + key] = points }
            try writeFast(folder, files)
        }
        return tree
    }

    /// Writes files with POSIX calls (Foundation's are slow for 50,000 small files).
    static func writeFast(_ folder: String, _ files: [String: String]) throws {
        for (relative, content) in files {
            let path = folder + "/" + relative
            let parent = (path as NSString).deletingLastPathComponent
            if access(parent, F_OK) != 0 {
                try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            }
            guard let file = fopen(path, "w") else { throw CocoaError(.fileWriteUnknown) }
            fputs(content, file)
            fclose(file)
        }
        mkdir(folder + "/artifacts", 0o755)
    }

    /// CPU time of the whole process, all threads.
    static func cpuSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    @Test func listsTwoThousandRunsQuickly() async throws {
        let tree = try Self.bigTree()
        let store = try FileStore(path: tree.root)
        var timings: [Double] = []
        var cpu: [Double] = []
        for _ in 0..<5 {
            let cpuBefore = Self.cpuSeconds()
            let clock = ContinuousClock()
            var page: Page<Run>?
            let elapsed = try await clock.measure {
                page = try await store.searchRuns(RunQuery(experimentIds: [Self.exp]), pageSize: 100, pageToken: nil)
            }
            #expect(page?.items.count == 100)
            #expect(page?.items.first?.info.runName == "run-1999")
            #expect(page?.items.first?.metrics.count == 5)
            timings.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            cpu.append(Self.cpuSeconds() - cpuBefore)
        }
        let best = timings.min() ?? .infinity
        print("listing 2000 runs: wall \(timings.map { ($0 * 1000).rounded() / 1000 }) s, cpu \(cpu.map { ($0 * 1000).rounded() / 1000 }) s")
        let clock = ContinuousClock()
        let paging = try await clock.measure {
            var token: String?
            var count = 0
            repeat {
                let page = try await store.searchRuns(RunQuery(experimentIds: [Self.exp]), pageSize: 100, pageToken: token)
                count += page.items.count
                token = page.nextPageToken
            } while token != nil
            #expect(count == 2_000)
        }
        print("paging through 2000 runs by 100: \(paging)")
        #expect(store.warnings.isEmpty)
        #expect(best < 2.0)
    }
}
