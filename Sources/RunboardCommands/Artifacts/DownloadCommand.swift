import ArgumentParser
import Dispatch
import Foundation
import MLflowClient
import TerminalCore

/// `runboard download`: a file or a whole folder of artifacts, several files at a time.
struct DownloadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "download",
        abstract: "Download artifacts: one file or a whole folder, several files at a time.",
        discussion: """
        Each file is written under a temporary name beside its real one and renamed when it is \
        complete and of the size the store reported: an interrupted download leaves no truncated \
        file, and running it again fetches only what is missing. Nothing is written outside the \
        destination folder, whatever the store answers. Prints where the files went; exits 1 when \
        any file failed (they are listed).
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var artifacts: ArtifactSourceOptions

    @Option(name: [.customShort("d"), .customLong("dst-path")], help: ArgumentHelp("The destination folder (created if needed).", valueName: "dir"),
            completion: .directory)
    var destination = "."

    @Option(parsing: .unconditional, help: ArgumentHelp("Files downloaded at a time, 1 to 64.", valueName: "n"), transform: JobsOption.parse)
    var jobs = 4

    @Option(name: .customLong("if-exists"), help: ArgumentHelp(
        "A file already there: skip-same (skip it when its size is the artifact's, else fail), overwrite, keep-both, or skip.",
        valueName: "policy"), completion: .list(ExistingFilePolicy.allCases.map(\.rawValue)))
    var ifExists: ExistingFilePolicy = .skipSameSize

    @Flag(name: .customLong("dry-run"), help: "List what would be downloaded and where, without downloading.")
    var dryRun = false

    func run() async throws {
        let source = try artifacts.parsed()
        let tracking = try store.open()
        try await withClosing(tracking) {
            let resolved = try await source.resolve(in: tracking)
            let plan = try await ArtifactPlan.make(store: tracking, owner: resolved.owner, path: resolved.path, jobs: jobs)
            if dryRun {
                emit(try Self.dryRun(plan, destination: destination, format: store.format))
                return
            }
            let folder = try DownloadFolder(destination)
            let downloader = ArtifactDownloader(store: tracking, folder: folder, jobs: jobs, existing: ifExists)
            let report = try await Self.runShowingProgress(downloader, plan)
            emit(Self.summary(report, format: store.format))
            if !report.failed.isEmpty {
                var lines = ["runboard: \(report.failed.count) of \(plan.files.count) files failed:"]
                lines += report.failed.map { "  " + TerminalSafe.sanitize($0.path) + ": " + TerminalSafe.sanitize($0.message) }
                FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
                throw ExitCode.failure
            }
        }
    }

    /// Runs the download with a progress line on standard error (a bar on a terminal, a plain line
    /// every few seconds otherwise); Ctrl-C cancels it, and the partial files are removed.
    static func runShowingProgress(_ downloader: ArtifactDownloader, _ plan: ArtifactPlan) async throws -> DownloadReport {
        let onTerminal = isatty(STDERR_FILENO) == 1
        let task = Task { await downloader.run(plan) }
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        signal(SIGINT, SIG_IGN)
        interrupt.setEventHandler { task.cancel() }
        interrupt.resume()
        defer {
            interrupt.cancel()
            signal(SIGINT, SIG_DFL)
        }
        let started = ContinuousClock.now
        let ticker = Task {
            var lastPlain = ContinuousClock.now
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                if Task.isCancelled { break }
                let line = progressLine(downloader.progress(), elapsed: ContinuousClock.now - started, width: onTerminal ? TerminalSize.of(STDERR_FILENO)?.width ?? 80 : 200)
                if onTerminal {
                    FileHandle.standardError.write(Data(("\r" + line + "\u{1b}[K").utf8))
                } else if ContinuousClock.now - lastPlain >= .seconds(5) {
                    lastPlain = ContinuousClock.now
                    FileHandle.standardError.write(Data(("runboard: " + line + "\n").utf8))
                }
            }
        }
        let report = await task.value
        ticker.cancel()
        _ = await ticker.value
        if onTerminal { FileHandle.standardError.write(Data("\r\u{1b}[K".utf8)) }
        if task.isCancelled { throw CancellationError() }
        return report
    }

    /// `[#####-----]  12/30 files  3.10 MiB of 8.00 MiB  1.20 MiB/s  ETA 4 s`
    static func progressLine(_ progress: DownloadProgress, elapsed: Duration, width: Int) -> String {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let rate = seconds > 0.5 ? Double(progress.bytesDone) / seconds : .nan
        let fraction = progress.bytesTotal > 0
            ? min(1, Double(progress.bytesDone) / Double(progress.bytesTotal))
            : (progress.filesTotal > 0 ? Double(progress.filesDone) / Double(progress.filesTotal) : 0)
        var eta = ""
        if rate.isFinite, rate > 0, progress.bytesTotal > progress.bytesDone {
            let left = Double(progress.bytesTotal - progress.bytesDone) / rate
            eta = left < 1e7 ? "  ETA \(Int(left.rounded(.up))) s" : ""
        }
        let text = "\(progress.filesDone)/\(progress.filesTotal) files  \(ByteSize.human(progress.bytesDone)) of "
            + "\(ByteSize.human(progress.bytesTotal))  \(ByteSize.rate(rate))\(eta)"
        let barWidth = min(30, width - text.count - 4)
        guard barWidth >= 5 else { return text }
        let filled = Int((fraction * Double(barWidth)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled) + "]  " + text
    }

    /// Where each file would go.
    static func dryRun(_ plan: ArtifactPlan, destination: String, format: OutputFormat) throws -> String {
        let root = destination.hasPrefix("/") ? destination : FileManager.default.currentDirectoryPath + "/" + destination
        let rows = try plan.files.map { entry in
            (path: entry.path, size: entry.fileSize ?? 0,
             destination: root + "/" + (try DownloadFolder.components(of: entry.path)).joined(separator: "/"))
        }
        if format == .json {
            return String(decoding: JSONOutput.downloadPlan(rows, totalBytes: plan.totalBytes), as: UTF8.self)
        }
        let table = rows.map { [$0.path, String($0.size), $0.destination] }
        return TextTable(columns: ["path", "bytes", "destination"], rows: table, numericColumns: [1]).render(format, width: terminalWidth())
    }

    /// What was written: the destination (folder or file), or the report as JSON.
    static func summary(_ report: DownloadReport, format: OutputFormat) -> String {
        if format == .json { return String(decoding: JSONOutput.downloadReport(report), as: UTF8.self) }
        return TerminalSafe.sanitize(report.destination) + "\n"
    }
}
