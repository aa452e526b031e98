import TerminalCore

extension Keymap {
    /// The image room's keys (searched before the global table).
    static let image: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to where it was opened"),
        KeyBinding([.char("r")], .refreshNow, hint: "reload", help: "Read and decode the file again"),
        KeyBinding([.char("d")], .image(.download), hint: "download", help: "Download the image file"),
    ]
}
