import MLflowCore
import TerminalCore

/// How long the cursor rests on a folder before its total is asked for.
let artifactsTotalsDelay: Int64 = 150
/// Entries a recursive listing reads before it stops (the total then stays a lower bound).
let artifactsCrawlCap = 200_000
/// Folders whose totals are remembered as wanted.
let artifactsWantedCap = 32

/// Applies one of the artifacts room's actions (stale store answers dropped by request id).
func reduceArtifacts(_ state: inout DashboardState, _ action: ArtifactsAction) -> [Effect] {
    switch action {
    case .collapseOrParent: collapseOrParent(&state)
    case .downloadSelected: return downloadSelectedArtifact(&state)
    case .copyURI: return copySelectedArtifactURI(&state)
    case .beginFilter: state.artifacts.filtering = true
    case let .folderListed(id, folder, entries):
        guard state.artifacts.listings[folder]?.load.pendingRequestId == id else { return [] }
        state.artifacts.store(entries, for: folder)
        var effects = listOpenSubfolders(&state, of: folder)
        rebuildArtifactRows(&state)
        effects += startNextCrawl(&state)
        return effects
    case let .crawled(id, root, folders):
        guard state.artifacts.crawl?.requestId == id else { return [] }
        return crawled(&state, root: root, folders)
    case let .crawlFinished(id, stopped):
        guard let crawl = state.artifacts.crawl, crawl.requestId == id else { return [] }
        state.artifacts.crawl = nil
        // Capped: the folder keeps its lower bound and is not crawled again until `r`.
        if stopped { state.artifacts.totalsWanted.removeAll { $0 == crawl.folder } }
        return startNextCrawl(&state)
    case let .loggedModelsLoaded(id, models):
        guard state.artifacts.loggedModelsLoad.pendingRequestId == id else { return [] }
        state.artifacts.loggedModelsLoad = .loaded
        let roots = models.sorted { ($0.name, $0.modelId) < ($1.name, $1.modelId) }.map { model in
            ArtifactTreeRoot(key: .files(.loggedModel(model.modelId), path: ""), label: "logged model \(model.name) (\(model.modelId))",
                             ownerLabel: "logged model \(model.name)", owner: .loggedModel(model.modelId), base: "", runId: model.sourceRunId,
                             origin: .loggedModel)
        }
        replaceRoots(&state, where: { $0.origin == .loggedModel }, with: roots)
    case let .versionsLoaded(id, versions):
        guard state.artifacts.versionsLoad.pendingRequestId == id else { return [] }
        state.artifacts.versionsLoad = .loaded
        let roots = versions.sorted { ($0.name, Int($0.version) ?? 0) < ($1.name, Int($1.version) ?? 0) }.map { version in
            let aliases = version.aliases.isEmpty ? "" : " (" + version.aliases.joined(separator: ", ") + ")"
            return ArtifactTreeRoot(key: .version(name: version.name, version: version.version), label: "\(version.name) v\(version.version)\(aliases)",
                                    ownerLabel: "model \(version.name) v\(version.version)", owner: nil, base: "", runId: version.runId,
                                    origin: .version)
        }
        replaceRoots(&state, where: \.inVersionsGroup, with: roots)
    case let .versionResolved(id, name, version, owner, path):
        let key = ArtifactRootKey.version(name: name, version: version)
        guard let index = state.artifacts.roots.firstIndex(where: { $0.key == key }),
              state.artifacts.roots[index].resolve.pendingRequestId == id else { return [] }
        state.artifacts.roots[index].resolve = .loaded
        state.artifacts.roots[index].owner = owner
        state.artifacts.roots[index].base = path
        let folder = state.artifacts.roots[index].folder
        var effects = listFolder(&state, folder)
        rebuildArtifactRows(&state)
        effects += wantTotal(&state, folder)
        return effects
    }
    return []
}

/// Replaces the roots `matching` with `roots`, keeping what the old ones of the same key had
/// (a version's resolution) and the cursor where it was.
private func replaceRoots(_ state: inout DashboardState, where matching: (ArtifactTreeRoot) -> Bool, with roots: [ArtifactTreeRoot]) {
    let old = Dictionary(state.artifacts.roots.filter(matching).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    let kept = roots.map { old[$0.key] ?? $0 }
    var all = state.artifacts.roots.filter { !matching($0) }
    // Logged models after the roots the room was opened on, versions last.
    let versionsStart = all.firstIndex(where: \.inVersionsGroup) ?? all.count
    if kept.first?.inVersionsGroup == true { all += kept } else { all.insert(contentsOf: kept, at: versionsStart) }
    state.artifacts.roots = all
    rebuildArtifactRows(&state)
}

/// Folders of a recursive listing: stored (a folder's own pending request gives way to them),
/// totals updated, and the rows rebuilt when one of them is open.
private func crawled(_ state: inout DashboardState, root: ArtifactRootKey, _ folders: [ArtifactCrawledFolder]) -> [Effect] {
    var effects: [Effect] = []
    var shown = false
    for folder in folders {
        let key = ArtifactFolderKey(root, folder.path)
        if let pending = state.artifacts.listings[key]?.load.pendingRequestId { effects.append(.cancel(requestId: pending)) }
        if let error = folder.error {
            state.artifacts.storeFailure(error, for: key)
        } else {
            state.artifacts.store(folder.entries, for: key)
        }
        if isOpen(state.artifacts, key) { shown = true }
    }
    if shown { rebuildArtifactRows(&state) }
    return effects
}

/// Whether a folder's entries are on screen (it is open).
private func isOpen(_ artifacts: ArtifactsState, _ folder: ArtifactFolderKey) -> Bool {
    if artifacts.root(folder.root)?.base == folder.path, artifacts.expanded.contains(.root(folder.root)) { return true }
    return artifacts.expanded.contains(.entry(folder.root, folder.path))
}

/// Asks for the listings of the open folders under `folder` that have none (after `r`, the open
/// tree comes back as it was).
private func listOpenSubfolders(_ state: inout DashboardState, of folder: ArtifactFolderKey) -> [Effect] {
    guard let listing = state.artifacts.listings[folder] else { return [] }
    var effects: [Effect] = []
    for sub in listing.subfolders where state.artifacts.expanded.contains(.entry(folder.root, sub)) {
        let key = ArtifactFolderKey(folder.root, sub)
        if state.artifacts.listings[key] == nil { effects += listFolder(&state, key) }
    }
    return effects
}

/// Asks for one folder's listing (its row shows a spinner until it arrives).
func listFolder(_ state: inout DashboardState, _ folder: ArtifactFolderKey) -> [Effect] {
    guard let owner = state.artifacts.root(folder.root)?.owner else { return [] }
    var effects = cancelPending(state.artifacts.listings[folder]?.load ?? .idle)
    let id = state.makeRequestId()
    state.artifacts.listings[folder] = ArtifactListing(load: .loading(requestId: id))
    effects.append(.artifacts(.listFolder(requestId: id, folder, owner: owner)))
    return effects
}

/// Rows of the tree at the current size.
func artifactsListRows(_ state: DashboardState) -> Int {
    ArtifactsView.listRows(state)
}

/// Rebuilds the rows (after a listing, an expand, a filter change); the cursor stays on its artifact.
func rebuildArtifactRows(_ state: inout DashboardState) {
    let rows = state.artifacts.buildRows()
    state.artifacts.setRows(rows, height: artifactsListRows(state))
}

/// Moves the cursor; a folder it rests on gets its total asked for after `artifactsTotalsDelay`.
func moveArtifactsCursor(_ state: inout DashboardState, by delta: Int) {
    state.artifacts.moveCursor(by: delta, height: artifactsListRows(state))
    scheduleTotalOfSelection(&state)
}

/// Schedules the selected folder's total, unless it is known.
func scheduleTotalOfSelection(_ state: inout DashboardState) {
    guard let row = state.artifacts.selectedRow, let folder = state.artifacts.folderKey(of: row),
          state.artifacts.totals[folder]?.complete != true, state.artifacts.crawl?.folder != folder else {
        state.artifacts.totalsDueAt = nil
        return
    }
    state.artifacts.totalsDueAt = state.now + artifactsTotalsDelay
}

/// On each tick: the total of the folder the cursor rests on, when due.
func tickArtifacts(_ state: inout DashboardState) -> [Effect] {
    guard state.focus == .artifacts || state.artifacts.crawl != nil, let due = state.artifacts.totalsDueAt, state.now >= due else { return [] }
    state.artifacts.totalsDueAt = nil
    guard let row = state.artifacts.selectedRow, let folder = state.artifacts.folderKey(of: row) else { return [] }
    return wantTotal(&state, folder)
}

/// Puts `folder` first among the wanted totals; a recursive listing of another folder gives way to it.
func wantTotal(_ state: inout DashboardState, _ folder: ArtifactFolderKey) -> [Effect] {
    guard state.artifacts.totals[folder]?.complete != true else { return [] }
    state.artifacts.totalsWanted.removeAll { $0 == folder }
    state.artifacts.totalsWanted.insert(folder, at: 0)
    if state.artifacts.totalsWanted.count > artifactsWantedCap { state.artifacts.totalsWanted.removeLast() }
    guard let crawl = state.artifacts.crawl else { return startNextCrawl(&state) }
    // The running one goes on while this folder waits for its own listing.
    if crawl.folder == folder || state.artifacts.unlistedFolders(under: folder, limit: 1).frontier.isEmpty { return [] }
    // What the old listing found is kept; it resumes from there when its folder comes first again.
    state.artifacts.crawl = nil
    return [.cancel(requestId: crawl.requestId)] + startNextCrawl(&state)
}

/// Starts the recursive listing of the first wanted folder that still needs one.
func startNextCrawl(_ state: inout DashboardState) -> [Effect] {
    guard state.artifacts.crawl == nil else { return [] }
    var index = 0
    while index < state.artifacts.totalsWanted.count {
        let folder = state.artifacts.totalsWanted[index]
        guard let owner = state.artifacts.root(folder.root)?.owner, state.artifacts.totals[folder]?.complete != true else {
            state.artifacts.totalsWanted.remove(at: index)
            continue
        }
        let (frontier, waiting) = state.artifacts.unlistedFolders(under: folder)
        if frontier.isEmpty {
            // Its listings are on their way (then it is looked at again), or it cannot get further.
            if waiting { index += 1 } else { state.artifacts.totalsWanted.remove(at: index) }
            continue
        }
        let id = state.makeRequestId()
        state.artifacts.crawl = ArtifactCrawl(requestId: id, folder: folder)
        return [.artifacts(.crawl(requestId: id, root: folder.root, owner: owner, folders: frontier, maxEntries: artifactsCrawlCap))]
    }
    return []
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func artifactsRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    if let crawl = state.artifacts.crawl, crawl.requestId == id {
        // Totals are a nicety: the folder stays a lower bound, without an error of its own.
        state.artifacts.crawl = nil
        state.artifacts.totalsWanted.removeAll { $0 == crawl.folder }
        return false
    }
    if state.artifacts.loggedModelsLoad.pendingRequestId == id {
        state.artifacts.loggedModelsLoad = .failed(message)
        rebuildArtifactRows(&state)
        return true
    }
    if state.artifacts.versionsLoad.pendingRequestId == id {
        state.artifacts.versionsLoad = .failed(message)
        rebuildArtifactRows(&state)
        return true
    }
    if let index = state.artifacts.roots.firstIndex(where: { $0.resolve.pendingRequestId == id }) {
        state.artifacts.roots[index].resolve = .failed(message)
        rebuildArtifactRows(&state)
        return true
    }
    if let folder = state.artifacts.listings.first(where: { $0.value.load.pendingRequestId == id })?.key {
        state.artifacts.storeFailure(message, for: folder)
        rebuildArtifactRows(&state)
        return true
    }
    return false
}
