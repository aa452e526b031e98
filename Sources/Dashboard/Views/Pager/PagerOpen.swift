import MLflowCore

/// Opens the pager on one artifact file.
func openPager(_ state: inout DashboardState, _ file: ArtifactFileRef) -> [Effect] {
    state.pager.returnTo = state.focus
    state.pager.file = file
    state.focus = .pager
    return []
}
