import Dashboard
import Foundation
import MLflowCore
import TerminalCore

/// The comparison of `runs` runs with `params` params each (and 20 metrics), at `size`: the time
/// from the runs' arrival to the first frame drawn (the comparison built, laid out and drawn), and
/// one key to the next frame (reduce + render + diff). Prints one JSON line.
func benchmarkComparison(runs runCount: Int, params paramCount: Int, size: Size) {
    let runs: [Run] = (0..<runCount).map { i in
        // Most params equal in every run, one in ten varying, so that diff-only hides most.
        let params = (0..<paramCount).map { p in
            KeyValue(key: String(format: "param_%04d", p), value: p % 10 == 0 ? "\((i * 31 + p) % 97)" : "value-\(p)")
        }
        let metrics = (0..<20).map { (m: Int) -> Metric in
            let key: String = m % 2 == 0 ? "loss_\(m)" : "acc_\(m)"
            let value = Double((i * 13 + m * 7) % 1_000) / 997
            return Metric(key: key, value: value, timestamp: 1_700_000_000_000, step: 100)
        }
        return Run(
            info: RunInfo(runId: String(format: "%032d", i), runName: "run-\(i % 50)", experimentId: i % 2 == 0 ? "1" : "2", userId: "ana",
                          status: .finished, startTime: 1_700_000_000_000 + Int64(i) * 1_000, endTime: 1_700_000_060_000 + Int64(i) * 1_000),
            params: params, tags: [KeyValue(key: "team", value: "t\(i % 3)")], metrics: metrics)
    }
    let context = RenderContext()
    var opened: [Double] = []
    var keySamples: [Double] = []
    var cells = 0
    var slowest: [String: Double] = [:]
    for round in 0..<7 {
        var state = DashboardState(storeURI: "sqlite:///mlflow.db", size: size, now: 1_700_100_000_000)
        state.marks.add(runs.map { RunMarks.Mark(runId: $0.info.runId, runName: $0.info.runName, experimentId: $0.info.experimentId, experimentName: "e\($0.info.experimentId)") })
        var previous = CellBuffer(size: size)
        render(state, context, into: &previous)
        guard case .loadComparedRuns(let id, _)? = reduce(&state, .compareMarkedRuns).last else {
            FileHandle.standardError.write(Data("runboard-framebench: the comparison asked for no runs\n".utf8))
            exit(1)
        }
        let start = DispatchTime.now().uptimeNanoseconds
        _ = reduce(&state, .compare(.runsLoaded(requestId: id, runs, missing: [])))
        var frame = CellBuffer(size: size)
        render(state, context, into: &frame)
        _ = frame.diff(from: previous)
        opened.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        previous = frame
        guard state.compare.view.comparison?.columns.count == runCount else {
            FileHandle.standardError.write(Data("runboard-framebench: the comparison did not build\n".utf8))
            exit(1)
        }
        guard round < 3 else { continue }
        // Rows, pages, columns sideways, baseline, the metric direction: what a user does.
        var keys: [Key] = Array(repeating: .char("j"), count: 40) + Array(repeating: .pageDown, count: 10)
        keys += Array(repeating: .char("l"), count: 30) + [.char("b")] + Array(repeating: .char("h"), count: 10)
        keys += [.char("G"), .char("k"), .char("x"), .char("g")] + Array(repeating: .char("k"), count: 5)
        for key in keys {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = reduce(&state, .key(key))
            var next = CellBuffer(size: size)
            render(state, context, into: &next)
            let changed = next.diff(from: previous).count
            previous = next
            if round > 0 {
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                keySamples.append(elapsed)
                cells += changed
                slowest[key.label] = max(slowest[key.label] ?? 0, elapsed)
            }
        }
    }
    let open = Array(opened.dropFirst()).sorted()
    keySamples.sort()
    let slow = slowest.sorted { $0.key < $1.key }.map { String(format: "\"%@\":%.3f", $0.key, $0.value) }.joined(separator: ",")
    print(String(format: "{\"compare_runs\":%d,\"compare_params\":%d,\"size\":\"%dx%d\",\"open_median_ms\":%.3f,\"open_max_ms\":%.3f,\"key_median_ms\":%.3f,\"key_p90_ms\":%.3f,\"key_frames\":%d,\"cells_per_frame\":%d,\"slowest_ms_by_key\":{%@}}",
                 runCount, paramCount, size.width, size.height, open[open.count / 2], open.last ?? 0,
                 keySamples[keySamples.count / 2], keySamples[keySamples.count * 9 / 10], keySamples.count, cells / max(1, keySamples.count), slow))
}
