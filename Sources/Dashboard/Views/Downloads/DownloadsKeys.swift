import TerminalCore

extension Keymap {
    /// The downloads room's keys (searched before the global table).
    static let downloads: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .downloads(.move(-1)), help: "Previous download (scrolls a report)"),
        KeyBinding([.down, .char("j")], .downloads(.move(1)), help: "Next download (scrolls a report)"),
        KeyBinding([.pageUp, .ctrl("b")], .downloads(.movePages(-1)), help: "Page up"),
        KeyBinding([.pageDown, .ctrl("f")], .downloads(.movePages(1)), help: "Page down"),
        KeyBinding([.char("g"), .home], .downloads(.moveToTop), help: "Go to the first download"),
        KeyBinding([.char("G"), .end], .downloads(.moveToBottom), help: "Go to the last download"),
        KeyBinding([.enter], .downloads(.showSelected), hint: "report",
                   help: "The report of a finished download (written, skipped, failed and why); the question of one that waits"),
        KeyBinding([.char("x")], .downloads(.cancelSelected), hint: "cancel", help: "Cancel the download (no partial file is left)"),
        KeyBinding([.char("c")], .downloads(.clearFinished), hint: "clear", help: "Clear the finished downloads from the list"),
        KeyBinding([.escape], .goBack, hint: "back", help: "Back from a report, or to where the panel was opened"),
    ]
}
