import Foundation
import Synchronization
import Logging

/// Log records go to a file, never to the terminal the UI draws on.
///
/// `RUNBOARD_LOG` names the file (default `$XDG_STATE_HOME/runboard/runboard.log`, i.e.
/// `~/.local/state/runboard/runboard.log`); `RUNBOARD_LOG_LEVEL` sets the level (default `info`).
/// URLs are logged without credentials; header values are never logged.
enum Logging {
    static func bootstrapFileLogging(environment env: [String: String] = ProcessInfo.processInfo.environment) {
        let path = env["RUNBOARD_LOG"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultPath(env)
        let level = env["RUNBOARD_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0.lowercased()) } ?? .info
        let sink = FileLogSink(path: path)
        LoggingSystem.bootstrap { label in
            var handler = FileLogHandler(label: label, sink: sink)
            handler.logLevel = level
            return handler
        }
    }

    static func defaultPath(_ env: [String: String]) -> String {
        let state = env["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? ((env["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return state + "/runboard/runboard.log"
    }
}

/// An append-only log file shared by every logger; silently does nothing if it cannot be opened.
final class FileLogSink: Sendable {
    /// One writer at a time, so lines never interleave.
    private let handle: Mutex<FileHandle?>

    init(path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        let file = FileHandle(forWritingAtPath: path)
        _ = try? file?.seekToEnd()
        handle = Mutex(file)
    }

    func write(_ line: String) {
        handle.withLock { handle in try? handle?.write(contentsOf: Data(line.utf8)) }
    }
}

struct FileLogHandler: LogHandler {
    let label: String
    let sink: FileLogSink
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let stamp = ISO8601DateFormatter().string(from: Date())
        sink.write("\(stamp) \(event.level) \(label): \(event.message)\n")
    }
}
