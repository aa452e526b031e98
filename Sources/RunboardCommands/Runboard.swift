import ArgumentParser
import Foundation
import MLflowClient

/// The `runboard` command and its subcommands.
public struct Runboard: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "runboard",
        abstract: "Browse and compare MLflow experiments from the terminal.",
        discussion: """
        The tracking store is found as MLflow finds it: --tracking-uri, else MLFLOW_TRACKING_URI, \
        else ./mlruns when it holds experiments, else sqlite:///mlflow.db.
        """,
        version: BuildInfo.current.line,
        subcommands: [DashboardCommand.self, ExperimentsCommand.self, RunsCommand.self, HistoryCommand.self, CompareCommand.self, PlotCommand.self,
                      ArtifactsCommand.self, DownloadCommand.self, CatCommand.self, ModelsCommand.self, DemoCommand.self, TrackCommand.self, KeysCommand.self,
                      VersionCommand.self, ExperimentNamesCommand.self, ManSectionsCommand.self],
        defaultSubcommand: DashboardCommand.self
    )

    public init() {}
}

/// Options every data command takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("tracking-uri"), help: ArgumentHelp(
        "http(s)://host[:port][/prefix], databricks[://PROFILE], sqlite:///path.db, file:///path/mlruns, or a path.", valueName: "uri"),
            completion: .file())
    var trackingURI: String?

    @Option(name: .customLong("format"), help: "Output format: table, json, csv or md.")
    var format: OutputFormat = .table

    /// Opens the store these options name.
    func open() throws -> any TrackingStore {
        try StoreOpener.open(explicit: trackingURI, onRetry: RetryLine.write)
    }
}

/// Writes to standard output without buffering surprises.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}

/// Writes bytes to standard output.
func emit(bytes: [UInt8]) {
    bytes.withUnsafeBytes { FileHandle.standardOutput.write(Data($0)) }
}
