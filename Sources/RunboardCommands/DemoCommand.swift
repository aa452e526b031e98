import ArgumentParser
import CDemoStore
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

/// The demo store, built into the binary (`CDemoStore`, written by `scripts/embed-demo`).
///
/// SQLite needs a path, so the files are written once to a folder of the user's cache named by
/// their fingerprint (`$XDG_CACHE_HOME/runboard/demo-<fingerprint>`, else `~/.cache/...`, else the
/// temporary folder), never to the current folder. A folder is written whole under a temporary
/// name and renamed into place, so two programs starting at once never see half a store.
public enum DemoStore {
    /// The embedded files: path inside the store and bytes.
    static var files: [(path: String, bytes: UnsafeBufferPointer<UInt8>)] {
        (0..<runboard_demo_file_count).compactMap { index in
            guard let file = runboard_demo_file_at(index)?.pointee else { return nil }
            return (String(cString: file.path), UnsafeBufferPointer(start: file.bytes, count: Int(file.size)))
        }
    }

    /// The folder name: `demo-` and the fingerprint of every path and byte, in hex.
    static var folderName: String { "demo-" + String(runboard_demo_fingerprint(), radix: 16) }

    /// The path of the demo's `mlflow.db`, written to the cache first if it is not there yet.
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        var problems: [String] = []
        for parent in cacheFolders(environment) {
            do {
                return try materialise(in: parent) + "/mlflow.db"
            } catch {
                problems.append("\(parent): \(error)")
            }
        }
        throw MLflowError.storage("cannot write the demo store to a cache folder (\(problems.joined(separator: "; ")))")
    }

    /// Where the store may go, best first.
    static func cacheFolders(_ environment: [String: String]) -> [String] {
        var folders: [String] = []
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { folders.append(xdg + "/runboard") }
        if let home = environment["HOME"], home.hasPrefix("/") { folders.append(home + "/.cache/runboard") }
        folders.append((environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp") + "/runboard-\(getuid())")
        var seen = Set<String>()
        return folders.filter { seen.insert($0).inserted }
    }

    /// Writes the store under `parent` unless a complete copy is there; returns its folder.
    static func materialise(in parent: String) throws -> String {
        let manager = FileManager.default
        let folder = parent + "/" + folderName
        let complete = folder + "/.complete"
        if manager.fileExists(atPath: complete) { return folder }
        try manager.createDirectory(atPath: parent, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let staging = parent + "/.\(folderName)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? manager.removeItem(atPath: staging) }
        for file in files {
            let target = staging + "/" + file.path
            try manager.createDirectory(
                atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true, attributes: nil)
            guard manager.createFile(atPath: target, contents: Data(buffer: file.bytes), attributes: nil) else {
                throw MLflowError.storage("cannot write \(target)")
            }
        }
        guard manager.createFile(atPath: staging + "/.complete", contents: Data(), attributes: nil) else {
            throw MLflowError.storage("cannot write \(staging)")
        }
        if rename(staging, folder) != 0 {
            // Another program put its copy there first (or a broken copy is in the way).
            if manager.fileExists(atPath: complete) { return folder }
            try? manager.removeItem(atPath: folder)
            guard rename(staging, folder) == 0 else {
                throw MLflowError.storage("cannot move the demo store to \(folder): \(String(cString: strerror(errno)))")
            }
        }
        return folder
    }
}
