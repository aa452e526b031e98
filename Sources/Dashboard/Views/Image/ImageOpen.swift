import MLflowCore

/// Opens the image on one artifact file.
func openImage(_ state: inout DashboardState, _ file: ArtifactFileRef) -> [Effect] {
    state.image.returnTo = state.focus
    state.image.file = file
    state.focus = .image
    return []
}
