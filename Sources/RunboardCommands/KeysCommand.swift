import ArgumentParser
import Dashboard

/// `runboard keys`: the dashboard's key table, from the same source that drives dispatch and `?` help.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Print the dashboard's keys.")

    @Flag(help: "As a Markdown table (for the README).") var markdown = false

    func run() throws {
        emit(markdown ? Keymap.markdown() : Keymap.helpLines().joined(separator: "\n") + "\n")
    }
}
