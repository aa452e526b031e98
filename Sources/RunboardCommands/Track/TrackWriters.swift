import Foundation
import Logging
import MLflowClient
import MLflowSQLite

/// An opened tracking store that `runboard track` writes to.
struct OpenedWriter {
    var writer: any TrackingWriter
    /// The same store for reading, to see which artifacts the command logged itself.
    var reader: (any TrackingStore)?
    /// The URI to hand to the command (`MLFLOW_TRACKING_URI`), credentials kept as given.
    var childURI: String
    /// The server's web address, for printing a link to the run.
    var webBase: String?
    /// A quick check that the store answers, run before anything is created.
    var probe: @Sendable (String) async throws -> Void
}

/// Opens writers for the tracking locations `runboard track` supports.
enum TrackWriters {
    static func open(_ location: TrackingLocation, environment: [String: String], workingDirectory: String) async throws -> OpenedWriter {
        switch location {
        case .server(let baseURL):
            let config = try RESTConfiguration.fromEnvironment(baseURL: baseURL, environment: environment)
            let store = try RESTStore(configuration: config, logger: Logger(label: "runboard.track"), onRetry: { notice in
                TrackOutput.note("\(notice.reason); retry \(notice.attempt) in \(String(format: "%.1f", notice.delaySeconds)) s")
            })
            // The check at start fails fast: a couple of quick retries, not MLflow's minutes of backoff.
            var quick = config
            quick.retry = RetryPolicy(maxRetries: min(2, config.retry.maxRetries), backoffFactor: 0.5, jitter: 0.2)
            quick.requestTimeout = min(config.requestTimeout, 15)
            let probeStore = try RESTStore(configuration: quick, logger: Logger(label: "runboard.track"))
            return OpenedWriter(
                writer: store, reader: store, childURI: baseURL, webBase: TrackingLocation.redactingCredentials(baseURL),
                probe: { name in
                    defer { Task { await probeStore.close() } }
                    _ = try await probeStore.experiment(named: name)
                })
        case .sqlite(let path):
            // A missing database is created by MLflow itself (its schema, its Default experiment).
            let writer = try await SQLiteWriter.open(path: path, workingDirectory: workingDirectory)
            let reader = try SQLiteStore(path: writer.path)
            return OpenedWriter(writer: writer, reader: reader, childURI: location.displayURI, webBase: nil, probe: { _ in })
        case .fileStore(let path):
            throw MLflowError.unsupported(
                "'\(path)' is an MLflow file store, which runboard track does not write; use a server or a sqlite:/// mlflow.db")
        }
    }
}

/// Messages of `runboard track` itself, on standard error so that standard output stays the command's.
enum TrackOutput {
    static func note(_ text: String) {
        FileHandle.standardError.write(Data("runboard: \(TerminalSafe.sanitize(text))\n".utf8))
    }

    static func plain(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
