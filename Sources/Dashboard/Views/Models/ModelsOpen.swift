import MLflowCore
import TerminalCore

/// `M`: the registered models (read anew; what was shown stays on screen meanwhile).
func openModels(_ state: inout DashboardState) -> [Effect] {
    if state.focus != .models { state.models.returnTo = state.focus }
    state.focus = .models
    return reloadModels(&state)
}

/// `r` (and `M` again): reads what the room shows again: the models, and the versions of the model
/// shown with their runs' names.
func reloadModels(_ state: inout DashboardState) -> [Effect] {
    var effects = loadModelList(&state)
    if let name = state.models.versionsOf {
        state.models.goneRuns = []
        effects += loadVersions(&state, name: name)
    }
    return effects
}

/// Asks for the registered models, then their newest versions.
func loadModelList(_ state: inout DashboardState) -> [Effect] {
    var effects = cancelPending(state.models.modelsLoad) + cancelPending(state.models.latestLoad)
    let id = state.makeRequestId()
    state.models.modelsLoad = .loading(requestId: id)
    state.models.latestLoad = .loading(requestId: id)
    effects.append(.models(.loadModels(requestId: id)))
    return effects
}

/// Asks for the versions of `name`.
func loadVersions(_ state: inout DashboardState, name: String) -> [Effect] {
    var effects = cancelPending(state.models.versionsLoad) + cancelPending(state.models.runNamesLoad)
    if state.models.runNamesLoad.isLoading { state.models.runNamesLoad = .idle }
    let id = state.makeRequestId()
    state.models.versionsLoad = .loading(requestId: id)
    effects.append(.models(.loadVersions(requestId: id, name: name)))
    return effects
}

/// `Enter` on a model: its versions (level 2).
func openModelVersions(_ state: inout DashboardState) -> [Effect] {
    guard let model = state.models.currentModel else { return [] }
    state.models.filtering = false
    if state.models.versionsOf != model.name {
        state.models.versions = []
        state.models.selectedVersion = nil
        state.models.versionsScroll = 0
    }
    state.models.versionsOf = model.name
    return loadVersions(&state, name: model.name)
}

/// `Esc` on the versions: back to the models, the cursor on the model it came from.
func closeModelVersions(_ state: inout DashboardState) -> [Effect] {
    let effects = cancelPending(state.models.versionsLoad) + cancelPending(state.models.runNamesLoad) + cancelPending(state.models.jumpLoad)
    if let name = state.models.versionsOf { state.models.selectedModel = name }
    state.models.versionsOf = nil
    state.models.versions = []
    state.models.versionsLoad = .idle
    state.models.runNamesLoad = .idle
    state.models.jumpLoad = .idle
    revealModelsCursor(&state)
    return effects
}

/// `Enter` on a version: reads its source run to find the run's experiment.
func jumpToSourceRun(_ state: inout DashboardState) -> [Effect] {
    guard let version = state.models.currentVersion else { return [] }
    let which = "version \(version.version) of \(SafeText.sanitize(version.name))"
    guard let runId = version.runId, !runId.isEmpty else {
        state.status.showMessage("\(which) has no source run", now: state.now)
        return []
    }
    if state.models.goneRuns.contains(runId) {
        state.status.showError("the source run \(SafeText.sanitize(runId)) of \(which) is gone from the store", now: state.now)
        return []
    }
    var effects = cancelPending(state.models.jumpLoad)
    let id = state.makeRequestId()
    state.models.jumpLoad = .loading(requestId: id)
    effects.append(.models(.loadSourceRun(requestId: id, runId: runId)))
    return effects
}

/// Opens the runs of `run`'s experiment with the run selected and its detail open, as `--run` does.
func showSourceRun(_ state: inout DashboardState, _ run: Run) -> [Effect] {
    let runId = run.info.runId
    guard run.info.lifecycleStage != .deleted else {
        state.status.showError("the source run \(SafeText.sanitize(run.info.runName)) (\(SafeText.sanitize(runId))) is deleted", now: state.now)
        return []
    }
    let experimentId = run.info.experimentId
    let experiments = state.experiments
    if let index = experiments.visible.firstIndex(where: { experiments.all[$0].experimentId == experimentId }) {
        state.experiments.cursor.select(index, count: experiments.visible.count)
        state.experiments.cursor.reveal(height: listHeight(state))
    }
    state.experiments.previewDueAt = nil
    state.focus = .runs
    state.openRunOnLoad = runId
    var effects = showRuns(&state, of: [experimentId])
    guard effects.isEmpty else { return effects }
    // The experiment's runs were on screen already: select the run now.
    state.openRunOnLoad = nil
    guard let row = state.runs.rows.firstIndex(where: { state.runs.runs[$0.index].info.runId == runId }) else {
        state.status.showError("the run \(SafeText.sanitize(run.info.runName)) is not among the runs shown (a search filter, or a folded parent?)", now: state.now)
        return []
    }
    state.runs.cursor.select(row, count: state.runs.rows.count)
    state.runs.cursor.reveal(height: listHeight(state))
    effects += openSelected(&state)
    return effects
}

/// `A`/`f` or `d`: the version under the cursor (on the models, the model's newest version):
/// finds where its files are, then browses or downloads them.
func resolveVersionFiles(_ state: inout DashboardState, download: Bool) -> [Effect] {
    guard let (name, version, runId) = chosenVersion(&state) else { return [] }
    var effects = cancelPending(state.models.filesLoad)
    let id = state.makeRequestId()
    state.models.filesLoad = .loading(requestId: id)
    effects.append(.models(.resolveFiles(requestId: id, name: name, version: version, label: "model \(name) v\(version)", runId: runId,
                                         download: download)))
    return effects
}

/// The version the file keys act on: the one under the cursor, or the model's newest; says why when there is none.
func chosenVersion(_ state: inout DashboardState) -> (name: String, version: String, runId: String?)? {
    if state.models.versionsOf != nil {
        guard let version = state.models.currentVersion else { return nil }
        return (version.name, version.version, version.runId.flatMap { $0.isEmpty ? nil : $0 })
    }
    guard let model = state.models.currentModel else { return nil }
    guard let latest = state.models.latest[model.name] else {
        state.status.showMessage(state.models.latestLoad.isLoading ? "still reading the model's versions" : "the model has no versions",
                                 now: state.now)
        return nil
    }
    return (model.name, latest, nil)
}

/// `y`: `models:/NAME/VERSION` of the version under the cursor (on the models, the newest).
func copyModelURI(_ state: inout DashboardState) -> [Effect] {
    guard let (name, version, _) = chosenVersion(&state) else { return [] }
    let uri = "models:/\(name)/\(version)"
    state.status.showMessage("copied \(SafeText.sanitize(uri))", now: state.now)
    return [.copyToClipboard(uri)]
}

/// Whether an error says the thing asked for does not exist.
func isNotFound(_ error: any Error) -> Bool {
    switch error as? MLflowError {
    case .notFound?: true
    case .server(let status, let code, _)?: status == 404 || code == "RESOURCE_DOES_NOT_EXIST"
    default: false
    }
}
