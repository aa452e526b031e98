import TerminalCore

extension Keymap {
    /// The models room's keys (searched before the global table).
    static let models: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to where it was opened"),
    ]
}
