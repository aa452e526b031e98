import MLflowCore

/// Opens the pager on one artifact file: its first screen as soon as its first bytes arrive.
public func openPager(_ state: inout DashboardState, _ file: ArtifactFileRef) -> [Effect] {
    var effects = cancelPending(state.pager.load)
    var pager = PagerState()
    pager.returnTo = state.focus == .pager ? state.pager.returnTo : state.focus
    pager.wrap = state.pager.wrap
    pager.maxBytes = state.pager.maxBytes
    pager.file = file
    let id = state.makeRequestId()
    pager.load = .loading(requestId: id)
    state.pager = pager
    state.focus = .pager
    effects.append(.pager(.read(requestId: id, owner: file.owner, path: file.path, firstBytes: PagerState.firstChunkBytes, maxBytes: pager.maxBytes)))
    return effects
}
