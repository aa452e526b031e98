import Foundation
import Logging
import MLflowCore
import MLflowFileStore
import MLflowREST
import MLflowSQLite

/// A store opened for writing: the writer, the same store for reading back, and a quick check
/// that it answers, run before anything is created.
public struct WritableStore: Sendable {
    public var writer: any TrackingWriter
    public var reader: any TrackingStore
    public var probe: @Sendable (_ experimentName: String) async throws -> Void
}

extension StoreOpener {
    /// Opens a location for writing: a server (settings from `environment`), or a `mlflow.db`
    /// (created by MLflow itself when missing, its schema checked). The file store is read-only here.
    /// `onRetry` hears about each retried request to a server.
    public static func openForWriting(
        _ location: TrackingLocation, environment: [String: String], workingDirectory: String,
        onRetry: (@Sendable (RetryNotice) -> Void)? = nil
    ) async throws -> WritableStore {
        switch location {
        case .server(let baseURL):
            return try serverForWriting(RESTConfiguration.fromEnvironment(baseURL: baseURL, environment: environment), onRetry: onRetry)
        case .databricks(let profile):
            return try serverForWriting(DatabricksAuth.configuration(profile: profile, environment: environment), onRetry: onRetry)
        case .sqlite(let path):
            let writer = try await SQLiteWriter.open(path: path, workingDirectory: workingDirectory)
            return WritableStore(writer: writer, reader: try SQLiteStore(path: writer.path), probe: { _ in })
        case .fileStore(let path):
            throw MLflowError.unsupported(
                "'\(path)' is an MLflow file store, which runboard track does not write; use a server or a sqlite:/// mlflow.db")
        }
    }

    /// A server's writer, and a probe that fails fast.
    private static func serverForWriting(_ config: RESTConfiguration, onRetry: (@Sendable (RetryNotice) -> Void)?) throws -> WritableStore {
        let store = try RESTStore(configuration: config, logger: Logger(label: "runboard.track"), onRetry: onRetry)
        // The check at start fails fast: a couple of quick retries, not MLflow's minutes of backoff.
        var quick = config
        quick.retry = RetryPolicy(maxRetries: min(2, config.retry.maxRetries), backoffFactor: 0.5, jitter: 0.2)
        quick.requestTimeout = min(config.requestTimeout, 15)
        let probeStore = try RESTStore(configuration: quick, logger: Logger(label: "runboard.track"))
        return WritableStore(writer: store, reader: store, probe: { name in
            defer { Task { await probeStore.close() } }
            _ = try await probeStore.experiment(named: name)
        })
    }
}
