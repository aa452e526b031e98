import Dashboard
import Foundation
import MLflowCore
import Testing
import TerminalCore

/// Handling one key and drawing the next frame with 20,000 runs loaded at 200x60
/// (reduce + render + diff, in process). The 2 ms bound is checked in release builds
/// (`swift test -c release --filter FrameBenchmark`); debug builds only report the figure.
@Suite struct FrameBenchmarkTests {
    static func manyRuns(_ count: Int) -> [Run] {
        (0..<count).map { i in
            let metrics = (0..<10).map { m in
                Metric(key: "metric_\(m)", value: Double((i * 7 + m * 13) % 1_000) / 997, timestamp: 1_700_000_000_000, step: 100)
            }
            let params = (0..<10).map { p in KeyValue(key: "param_\(p)", value: "\((i + p) % (p + 3))") }
            var tags = [KeyValue(key: SystemTag.user, value: "ana"), KeyValue(key: SystemTag.sourceName, value: "train.py")]
            if i % 10 != 0 { tags.append(KeyValue(key: SystemTag.parentRunId, value: String(format: "%032d", i - i % 10))) }
            return Run(
                info: RunInfo(runId: String(format: "%032d", i), runName: "run-\(i)", experimentId: "1", userId: "ana",
                              status: i % 50 == 0 ? .running : .finished, startTime: 1_700_000_000_000 + Int64(i) * 1_000,
                              endTime: i % 50 == 0 ? nil : 1_700_000_060_000 + Int64(i) * 1_000),
                params: params, tags: tags.sortedByKey(), metrics: metrics)
        }
    }

    @Test func keyToFrameWith20000Runs() {
        var state = DashboardState(storeURI: "sqlite:///mlflow.db", size: Size(width: 200, height: 60), now: 1_700_100_000_000)
        if case .loadExperiments(let id, _)? = reduce(&state, .start).first {
            _ = reduce(&state, .experimentsLoaded(requestId: id, [Experiment(experimentId: "1", name: "big")]))
        }
        let runs = Self.manyRuns(20_000)
        if let id = runsRequestId(reduce(&state, .openSelected)) {
            for page in stride(from: 0, to: runs.count, by: 1_000) {
                _ = reduce(&state, .runsPageLoaded(requestId: id, Array(runs[page..<page + 1_000]), done: page + 1_000 == runs.count))
            }
        }
        #expect(state.runs.rows.count == 20_000)
        let context = RenderContext()
        var previous = CellBuffer(size: state.size)
        render(state, context, into: &previous)
        var samples: [Double] = []
        var changed = 0
        let keys: [Key] = Array(repeating: .char("j"), count: 150) + Array(repeating: .pageDown, count: 50)
            + Array(repeating: .char("k"), count: 100)
        for key in keys {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = reduce(&state, .key(key))
            var next = CellBuffer(size: state.size)
            render(state, context, into: &next)
            changed += next.diff(from: previous).count
            previous = next
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        samples.sort()
        let median = samples[samples.count / 2]
        print("key to frame, 20,000 runs, 200x60: median \(String(format: "%.3f", median)) ms, p90 \(String(format: "%.3f", samples[samples.count * 9 / 10])) ms, \(changed / keys.count) cells changed per frame")
        #expect(changed > 0)
        #if !DEBUG
        #expect(median < 2.0)
        #endif
    }
}
