import MLflowCore

/// `A`: the artifacts of the focused run (its files, its logged models, its registered versions).
func openArtifactsOfFocusedRun(_ state: inout DashboardState) -> [Effect] {
    guard let runId = state.focusedRunId else {
        state.status.showMessage("select a run to see its artifacts", now: state.now)
        return []
    }
    let label = state.focusedRunName ?? runId
    return openArtifacts(&state, roots: [ArtifactRootRef(owner: .run(runId), path: "", label: "run artifacts", runId: runId)],
                         ownerLabel: label, runId: runId)
}

/// Opens the artifact tree on `roots` (a run's root and its logged models; a model version's files).
func openArtifacts(_ state: inout DashboardState, roots: [ArtifactRootRef], ownerLabel: String, runId: String?) -> [Effect] {
    state.artifacts.returnTo = state.focus
    state.artifacts.runId = runId
    state.artifacts.ownerLabel = ownerLabel
    state.focus = .artifacts
    return []
}
