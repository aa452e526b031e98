import Foundation
import MLflowClient
import MLflowTracking

/// The steps of `runboard track`: open the store, start the run, run the command, sweep, end.
struct TrackRunner {
    var settings: TrackSettings
    var environment: [String: String]
    var workingDirectory = FileManager.default.currentDirectoryPath

    /// Runs everything and returns the exit status to leave with (the command's).
    func run() async throws -> Int32 {
        // Everything the user gave is checked before anything is created or run.
        try LogBatch.validate(metrics: [], params: settings.params, tags: settings.tags)
        let metricParser = try settings.metricsFromStdout.map(StdoutMetrics.init(pattern:))
        guard let program = settings.command.first, Self.findProgram(program, environment: environment, workingDirectory: workingDirectory) else {
            throw CLIError.usage("cannot run '\(settings.command.first ?? "")': no such program (looked in PATH)")
        }
        let location = try TrackingURIResolver(workingDirectory: workingDirectory, environment: environment)
            .resolve(explicit: settings.trackingURI)
        let opened = try await TrackWriters.open(location, environment: environment, workingDirectory: workingDirectory)
        do {
            try await opened.probe(settings.experiment)
        } catch let error as MLflowError {
            guard settings.offlineOK, Self.isUnreachable(error) else { throw error }
            TrackOutput.note("\(location.displayURI) cannot be reached (\(error)); running without tracking (--offline-ok): nothing is logged")
            return try await runUntracked()
        }

        let script = ScriptFinder.script(in: settings.command, workingDirectory: workingDirectory)
        let systemTags = SystemTags.tags(
            user: SystemTags.user(environment: environment), script: script, workingDirectory: workingDirectory, parent: settings.parent)
        let tags = TrackSettings.overlay(systemTags, settings.tags)
        let tracked = try await TrackedRun.start(
            writer: opened.writer, experiment: settings.experiment, artifactLocation: settings.artifactLocation,
            runName: settings.runName, tags: tags, userId: SystemTags.user(environment: environment))
        TrackOutput.note("run \(tracked.runId) started in experiment '\(settings.experiment)' (id \(tracked.experimentId)) at \(location.displayURI)")

        var problems: [String] = []
        do { try await tracked.logParams(settings.params) } catch {
            // A param MLflow refuses (e.g. one re-logged with another value) must not go unseen,
            // but the run exists now: end it rather than leave it RUNNING.
            let report = await tracked.end(status: .failed)
            TrackOutput.note("params could not be logged: \(error); run \(tracked.runId) ended FAILED")
            Self.print(report)
            throw error
        }
        let codeFiles = ([script].compactMap { $0 } + settings.codeFiles).map(absolute)
        for file in Self.unique(codeFiles) {
            do { try await tracked.logArtifact(localFile: file, artifactPath: "code/" + (file as NSString).lastPathComponent) } catch {
                problems.append("code file \(file) was not logged: \(error)")
            }
        }

        var sweep = ArtifactSweep(directories: settings.artifactDirs.map(absolute), patterns: settings.patterns, routes: settings.routes)
        sweep.excluded = Set(codeFiles)
        let before = sweep.snapshot()

        let logs = try Self.logFolder(runId: tracked.runId)
        var childEnvironment = environment
        childEnvironment["MLFLOW_TRACKING_URI"] = opened.childURI
        childEnvironment["MLFLOW_EXPERIMENT_ID"] = tracked.experimentId
        childEnvironment["MLFLOW_EXPERIMENT_NAME"] = settings.experiment
        childEnvironment["MLFLOW_RUN_ID"] = tracked.runId
        var onLine: (@Sendable (String) -> Void)?
        if let metricParser {
            onLine = { line in
                let now = Int64(Date().timeIntervalSince1970 * 1000)
                for metric in metricParser.parse(line) { tracked.logMetric(metric.key, metric.value, step: metric.step, timestamp: now) }
            }
        }
        let child = ChildProcess(
            arguments: settings.command, environment: childEnvironment,
            stdoutLog: logs + "/stdout.txt", stderrLog: logs + "/stderr.txt", onStdoutLine: onLine)
        let exit: ChildExit
        do { exit = try await child.run() } catch {
            let report = await tracked.end(status: .failed)
            Self.print(report)
            throw error
        }
        let status = Self.status(exit: exit, forwardedSignal: child.forwardedSignal)

        // Uploads: the swept files, then the logs.
        let alreadyLogged = await Self.loggedArtifacts(reader: opened.reader, runId: tracked.runId)
        for found in sweep.changed(since: before) {
            if alreadyLogged.paths.contains(found.artifactPath)
                || alreadyLogged.namesAndSizes.contains(NameAndSize(name: (found.localPath as NSString).lastPathComponent, size: found.size)) {
                continue
            }
            do { try await tracked.logArtifact(localFile: found.localPath, artifactPath: found.artifactPath) } catch {
                problems.append("\(found.localPath) was not uploaded as \(found.artifactPath): \(error)")
            }
        }
        for name in ["stdout.txt", "stderr.txt"] {
            do { try await tracked.logArtifact(localFile: logs + "/" + name, artifactPath: "logs/" + name) } catch {
                problems.append("logs/\(name) was not uploaded (kept at \(logs)/\(name)): \(error)")
            }
        }
        let report = await tracked.end(status: status)
        for problem in problems { TrackOutput.note(problem) }
        Self.print(report)
        TrackOutput.note("run \(tracked.runId) \(status.rawValue) (\(Self.describe(exit)))")
        TrackOutput.plain("  open it:  runboard --tracking-uri \(Self.shellQuoted(location.displayURI)) --experiment \(tracked.experimentId) --run \(tracked.runId)")
        if let web = opened.webBase {
            TrackOutput.plain("  web:      \(web)/#/experiments/\(tracked.experimentId)/runs/\(tracked.runId)")
        }
        if problems.isEmpty && report.isComplete {
            try? FileManager.default.removeItem(atPath: logs)
        }
        return exit.shellStatus
    }

    /// Whether `program` names an executable file, directly or through `PATH`, as `execvp` finds it.
    static func findProgram(_ program: String, environment: [String: String], workingDirectory: String) -> Bool {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : workingDirectory + "/" + program
            return FileManager.default.isExecutableFile(atPath: path)
        }
        let folders = (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
        return folders.contains { folder in
            let base = folder.isEmpty ? workingDirectory : String(folder)
            return FileManager.default.isExecutableFile(atPath: base + "/" + program)
        }
    }

    /// FINISHED on exit 0, KILLED when a signal ended it or was forwarded to it, FAILED otherwise.
    static func status(exit: ChildExit, forwardedSignal: Int32?) -> RunStatus {
        if forwardedSignal != nil { return .killed }
        switch exit {
        case .exited(0): return .finished
        case .exited: return .failed
        case .signaled: return .killed
        }
    }

    static func describe(_ exit: ChildExit) -> String {
        switch exit {
        case .exited(let code): "exit status \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        }
    }

    /// Connection failures, as opposed to a server that answers with an error.
    static func isUnreachable(_ error: MLflowError) -> Bool {
        if case .transport = error { return true }
        if case .server(let status, _, _) = error, [502, 503, 504].contains(status) { return true }
        return false
    }

    private func runUntracked() async throws -> Int32 {
        let logs = try Self.logFolder(runId: "untracked-\(getpid())")
        defer { try? FileManager.default.removeItem(atPath: logs) }
        let child = ChildProcess(arguments: settings.command, environment: environment,
                                 stdoutLog: logs + "/stdout.txt", stderrLog: logs + "/stderr.txt")
        return try await child.run().shellStatus
    }

    private func absolute(_ path: String) -> String {
        ((path.hasPrefix("/") ? path : workingDirectory + "/" + path) as NSString).standardizingPath
    }

    /// A private folder for the saved output, kept when something could not be uploaded.
    static func logFolder(runId: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/runboard-track-\(runId)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    struct NameAndSize: Hashable {
        var name: String
        var size: Int64
    }

    /// What the command logged itself, so that the sweep does not upload it twice.
    static func loggedArtifacts(reader: (any TrackingStore)?, runId: String) async -> (paths: Set<String>, namesAndSizes: Set<NameAndSize>) {
        guard let reader else { return ([], []) }
        var paths: Set<String> = []
        var namesAndSizes: Set<NameAndSize> = []
        var folders = [""]
        var listed = 0
        while let folder = folders.popLast(), listed < 200 {
            listed += 1
            guard let entries = try? await reader.listArtifacts(.run(runId), path: folder) else { continue }
            for entry in entries {
                if entry.isDir {
                    folders.append(entry.path)
                } else {
                    paths.insert(entry.path)
                    namesAndSizes.insert(NameAndSize(name: entry.name, size: entry.fileSize ?? 0))
                }
            }
        }
        return (paths, namesAndSizes)
    }

    static func print(_ report: TrackingReport) {
        for line in report.lines { TrackOutput.note(line) }
        if !report.statusStored { TrackOutput.note("the run's final status could not be stored; it may still show RUNNING") }
    }

    static func unique(_ paths: [String]) -> [String] {
        var seen: Set<String> = []
        return paths.filter { seen.insert($0).inserted }
    }

    static func shellQuoted(_ text: String) -> String {
        let safe = text.allSatisfy { $0.isLetter || $0.isNumber || "/:._-+@%=".contains($0) }
        return safe ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// Finds the script a command runs: its first argument that is a readable file and not a program binary.
enum ScriptFinder {
    static func script(in command: [String], workingDirectory: String) -> String? {
        for argument in command where !argument.hasPrefix("-") {
            let path = argument.hasPrefix("/") ? argument : workingDirectory + "/" + argument
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue,
                  let handle = FileHandle(forReadingAtPath: path) else { continue }
            let head = (try? handle.read(upToCount: 4)) ?? Data()
            try? handle.close()
            if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) { continue }
            return argument
        }
        return nil
    }
}
