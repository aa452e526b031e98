import ArgumentParser
import Foundation
import MLflowClient

/// `runboard demo`: the demo store that ships with Runboard.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Open the demo store that ships with Runboard (made by MLflow) in the dashboard.",
        discussion: "With --format, or when standard output is not a terminal, its experiments and runs are printed instead.")

    @Option(name: .customLong("format"), help: "Print instead of opening the dashboard: table, json, csv or md.")
    var format: OutputFormat?

    @OptionGroup(title: "Display") var display: DisplayOptions

    @Flag(help: "Print the demo store's path and exit.") var path = false

    func run() async throws {
        let location = try DemoStore.path()
        if path {
            emit(location + "\n")
            return
        }
        let dashboard = format == nil && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        let tracking = try StoreOpener.open(explicit: location, longSession: dashboard)
        if dashboard {
            try await DashboardLauncher.open(store: tracking, experiment: nil, run: nil, display: display)
            return
        }
        let format = self.format ?? .table
        let width = terminalWidth()
        try await withClosing(tracking) {
            let experiments = try await tracking.allExperiments(view: .activeOnly)
            if format == .json {
                // One document: every run of the demo, each with its experiment_id.
                let ids = experiments.map(\.experimentId)
                try RunsCommand.write(try await tracking.allRuns(RunQuery(experimentIds: ids), progress: nil), format: .json, width: width)
                return
            }
            emit(try ExperimentsCommand.render(experiments, format: format, width: width))
            for experiment in experiments {
                let runs = try await tracking.allRuns(RunQuery(experimentIds: [experiment.experimentId]), progress: nil)
                if runs.isEmpty { continue }
                if format == .table { emit("\n== \(TerminalSafe.sanitize(experiment.name)) (\(runs.count) runs)\n") }
                try RunsCommand.write(runs, format: format, width: width)
            }
        }
    }
}

/// Where the demo store is: the `Demo` resource folder built into the package.
///
/// Looked up by hand rather than through `Bundle.module`, which stops the program when its bundle
/// is missing (a binary copied away from its build folder): next to the executable (also through a
/// symlink to it), then in the checkout the binary was built from.
public enum DemoStore {
    static let bundleName = "Runboard_RunboardCommands.resources"

    public static func path() throws -> String {
        var folders: [String] = []
        if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            folders.append((executable as NSString).deletingLastPathComponent + "/" + bundleName)
        }
        folders.append(Bundle.main.bundleURL.appendingPathComponent(bundleName).path)
        folders.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().path)
        for folder in folders {
            let candidate = folder + "/Demo/mlflow.db"
            if FileManager.default.fileExists(atPath: candidate) { return candidate }
        }
        throw MLflowError.storage(
            "the demo store is missing: expected Demo/mlflow.db in \(bundleName) next to the runboard binary (copy that folder with it)")
    }
}
