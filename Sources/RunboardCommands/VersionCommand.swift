import ArgumentParser

/// `runboard version`: what `--version` prints, or the same as JSON for scripts and bug reports.
struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "Print the version, the git commit it was built from and the Swift version.")

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "text or json.") var format: Format = .text

    func run() throws {
        let build = BuildInfo.current
        emit(format == .json ? build.json : build.line + "\n")
    }
}
