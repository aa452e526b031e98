/// A request to a server that failed and is about to be tried again, reported so that a UI or the
/// command line can say what it is waiting for.
///
/// The first notice comes right after the first failed attempt, before any wait.
public struct RetryNotice: Sendable, Hashable {
    /// Which retry comes next, from 1 to `maxRetries`.
    public var retry: Int
    /// How many retries are allowed after the first attempt (`MLFLOW_HTTP_REQUEST_MAX_RETRIES`).
    public var maxRetries: Int
    /// Seconds until the retry is sent.
    public var delaySeconds: Double
    /// Why the attempt failed, in a few words: `connection refused`, `HTTP 503 Service Unavailable`.
    public var reason: String
    /// The server's base URL, without credentials.
    public var server: String

    /// A notice; credentials in `server` (`user:password@`) are removed.
    public init(retry: Int, maxRetries: Int, delaySeconds: Double, reason: String, server: String) {
        self.retry = retry
        self.maxRetries = maxRetries
        self.delaySeconds = delaySeconds
        self.reason = reason
        self.server = TrackingLocation.redactingCredentials(server)
    }

    /// The attempt that comes next: 2 for the first retry.
    public var attempt: Int { retry + 1 }

    /// Every attempt allowed: the first and the retries.
    public var maxAttempts: Int { maxRetries + 1 }

    /// A line for a status bar: `connection refused: http://127.0.0.1:5099 (retrying, attempt 2 of 8)`.
    public var sentence: String {
        "\(reason): \(server) (retrying, attempt \(attempt) of \(maxAttempts))"
    }
}

/// Runboard's version, as `runboard --version` prints it and the User-Agent header sends it.
public enum RunboardVersion {
    public static let current = "0.1.0"
}
