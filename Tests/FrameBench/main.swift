import Dashboard
import Foundation
import MLflowCore
import TerminalCore

// Handling one key and drawing the next frame with 20,000 runs loaded at 200x60, in process:
// reduce + render + the diff the backend writes; and coming back to that experiment from another
// once its runs are loaded (the key that opens it to its first frame, sorted by a metric). Prints
// one JSON line for scripts/bench: {"median_ms":…,"p90_ms":…,"frames":…,"cells_per_frame":…,
// "return_median_ms":…}. `--runs N`, `--size WxH` change the scene. `--compare` times the comparison
// of 200 runs with 1,000 params each instead (`--runs`, `--params` change it; see CompareBench.swift).
// `--pager STORE_URI RUN_ID PATH` times the pager on a real `mlflow.db` instead (see PagerBench.swift).
// `--image` times one draw of the image preview's cells (see ImageBench.swift).

var runCount = 20_000
var size = Size(width: 200, height: 60)
var compare = false
var paramCount = 1_000
var pager: (uri: String, runId: String, path: String)?
var image = false
var rounds = 7
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--compare":
        compare = true
        if runCount == 20_000 { runCount = 200 }
    case "--pager":
        pager = (arguments.next() ?? "", arguments.next() ?? "", arguments.next() ?? "")
        if size == Size(width: 200, height: 60) { size = Size(width: 160, height: 48) }
    case "--image": image = true
    case "--rounds": rounds = arguments.next().flatMap(Int.init) ?? rounds
    case "--params": paramCount = arguments.next().flatMap(Int.init) ?? paramCount
    case "--runs": runCount = arguments.next().flatMap(Int.init) ?? runCount
    case "--size":
        let parts = (arguments.next() ?? "").split(separator: "x").compactMap { Int($0) }
        if parts.count == 2 { size = Size(width: parts[0], height: parts[1]) }
    default:
        FileHandle.standardError.write(Data("usage: runboard-framebench [--compare [--params N] | --pager STORE_URI RUN_ID PATH [--rounds N] | --image [--rounds N]] [--runs N] [--size WxH]\n".utf8))
        exit(2)
    }
}

if let pager {
    benchmarkPager(uri: pager.uri, runId: pager.runId, path: pager.path, size: size, rounds: rounds)
    exit(0)
}

if image {
    benchmarkImage(size: size, rounds: rounds)
    exit(0)
}

if compare {
    benchmarkComparison(runs: runCount, params: paramCount, size: size)
    exit(0)
}

/// Runs like a sweep's: 10 metrics and 10 params each, nine of every ten nested under a parent,
/// one in fifty still running.
func manyRuns(_ count: Int) -> [Run] {
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

var state = DashboardState(storeURI: "sqlite:///mlflow.db", size: size, now: 1_700_100_000_000)
if case .loadExperiments(let id, _)? = reduce(&state, .start).first {
    _ = reduce(&state, .experimentsLoaded(requestId: id, [Experiment(experimentId: "1", name: "big"), Experiment(experimentId: "2", name: "small")]))
}
_ = reduce(&state, .openSelected)
let runs = manyRuns(runCount)
if let id = state.runs.load.pendingRequestId {
    for page in stride(from: 0, to: runs.count, by: 1_000) {
        let end = min(page + 1_000, runs.count)
        _ = reduce(&state, .runsPageLoaded(requestId: id, Array(runs[page..<end]), done: end == runs.count))
    }
}
guard state.runs.rows.count == runCount else {
    FileHandle.standardError.write(Data("runboard-framebench: the scene did not load (\(state.runs.rows.count) rows)\n".utf8))
    exit(1)
}

let context = RenderContext()
var previous = CellBuffer(size: state.size)
render(state, context, into: &previous)
// Moves, pages, a sort and its reversal, the find filter typed and cleared: what a user does.
var keys: [Key] = Array(repeating: .char("j"), count: 150) + Array(repeating: .pageDown, count: 50)
keys += Array(repeating: .char("k"), count: 100) + [.char("s"), .char("s"), .char("S"), .char("G"), .char("g")]
keys += [.char("f")] + "run-19".map { .char($0) } + Array(repeating: .backspace, count: 6) + [.escape]
var samples: [Double] = []
var changed = 0
for round in 0..<3 {
    for key in keys {
        let start = DispatchTime.now().uptimeNanoseconds
        _ = reduce(&state, .key(key))
        var next = CellBuffer(size: state.size)
        render(state, context, into: &next)
        let cells = next.diff(from: previous).count
        previous = next
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        if round > 0 {  // the first round warms caches up
            samples.append(elapsed)
            changed += cells
        }
    }
}
samples.sort()
let median = samples[samples.count / 2]
let p90 = samples[samples.count * 9 / 10]

// Back to the loaded experiment from another one: Esc, down, Enter (the other's runs arrive),
// Esc, up, Enter; the last Enter to its frame is what is timed. Sorted by a metric, so the runs
// are sorted again in memory.
_ = reduce(&state, .runCommand("sort metrics.metric_3 desc"))
var returns: [Double] = []
for round in 0..<6 {
    _ = reduce(&state, .key(.escape))
    _ = reduce(&state, .key(.char("j")))
    for effect in reduce(&state, .key(.enter)) {
        if case .loadRuns(let id, _, _, _, _) = effect { _ = reduce(&state, .runsPageLoaded(requestId: id, [], done: true)) }
    }
    _ = reduce(&state, .key(.escape))
    _ = reduce(&state, .key(.char("k")))
    let start = DispatchTime.now().uptimeNanoseconds
    _ = reduce(&state, .key(.enter))
    var next = CellBuffer(size: state.size)
    render(state, context, into: &next)
    _ = next.diff(from: previous)
    previous = next
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
    guard state.runs.rows.count == runCount, state.runs.complete else {
        FileHandle.standardError.write(Data("runboard-framebench: coming back did not show the loaded runs\n".utf8))
        exit(1)
    }
    if round > 0 { returns.append(elapsed) }
    // The refresh behind the table is answered with the same runs.
    if let id = state.runs.load.pendingRequestId {
        _ = reduce(&state, .runsPageLoaded(requestId: id, runs, done: true))
    }
}
returns.sort()
print(String(format: "{\"median_ms\":%.3f,\"p90_ms\":%.3f,\"frames\":%d,\"cells_per_frame\":%d,\"runs\":%d,\"size\":\"%dx%d\",\"return_median_ms\":%.3f}",
             median, p90, samples.count, changed / max(1, samples.count), runCount, size.width, size.height, returns[returns.count / 2]))
