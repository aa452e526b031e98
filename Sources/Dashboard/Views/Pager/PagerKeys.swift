import TerminalCore

extension Keymap {
    /// The pager room's keys (searched before the global table).
    static let pager: [KeyBinding] = [
        KeyBinding([.down, .char("j"), .enter], .pager(.moveLines(1)), help: "Down a line"),
        KeyBinding([.up, .char("k")], .pager(.moveLines(-1)), help: "Up a line"),
        KeyBinding([.pageDown, .char(" "), .ctrl("f")], .pager(.movePages(1)), help: "Down a page"),
        KeyBinding([.pageUp, .char("b"), .ctrl("b")], .pager(.movePages(-1)), help: "Up a page"),
        KeyBinding([.char("g"), .home], .pager(.moveToTop), help: "Go to the first line"),
        KeyBinding([.char("G"), .end], .pager(.moveToBottom), help: "Go to the last line read so far"),
        KeyBinding([.left, .char("h")], .pager(.moveColumns(-1)), help: "Sideways left (text without wrap: 8 columns; a table: a column)"),
        KeyBinding([.right, .char("l")], .pager(.moveColumns(1)), help: "Sideways right"),
        KeyBinding([.char("w")], .pager(.toggleWrap), hint: "wrap", help: "Wrap long lines, or let them run on"),
        KeyBinding([.char("/")], .pager(.beginSearch), hint: "search", help: "Search as you type (either case unless a capital is typed); Enter keeps it"),
        KeyBinding([.char("n")], .pager(.nextMatch), hint: "next", help: "The next match (round to the top)"),
        KeyBinding([.char("N")], .pager(.previousMatch), help: "The previous match (round to the bottom)"),
        KeyBinding([.char("d")], .pager(.download), hint: "download", help: "Download the file (asks where)"),
        KeyBinding([.escape], .pager(.close), hint: "back", help: "Close the search, if one is shown; else back to where the pager was opened"),
    ]
}
