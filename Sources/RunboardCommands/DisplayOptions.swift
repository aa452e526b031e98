import ArgumentParser

/// The dashboard's display options, shared by `runboard open` and `runboard demo`.
struct DisplayOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A theme name (default, light, high-contrast, monochrome) or a YAML file.", valueName: "name|path"),
            completion: .custom(Completions.themes))
    var theme: String?

    @Flag(name: .customLong("no-mouse"), help: "Do not capture the mouse.") var noMouse = false
    @Flag(help: "Plain ASCII instead of braille and block characters.") var ascii = false
}
