import TerminalCore

extension Keymap {
    /// The pager room's keys (searched before the global table).
    static let pager: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to where it was opened"),
    ]
}
