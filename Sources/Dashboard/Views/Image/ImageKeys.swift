import TerminalCore

extension Keymap {
    /// The image room's keys (searched before the global table).
    static let image: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to where it was opened"),
    ]
}
