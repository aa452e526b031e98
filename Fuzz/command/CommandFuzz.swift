// The dashboard's `:` command line: each input line is run by the reducer on a state with runs
// loaded, the screen is drawn after it, and the line is completed as Tab completes it.
import MLflowCore
import TerminalCore
@testable import Dashboard

func makeRun(_ id: String, name: String, start: Int64, status: RunStatus, metrics: [String: Double], params: [String: String]) -> Run {
    Run(
        info: RunInfo(
            runId: id, runName: name, experimentId: "1", userId: "ana", status: status,
            startTime: start, endTime: status.isActive ? nil : start + 60_000, artifactUri: "file:///a/\(id)"),
        params: params.map { KeyValue(key: $0.key, value: $0.value) }.sortedByKey(),
        metrics: metrics.map { Metric(key: $0.key, value: $0.value, timestamp: start, step: 10) }.sorted { $0.key < $1.key })
}

/// Experiments 1 and 2 loaded, the runs of experiment 1 open (the reducer's own way there).
func loadedState() -> DashboardState {
    var state = DashboardState(storeURI: "sqlite:///mlflow.db", size: Size(width: 80, height: 24), now: 1_000_000)
    guard case .loadExperiments(let id, _)? = reduce(&state, .start).first else { fatalError("no loadExperiments after .start") }
    _ = reduce(&state, .experimentsLoaded(requestId: id, [
        Experiment(experimentId: "1", name: "alpha"), Experiment(experimentId: "2", name: "beta"),
    ]))
    _ = reduce(&state, .openSelected)
    guard let runsId = state.runs.load.pendingRequestId else { fatalError("no runs request after .openSelected") }
    _ = reduce(&state, .runsPageLoaded(requestId: runsId, [
        makeRun("r1", name: "first", start: 1_000, status: .finished, metrics: ["acc": 0.9, "loss": .nan], params: ["lr": "0.1"]),
        makeRun("r2", name: "second 名前", start: 2_000, status: .running, metrics: ["acc": -.infinity, "f1 score": 1e300], params: ["lr": "1e-3", "model": "cnn"]),
        makeRun("r3", name: "", start: 3_000, status: .failed, metrics: [:], params: [:]),
    ], done: true))
    return state
}

nonisolated(unsafe) let loaded = loadedState()
nonisolated(unsafe) var buffer = CellBuffer(size: Size(width: 80, height: 24))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self)
    var state = loaded
    let columns = columnNames(state)
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(8) {
        _ = reduce(&state, .runCommand(String(line)))
        _ = DashboardCommands.candidates(String(line), columns: columns)
        _ = DashboardCommands.complete(String(line), columns: columns)
    }
    render(state, RenderContext(), into: &buffer)
    return 0
}
