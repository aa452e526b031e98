import MLflowCore
import TerminalCore

/// Applies one of the models room's actions; store answers of superseded requests are dropped by id.
func reduceModels(_ state: inout DashboardState, _ action: ModelsAction) -> [Effect] {
    switch action {
    case .beginFilter:
        guard state.models.versionsOf == nil else { return [] }
        state.models.filtering = true
    case .openFiles: return resolveVersionFiles(&state, download: false)
    case .download: return resolveVersionFiles(&state, download: true)
    case .copyURI: return copyModelURI(&state)
    case let .modelsLoaded(id, models):
        guard state.models.modelsLoad.pendingRequestId == id else { return [] }
        state.models.models = models
        state.models.modelsLoad = .loaded
        let names = Set(models.map(\.name))
        state.models.latest = state.models.latest.filter { names.contains($0.key) }
        revealModelsCursor(&state)
    case let .latestLoaded(id, latest, done):
        guard state.models.latestLoad.pendingRequestId == id else { return [] }
        state.models.latest.merge(latest) { _, new in new }
        if done { state.models.latestLoad = .loaded }
    case let .versionsLoaded(id, name, versions):
        guard state.models.versionsLoad.pendingRequestId == id, state.models.versionsOf == name else { return [] }
        state.models.versions = versions
        state.models.versionsLoad = .loaded
        revealVersionsCursor(&state)
        // Every source run is read again: a run renamed or deleted since shows as it is now.
        let unnamed = Array(Set(versions.compactMap(\.runId).filter { !$0.isEmpty })).sorted()
        guard !unnamed.isEmpty else { return [] }
        let namesId = state.makeRequestId()
        state.models.runNamesLoad = .loading(requestId: namesId)
        return [.models(.loadRunNames(requestId: namesId, runIds: unnamed))]
    case let .runNamesLoaded(id, names, gone):
        guard state.models.runNamesLoad.pendingRequestId == id else { return [] }
        state.models.runNames.merge(names) { _, new in new }
        state.models.goneRuns.formUnion(gone)
        state.models.goneRuns.subtract(names.keys)
        state.models.runNamesLoad = .loaded
    case let .sourceRunLoaded(id, run):
        guard state.models.jumpLoad.pendingRequestId == id else { return [] }
        state.models.jumpLoad = .loaded
        state.models.runNames[run.info.runId] = run.info.runName
        return showSourceRun(&state, run)
    case let .filesResolved(id, root, download):
        guard state.models.filesLoad.pendingRequestId == id else { return [] }
        state.models.filesLoad = .loaded
        if download { return beginDownload(&state, root, isFolder: true) }
        return openArtifacts(&state, roots: [root], ownerLabel: root.label, runId: root.runId)
    }
    return []
}

/// A key in the models room: the filter while typing into it, else its own table, then the global one.
func handleModelsKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    if state.models.filtering { return handleModelsFilterKey(&state, key) }
    guard let action = Keymap.action(for: key, in: [.models, .global]) else { return [] }
    return modelsKeyAction(&state, action)
}

/// What a bound key does in the models room.
func modelsKeyAction(_ state: inout DashboardState, _ action: Action) -> [Effect] {
    let page = max(1, ModelsLayout(state).listRows)
    let onVersions = state.models.versionsOf != nil
    switch action {
    case .moveUp: moveModelsCursor(&state, by: -1)
    case .moveDown: moveModelsCursor(&state, by: 1)
    case .pageUp: moveModelsCursor(&state, by: -page)
    case .pageDown: moveModelsCursor(&state, by: page)
    case .moveToTop: moveModelsCursor(&state, by: Int.min / 2)
    case .moveToBottom: moveModelsCursor(&state, by: Int.max / 2)
    case .openSelected: return onVersions ? jumpToSourceRun(&state) : openModelVersions(&state)
    case .goBack:
        if onVersions { return closeModelVersions(&state) }
        if !state.models.filter.isEmpty {
            state.models.filter = ""
            revealModelsCursor(&state)
            return []
        }
        goBack(&state)
    default: return reduce(&state, action)
    }
    return []
}

/// Typing into the `/` filter: the list narrows as you type; `Enter` keeps it, `Esc` drops it.
func handleModelsFilterKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    switch key {
    case .char(let c): state.models.filter.append(c)
    case .backspace: if !state.models.filter.isEmpty { state.models.filter.removeLast() }
    case .ctrl("u"): state.models.filter = ""
    case .up: moveModelsCursor(&state, by: -1)
    case .down: moveModelsCursor(&state, by: 1)
    case .enter: state.models.filtering = false
    case .escape:
        state.models.filtering = false
        state.models.filter = ""
    case .ctrl("c"): return reduce(&state, .quit)
    case .ctrl("z"): return reduce(&state, .suspend)
    default: break
    }
    revealModelsCursor(&state)
    return []
}

/// Moves the cursor of the level shown by `delta` rows.
func moveModelsCursor(_ state: inout DashboardState, by delta: Int) {
    if state.models.versionsOf != nil {
        let versions = state.models.versions
        guard !versions.isEmpty else { return }
        let row = min(max(0, state.models.versionRow.addingReportingOverflow(delta).partialValue), versions.count - 1)
        state.models.selectedVersion = versions[row].version
        revealVersionsCursor(&state)
    } else {
        let visible = state.models.visibleModels
        guard !visible.isEmpty else { return }
        let row = min(max(0, state.models.modelRow.addingReportingOverflow(delta).partialValue), visible.count - 1)
        state.models.selectedModel = visible[row].name
        revealModelsCursor(&state)
    }
}

/// Keeps the cursor on a shown model (the first, when its model is filtered out or gone) and in view.
func revealModelsCursor(_ state: inout DashboardState) {
    let visible = state.models.visibleModels
    if !visible.contains(where: { $0.name == state.models.selectedModel }) { state.models.selectedModel = visible.first?.name }
    state.models.modelsScroll = Table.scrollOffset(selected: state.models.modelRow, offset: state.models.modelsScroll,
                                                   visibleRows: ModelsLayout(state).listRows, rowCount: visible.count)
}

/// Keeps the cursor on a version that is there (the newest, when it is gone) and in view.
func revealVersionsCursor(_ state: inout DashboardState) {
    let versions = state.models.versions
    if !versions.contains(where: { $0.version == state.models.selectedVersion }) { state.models.selectedVersion = versions.first?.version }
    state.models.versionsScroll = Table.scrollOffset(selected: state.models.versionRow, offset: state.models.versionsScroll,
                                                     visibleRows: ModelsLayout(state).listRows, rowCount: versions.count)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was (the room shows
/// the failure where it happened, the status line the error).
func modelsRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    var matched = false
    func fail(_ load: inout LoadState) {
        guard load.pendingRequestId == id else { return }
        load = .failed(message)
        matched = true
    }
    fail(&state.models.modelsLoad)
    fail(&state.models.latestLoad)
    fail(&state.models.versionsLoad)
    fail(&state.models.runNamesLoad)
    fail(&state.models.jumpLoad)
    fail(&state.models.filesLoad)
    return matched
}
