import Dashboard
import MLflowCore
import TerminalCore

/// A run with the given id, name, metrics and params, started at `start` ms.
func makeRun(
    _ id: String, name: String? = nil, experiment: String = "1", start: Int64 = 1_000, status: RunStatus = .finished,
    metrics: [String: Double] = [:], params: [String: String] = [:], parent: String? = nil, user: String = "ana"
) -> Run {
    var tags: [KeyValue] = []
    if let parent { tags.append(KeyValue(key: SystemTag.parentRunId, value: parent)) }
    return Run(
        info: RunInfo(
            runId: id, runName: name ?? "run-\(id)", experimentId: experiment, userId: user, status: status,
            startTime: start, endTime: status.isActive ? nil : start + 60_000, artifactUri: "file:///a/\(id)"),
        params: params.map { KeyValue(key: $0.key, value: $0.value) }.sortedByKey(),
        tags: tags,
        metrics: metrics.map { Metric(key: $0.key, value: $0.value, timestamp: start, step: 10) }.sorted { $0.key < $1.key }
    )
}

/// A state at 80x24 with experiments 1 ("alpha") and 2 ("beta") loaded, experiments focused.
func loadedState(experiments: [Experiment]? = nil) -> DashboardState {
    var state = DashboardState(storeURI: "sqlite:///mlflow.db", size: Size(width: 80, height: 24), now: 1_000_000)
    let effects = reduce(&state, .start)
    guard case .loadExperiments(let id, _)? = effects.first else { return state }
    _ = reduce(&state, .experimentsLoaded(requestId: id, experiments ?? [
        Experiment(experimentId: "1", name: "alpha"),
        Experiment(experimentId: "2", name: "beta"),
    ]))
    return state
}

/// The request id of the first `loadRuns` effect.
func runsRequestId(_ effects: [Effect]) -> Int? {
    for effect in effects {
        if case .loadRuns(let id, _, _, _, _) = effect { return id }
    }
    return nil
}

/// Opens the runs of the selected (or marked) experiments; returns the request id the runs pane
/// waits on (the one the preview started when it already asked for the same runs).
func openRuns(_ state: inout DashboardState) -> Int? {
    _ = reduce(&state, .openSelected)
    return state.runs.load.pendingRequestId
}

/// A state with the runs of experiment 1 opened and `runs` loaded in one page.
func stateWithRuns(_ runs: [Run]) -> DashboardState {
    var state = loadedState()
    if let id = openRuns(&state) {
        _ = reduce(&state, .runsPageLoaded(requestId: id, runs, done: true))
    }
    return state
}

/// Run names of the runs table, in row order, indented by depth.
func rowNames(_ state: DashboardState) -> [String] {
    state.runs.rows.map { String(repeating: " ", count: $0.depth) + state.runs.runs[$0.index].info.runName }
}
