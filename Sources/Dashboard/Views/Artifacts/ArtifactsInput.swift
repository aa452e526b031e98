import MLflowCore
import TerminalCore

/// A key in the artifacts room: the filter prompt while it is open, else its own table, then the global one.
func handleArtifactsKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    if state.artifacts.filtering { return handleArtifactsFilterKey(&state, key) }
    guard let action = Keymap.action(for: key, in: [.artifacts, .global]) else { return [] }
    return artifactsKeyAction(&state, action)
}

/// What a bound key does in the tree.
func artifactsKeyAction(_ state: inout DashboardState, _ action: Action) -> [Effect] {
    let page = max(1, artifactsListRows(state) - 1)
    switch action {
    case .moveUp: moveArtifactsCursor(&state, by: -1)
    case .moveDown: moveArtifactsCursor(&state, by: 1)
    case .pageUp: moveArtifactsCursor(&state, by: -page)
    case .pageDown: moveArtifactsCursor(&state, by: page)
    case .moveToTop: moveArtifactsCursor(&state, by: Int.min / 2)
    case .moveToBottom: moveArtifactsCursor(&state, by: Int.max / 2)
    case .openSelected: return openSelectedArtifact(&state)
    case .goBack:
        if !state.artifacts.filter.isEmpty {
            state.artifacts.filter = ""
            rebuildArtifactRows(&state)
            return []
        }
        return closeArtifacts(&state)
    case .artifacts(let inner): return reduceArtifacts(&state, inner)
    case .focusNextPane, .focusPreviousPane:
        // Leaving for another pane closes the tree (its requests cancelled), as `Esc` does.
        return closeArtifacts(&state) + reduce(&state, action)
    default: return reduce(&state, action)
    }
    return []
}

/// Typing the name filter: applied as typed; `Enter` keeps it, `Esc` drops it.
func handleArtifactsFilterKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    switch key {
    case .char(let c): state.artifacts.filter.append(c)
    case .backspace: if !state.artifacts.filter.isEmpty { state.artifacts.filter.removeLast() }
    case .ctrl("u"): state.artifacts.filter = ""
    case .escape:
        state.artifacts.filter = ""
        state.artifacts.filtering = false
    case .enter:
        state.artifacts.filtering = false
        return []
    case .up: moveArtifactsCursor(&state, by: -1); return []
    case .down: moveArtifactsCursor(&state, by: 1); return []
    case .ctrl("c"): return reduce(&state, .quit)
    case .ctrl("z"): return reduce(&state, .suspend)
    default: return []
    }
    rebuildArtifactRows(&state)
    scheduleTotalOfSelection(&state)
    return []
}

/// `Enter`/`l`/`→`: opens a closed folder (listing it the first time), goes into an open one,
/// resolves a registered version to its files, opens a file in the pager or the image preview,
/// and lists a folder that failed again.
func openSelectedArtifact(_ state: inout DashboardState) -> [Effect] {
    guard let row = state.artifacts.selectedRow else { return [] }
    switch row.kind {
    case .file:
        guard let key = row.id.root, let root = state.artifacts.root(key), let owner = root.owner, let path = row.id.path else { return [] }
        return openArtifactFile(&state, ArtifactFileRef(owner: owner, path: path, size: row.size, ownerLabel: root.ownerLabel, runId: root.runId))
    case .failed:
        guard let key = row.id.root else { return reloadArtifacts(&state) }
        if let path = row.id.path { return listFolder(&state, ArtifactFolderKey(key, path)) + rebuilt(&state) }
        guard let root = state.artifacts.root(key) else { return [] }
        return root.owner == nil ? resolveVersion(&state, root) : listFolder(&state, root.folder) + rebuilt(&state)
    case .loading, .note:
        return []
    case .root, .folder, .versionsGroup:
        if state.artifacts.expanded.contains(row.id) {
            // Already open: into its first row.
            if let next = state.artifacts.rows[safe: state.artifacts.cursor.selected + 1], next.depth > row.depth {
                moveArtifactsCursor(&state, by: 1)
            }
            return []
        }
        state.artifacts.expanded.insert(row.id)
        if row.kind == .root, let root = state.artifacts.root(row.id.root), root.owner == nil {
            return resolveVersion(&state, root)
        }
        var effects: [Effect] = []
        if let folder = state.artifacts.folderKey(of: row) {
            let load = state.artifacts.listings[folder]?.load
            if load == nil || load?.isFailed == true { effects += listFolder(&state, folder) }
            rebuildArtifactRows(&state)
            effects += wantTotal(&state, folder)
        } else {
            rebuildArtifactRows(&state)
        }
        return effects
    }
}

/// Rebuilds the rows; no store work.
private func rebuilt(_ state: inout DashboardState) -> [Effect] {
    rebuildArtifactRows(&state)
    return []
}

/// Asks where a registered version's files are (its row shows a spinner meanwhile).
private func resolveVersion(_ state: inout DashboardState, _ root: ArtifactTreeRoot) -> [Effect] {
    guard case .version(let name, let version) = root.key,
          let index = state.artifacts.roots.firstIndex(where: { $0.key == root.key }) else { return [] }
    var effects = cancelPending(root.resolve)
    let id = state.makeRequestId()
    state.artifacts.roots[index].resolve = .loading(requestId: id)
    state.artifacts.expanded.insert(.root(root.key))
    effects.append(.artifacts(.resolveVersion(requestId: id, name: name, version: version)))
    rebuildArtifactRows(&state)
    return effects
}

/// `h`/`←`: closes an open folder, else goes to the row it is in.
func collapseOrParent(_ state: inout DashboardState) {
    guard let row = state.artifacts.selectedRow else { return }
    if row.isContainer, state.artifacts.expanded.contains(row.id) {
        state.artifacts.expanded.remove(row.id)
        rebuildArtifactRows(&state)
        scheduleTotalOfSelection(&state)
        return
    }
    let index = state.artifacts.cursor.selected
    guard row.depth > 0, let parent = state.artifacts.rows[..<index].lastIndex(where: { $0.depth < row.depth }) else { return }
    moveArtifactsCursor(&state, by: parent - index)
}

/// The selected artifact's owner and path, and whether it is a folder (a root is its whole folder).
private func selectedArtifact(_ state: DashboardState) -> (root: ArtifactTreeRoot, path: String, isFolder: Bool)? {
    guard let row = state.artifacts.selectedRow, let root = state.artifacts.root(row.id.root), root.owner != nil else { return nil }
    switch row.kind {
    case .root: return (root, root.base, true)
    case .folder: return row.id.path.map { (root, $0, true) }
    case .file: return row.id.path.map { (root, $0, false) }
    default: return nil
    }
}

/// `d`: asks where to download the selected file or folder.
func downloadSelectedArtifact(_ state: inout DashboardState) -> [Effect] {
    guard let (root, path, isFolder) = selectedArtifact(state), let owner = root.owner else {
        state.status.showMessage("select a file or a folder to download", now: state.now)
        return []
    }
    let label = path == root.base ? root.label : root.label + ": " + path
    return beginDownload(&state, ArtifactRootRef(owner: owner, path: path, label: label, runId: root.runId), isFolder: isFolder)
}

/// `y`: copies the selected artifact's URI (`runs:/…`, `models:/…`) with OSC 52.
func copySelectedArtifactURI(_ state: inout DashboardState) -> [Effect] {
    let uri: String
    if let row = state.artifacts.selectedRow, row.kind == .root, case .version(let name, let version)? = row.id.root {
        uri = "models:/\(name)/\(version)"
    } else if let (root, path, _) = selectedArtifact(state), let owner = root.owner {
        uri = ResolvedArtifactSource(owner: owner, path: path).uri
    } else {
        state.status.showMessage("select a file or a folder to copy its URI", now: state.now)
        return []
    }
    state.status.showMessage("copied \(uri)", now: state.now)
    return [.copyToClipboard(uri)]
}

/// The wheel scrolls the tree; a click selects the row under it.
func handleArtifactsMouse(_ state: inout DashboardState, _ event: MouseEvent) -> [Effect] {
    switch event {
    case .scrollUp: moveArtifactsCursor(&state, by: -3)
    case .scrollDown: moveArtifactsCursor(&state, by: 3)
    case .click(_, let y):
        // Rows start below the box's top border and the header, from the row the table shows first.
        let visible = artifactsListRows(state)
        let line = y - ArtifactsView.body(state.size).y - 2
        guard line >= 0, line < visible else { return [] }
        let first = Table.scrollOffset(selected: state.artifacts.cursor.selected, offset: state.artifacts.cursor.scroll,
                                       visibleRows: visible, rowCount: state.artifacts.rows.count)
        let target = first + line
        guard target < state.artifacts.rows.count else { return [] }
        state.artifacts.cursor.scroll = first
        moveArtifactsCursor(&state, by: target - state.artifacts.cursor.selected)
    }
    return []
}
