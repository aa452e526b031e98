import MLflowCore

/// `A`: the artifacts of the focused run (its files, its logged models, its registered versions).
func openArtifactsOfFocusedRun(_ state: inout DashboardState) -> [Effect] {
    guard let runId = state.focusedRunId else {
        state.status.showMessage("select a run to see its artifacts", now: state.now)
        return []
    }
    let label = state.focusedRunName ?? runId
    var effects = openArtifacts(&state, roots: [ArtifactRootRef(owner: .run(runId), path: "", label: "run artifacts", runId: runId)],
                                ownerLabel: label, runId: runId)
    state.artifacts.showsVersions = true
    state.artifacts.expanded.insert(.versionsGroup)
    effects += loadRunModels(&state, runId: runId)
    rebuildArtifactRows(&state)
    return effects
}

/// Opens the artifact tree on `roots` (a run's root and its logged models; a model version's files).
func openArtifacts(_ state: inout DashboardState, roots: [ArtifactRootRef], ownerLabel: String, runId: String?) -> [Effect] {
    var effects = cancelArtifactsWork(state.artifacts)
    var artifacts = ArtifactsState()
    artifacts.returnTo = state.focus == .artifacts ? state.artifacts.returnTo : state.focus
    artifacts.runId = runId
    artifacts.ownerLabel = ownerLabel
    artifacts.roots = roots.map { ref in
        ArtifactTreeRoot(key: .files(ref.owner, path: ref.path), label: ref.label, ownerLabel: ownerLabel, owner: ref.owner,
                         base: ref.path, runId: ref.runId)
    }
    for root in artifacts.roots { artifacts.expanded.insert(.root(root.key)) }
    state.artifacts = artifacts
    state.focus = .artifacts
    for root in state.artifacts.roots { effects += listFolder(&state, root.folder) }
    rebuildArtifactRows(&state)
    if let first = state.artifacts.roots.first { effects += wantTotal(&state, first.folder) }
    return effects
}

/// Asks for the run's logged models and the registered versions whose source it is.
private func loadRunModels(_ state: inout DashboardState, runId: String) -> [Effect] {
    var effects = cancelPending(state.artifacts.loggedModelsLoad) + cancelPending(state.artifacts.versionsLoad)
    let models = state.makeRequestId()
    let versions = state.makeRequestId()
    state.artifacts.loggedModelsLoad = .loading(requestId: models)
    state.artifacts.versionsLoad = .loading(requestId: versions)
    effects.append(.artifacts(.loadLoggedModels(requestId: models, runId: runId)))
    effects.append(.artifacts(.loadVersions(requestId: versions, runId: runId)))
    return effects
}

/// Cancels every request of the room: listings, the recursive listing, models, versions.
func cancelArtifactsWork(_ artifacts: ArtifactsState) -> [Effect] {
    var loads = artifacts.listings.values.map(\.load) + artifacts.roots.map(\.resolve)
    loads += [artifacts.loggedModelsLoad, artifacts.versionsLoad]
    var effects = loads.flatMap(cancelPending)
    if let crawl = artifacts.crawl { effects.append(.cancel(requestId: crawl.requestId)) }
    return effects
}

/// `Esc`: back to where the tree was opened; its requests are cancelled.
func closeArtifacts(_ state: inout DashboardState) -> [Effect] {
    let effects = cancelArtifactsWork(state.artifacts)
    goBack(&state)
    let returnTo = state.artifacts.returnTo
    state.artifacts = ArtifactsState()
    state.artifacts.returnTo = returnTo
    return effects
}

/// `r`: reads what the room shows again; the open folders stay open and the cursor where it was.
func reloadArtifacts(_ state: inout DashboardState) -> [Effect] {
    var effects = cancelArtifactsWork(state.artifacts)
    state.artifacts.listings = [:]
    state.artifacts.totals = [:]
    state.artifacts.crawl = nil
    state.artifacts.totalsWanted = []
    state.artifacts.totalsDueAt = nil
    for index in state.artifacts.roots.indices where state.artifacts.roots[index].resolve.isLoading || state.artifacts.roots[index].resolve.isFailed {
        state.artifacts.roots[index].resolve = .idle
        state.artifacts.expanded.remove(.root(state.artifacts.roots[index].key))
    }
    if state.artifacts.showsVersions, let runId = state.artifacts.runId { effects += loadRunModels(&state, runId: runId) }
    for root in state.artifacts.roots where root.owner != nil && state.artifacts.expanded.contains(.root(root.key)) {
        effects += listFolder(&state, root.folder)
    }
    rebuildArtifactRows(&state)
    if let row = state.artifacts.selectedRow, let folder = state.artifacts.folderKey(of: row) {
        effects += wantTotal(&state, folder)
    } else if let first = state.artifacts.roots.first, first.owner != nil {
        effects += wantTotal(&state, first.folder)
    }
    return effects
}
