@_exported import MLflowCore
import MLflowREST
import Foundation
import Logging
import MLflowFileStore
import MLflowSQLite

/// Opens the store a tracking URI names: an MLflow server, a `mlflow.db`, or a `./mlruns` tree.
public enum StoreOpener {
    /// Resolves the URI as MLflow does (explicit, else `MLFLOW_TRACKING_URI`, else `./mlruns` with
    /// data, else `sqlite:///mlflow.db`) and opens it. Server settings come from the environment.
    /// `longSession` is for a store kept open (the dashboard): a `mlflow.db` is read through a bounded
    /// page cache rather than a memory map, to keep resident memory low.
    public static func open(
        explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        longSession: Bool = false, onRetry: (@Sendable (RetryNotice) -> Void)? = nil
    ) throws -> any TrackingStore {
        let resolver = TrackingURIResolver(environment: environment)
        return try open(resolver.resolve(explicit: explicit), environment: environment, longSession: longSession, onRetry: onRetry)
    }

    /// Opens a resolved location.
    public static func open(
        _ location: TrackingLocation, environment: [String: String] = ProcessInfo.processInfo.environment,
        longSession: Bool = false, onRetry: (@Sendable (RetryNotice) -> Void)? = nil
    ) throws -> any TrackingStore {
        switch location {
        case .server(let baseURL):
            let config = try RESTConfiguration.fromEnvironment(baseURL: baseURL, environment: environment)
            return try RESTStore(configuration: config, logger: Logger(label: "runboard.rest"), onRetry: onRetry)
        case .sqlite(let path):
            return try SQLiteStore(path: path, memoryMap: !longSession)
        case .fileStore(let path):
            return try FileStore(path: path)
        case .databricks(let profile):
            let config = try DatabricksAuth.configuration(profile: profile, environment: environment)
            return try RESTStore(configuration: config, logger: Logger(label: "runboard.rest"), onRetry: onRetry)
        }
    }
}
