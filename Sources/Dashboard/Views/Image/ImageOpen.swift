import MLflowCore
import TerminalCore

/// The largest image file the preview reads: 64 MiB.
let imageMaxFileBytes = 64 << 20

/// Opens the image on one artifact file.
func openImage(_ state: inout DashboardState, _ file: ArtifactFileRef) -> [Effect] {
    if state.focus != .image { state.image.returnTo = state.focus }
    state.image.file = file
    state.image.preview = nil
    state.focus = .image
    return loadImage(&state)
}

/// Asks for the shown file, read and decoded; a file the store says is too large is refused here.
func loadImage(_ state: inout DashboardState) -> [Effect] {
    var effects = cancelPending(state.image.load)
    guard let file = state.image.file else { return effects }
    if let size = file.size, size > Int64(imageMaxFileBytes) {
        state.image.load = .failed(imageTooLargeMessage(size))
        return effects
    }
    let id = state.makeRequestId()
    state.image.load = .loading(requestId: id)
    effects.append(.image(.load(requestId: id, file, maxBytes: imageMaxFileBytes, kitty: state.image.kittyGraphics)))
    return effects
}

/// Why a file is not previewed: its size against the limit.
func imageTooLargeMessage(_ size: Int64) -> String {
    "the file is \(ByteSize.human(size)), more than the \(ByteSize.human(Int64(imageMaxFileBytes))) the preview reads; download it with d"
}
