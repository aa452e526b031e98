import TerminalCore

extension Keymap {
    /// The models room's keys (searched before the global table); on the models, the file keys act
    /// on a model's newest version.
    static let models: [KeyBinding] = navigation + [
        KeyBinding([.enter, .char("l"), .right], .openSelected, hint: "open",
                   help: "A model: its versions; a version: its source run, selected in its experiment's runs"),
        KeyBinding([.char("/")], .models(.beginFilter), hint: "filter", help: "Filter the models by name as you type (Enter keeps it, Esc drops it)"),
        KeyBinding([.char("A"), .char("f")], .models(.openFiles), hint: "files",
                   help: "The version's files in the artifact tree (on a model: its newest version's)"),
        KeyBinding([.char("d")], .models(.download), hint: "download", help: "Download the version's files (on a model: its newest version's)"),
        KeyBinding([.char("y")], .models(.copyURI), hint: "copy", help: "Copy models:/NAME/VERSION (OSC 52)"),
        KeyBinding([.escape, .char("h"), .left], .goBack, hint: "back", help: "Back to the models; from the models, where they were opened"),
    ]
}
