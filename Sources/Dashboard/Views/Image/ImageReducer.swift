import MLflowCore
import TerminalCore

/// Applies one of the image room's actions.
func reduceImage(_ state: inout DashboardState, _ action: ImageAction) -> [Effect] {
    switch action {
    case .download:
        guard let file = state.image.file else { return [] }
        return beginDownload(&state, ArtifactRootRef(owner: file.owner, path: file.path, label: file.ownerLabel, runId: file.runId), isFolder: false)
    case let .loaded(id, preview):
        guard state.image.load.pendingRequestId == id else { return [] }
        state.image.load = .loaded
        state.image.preview = preview
        state.image.previewRequestId = id
    case let .failed(id, message):
        guard state.image.load.pendingRequestId == id else { return [] }
        state.image.load = .failed(message)
        state.image.preview = nil
    }
    return []
}

/// A key in the image room: its own table, then the global one.
func handleImageKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let action = Keymap.action(for: key, in: [.image, .global]) else { return [] }
    if action == .goBack {
        let effects = cancelPending(state.image.load)
        if state.image.load.isLoading { state.image.load = .idle }
        goBack(&state)
        return effects
    }
    return reduce(&state, action)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func imageRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    guard state.image.load.pendingRequestId == id else { return false }
    state.image.load = .failed(message)
    state.image.preview = nil
    return true
}

/// `r`: reads what the room shows again.
func reloadImage(_ state: inout DashboardState) -> [Effect] {
    loadImage(&state)
}

/// After every action: puts the kitty image where the room's preview now is, moves it when the
/// preview moved (a resize, a reload) and deletes it when the room is left or covered (help, a prompt).
func followKittyImage(_ state: inout DashboardState) -> [Effect] {
    let wanted = kittyPlacement(state)
    guard wanted != state.image.kittyShown else { return [] }
    var effects: [Effect] = []
    if state.image.kittyShown != nil { effects.append(.image(.kittyGraphics(KittyGraphics.delete()))) }
    if let wanted, let kitty = state.image.preview?.kitty {
        effects.append(.image(.kittyGraphics(KittyGraphics.display(kitty, at: wanted))))
    }
    state.image.kittyShown = wanted
    return effects
}

/// Where the kitty image belongs now: over the preview's cells, while the room shows an image
/// uncovered; nil otherwise.
func kittyPlacement(_ state: DashboardState) -> KittyPlacement? {
    guard state.focus == .image, state.image.kittyGraphics, !state.quitting, !state.showHelp, state.input == .none,
          state.downloads.prompt == nil, let preview = state.image.preview, preview.kitty != nil,
          case .loaded = state.image.load
    else { return nil }
    let cells = ImageLayout(state).previewCells(preview)
    guard !cells.isEmpty else { return nil }
    return KittyPlacement(imageRequestId: state.image.previewRequestId, x: cells.x, y: cells.y, columns: cells.width, rows: cells.height)
}
