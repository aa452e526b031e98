/// What went wrong talking to a store, in words a user can act on.
public enum MLflowError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server answered with an error (`error_code`, `message`) and an HTTP status.
    case server(status: Int, code: String, message: String)
    /// 401/403: names the credential variables that were used, never their values.
    case unauthorized(status: Int, message: String, credentialsUsed: [String])
    /// The entity does not exist.
    case notFound(String)
    /// A request the caller got wrong (a bad argument, a filter that does not parse...).
    case invalidArgument(String)
    /// Could not reach the server, or it stopped answering.
    case transport(String)
    /// The server or a file sent something that is not what MLflow writes.
    case malformedResponse(String)
    /// A local store could not be read.
    case storage(String)
    /// The operation is not available on this kind of store.
    case unsupported(String)

    public var description: String {
        switch self {
        case let .server(status, code, message):
            return "server error \(status) \(code): \(message)"
        case let .unauthorized(status, message, used):
            let creds = used.isEmpty
                ? "no credentials were set (MLFLOW_TRACKING_USERNAME/MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN or ~/.mlflow/credentials)"
                : "credentials used: \(used.joined(separator: ", "))"
            return "not authorized (\(status)): \(message); \(creds)"
        case let .notFound(what): return "not found: \(what)"
        case let .invalidArgument(what): return what
        case let .transport(what): return "connection failed: \(what)"
        case let .malformedResponse(what): return "unexpected response: \(what)"
        case let .storage(what): return "cannot read store: \(what)"
        case let .unsupported(what): return "not supported: \(what)"
        }
    }
}
