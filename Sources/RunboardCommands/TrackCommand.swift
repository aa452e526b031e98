import ArgumentParser
import Foundation
import MLflowClient

/// `runboard track`: runs any command inside an MLflow run.
struct TrackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "track",
        abstract: "Run a training command inside an MLflow run.",
        discussion: """
        Creates a run (params, tags, the script under code/), starts COMMAND with MLFLOW_TRACKING_URI, \
        MLFLOW_EXPERIMENT_ID and MLFLOW_RUN_ID set so that MLflow inside it logs into the same run, \
        saves its output as logs/stdout.txt and logs/stderr.txt, uploads the model and plot files it \
        wrote, and ends the run FINISHED, FAILED or KILLED from its exit. Exits with COMMAND's status.

        Example: runboard track --experiment mnist --param lr=0.01 -- python train.py --epochs 5
        """)

    @Option(name: .customLong("tracking-uri"), help: ArgumentHelp(
        "http(s)://host[:port][/prefix], databricks[://PROFILE] or sqlite:///path.db (default: as MLflow resolves it).", valueName: "uri"),
            completion: .file())
    var trackingURI: String?

    @Option(help: ArgumentHelp("Settings and params: YAML, JSON or key=value text.", valueName: "file"), completion: .file())
    var config: String?

    @Option(help: ArgumentHelp("Experiment name, created when missing (default: MLFLOW_EXPERIMENT_NAME, else Default).", valueName: "name"),
            completion: .custom(Completions.experiments))
    var experiment: String?

    @Option(name: .customLong("artifact-location"), help: ArgumentHelp("Artifact location for a new experiment.", valueName: "uri"))
    var artifactLocation: String?

    @Option(name: .customLong("run-name"), help: ArgumentHelp("Run name (default: the store picks one).", valueName: "name"))
    var runName: String?

    @Option(name: .customLong("tag"), help: ArgumentHelp("A run tag (repeatable).", valueName: "key=value"))
    var tags: [String] = []

    @Option(name: .customLong("param"), help: ArgumentHelp("A param (repeatable); overrides the config file.", valueName: "key=value"))
    var params: [String] = []

    @Option(name: .customLong("artifact-dir"), help: ArgumentHelp(
        "A folder to sweep for new files after the command (repeatable; default: the working folder).", valueName: "dir"),
            completion: .directory)
    var artifactDirs: [String] = []

    @Option(help: ArgumentHelp("File patterns to sweep, comma-separated.", valueName: "globs"))
    var collect: String?

    @Option(name: .customLong("route"), help: ArgumentHelp(
        "Where swept files go in the run, e.g. '*.csv=data' (repeatable; default images to plots/, the rest to model/).",
        valueName: "glob=folder"))
    var routes: [String] = []

    @Option(name: .customLong("code"), help: ArgumentHelp("Another source file to log under code/ (repeatable).", valueName: "file"),
            completion: .file())
    var code: [String] = []

    @Option(help: ArgumentHelp("Make the run a child of this run.", valueName: "run-id"))
    var parent: String?

    @Option(name: .customLong("metrics-from-stdout"), help: ArgumentHelp(
        "Log metrics from output lines: named groups are metrics, 'step' the step, e.g. 'epoch=(?<step>\\d+) loss=(?<loss>[\\d.]+)'.",
        valueName: "regex"))
    var metricsFromStdout: String?

    @Flag(name: .customLong("offline-ok"), help: "Run the command untracked when the tracking server cannot be reached.")
    var offlineOK = false

    @Argument(parsing: .captureForPassthrough, help: ArgumentHelp("The command to run, after --.", valueName: "command"))
    var command: [String] = []

    func validate() throws {
        if commandLine.isEmpty { throw ValidationError("give the command to run after --, e.g. runboard track -- python train.py") }
    }

    /// The command without a leading `--`.
    var commandLine: [String] { command.first == "--" ? Array(command.dropFirst()) : command }

    func run() async throws {
        let file: TrackConfig?
        do { file = try config.map(TrackConfigLoader.load(path:)) } catch let error as ConfigError {
            throw CLIError.usage(error.description)
        }
        let settings = try TrackSettings.merge(
            file: file, flags: self,
            environment: ProcessInfo.processInfo.environment)
        let status = try await TrackRunner(settings: settings, environment: ProcessInfo.processInfo.environment).run()
        if status != 0 { Foundation.exit(status) }
    }
}
