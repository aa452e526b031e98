import TerminalCore

extension Keymap {
    /// The artifacts room's keys (searched before the global table).
    static let artifacts: [KeyBinding] = navigation + [
        KeyBinding([.enter, .char("l"), .right], .openSelected, hint: "open",
                   help: "Open the folder (listed the first time), go into an open one, resolve a registered version, or view the file"),
        KeyBinding([.char("h"), .left], .artifacts(.collapseOrParent), help: "Close the folder, or go to the folder it is in"),
        KeyBinding([.char("/")], .artifacts(.beginFilter), hint: "filter", help: "Filter the shown rows by name as you type (Enter keeps it, Esc drops it)"),
        KeyBinding([.char("d")], .artifacts(.downloadSelected), hint: "download", help: "Download the selected file or folder (asks where)"),
        KeyBinding([.char("y")], .artifacts(.copyURI), hint: "copy uri", help: "Copy the artifact's URI (runs:/RUN_ID/PATH; models:/MODEL_ID/PATH for a logged model's) with OSC 52"),
        KeyBinding([.escape], .goBack, hint: "back", help: "Clear the filter, else back to where the tree was opened"),
    ]
}
