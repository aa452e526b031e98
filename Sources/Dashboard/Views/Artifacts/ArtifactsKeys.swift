import TerminalCore

extension Keymap {
    /// The artifacts room's keys (searched before the global table).
    static let artifacts: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to where it was opened"),
    ]
}
