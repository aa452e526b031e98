import TerminalCore

extension Keymap {
    /// The downloads room's keys (searched before the global table).
    static let downloads: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to where it was opened"),
    ]
}
