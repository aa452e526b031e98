import TerminalCore

/// The CLI's view of TerminalCore's safe-text helpers.
enum TerminalSafe {
    static func sanitize(_ text: String) -> String { SafeText.sanitize(text) }
    static func width(_ text: String) -> Int { DisplayWidth.of(text) }
}
