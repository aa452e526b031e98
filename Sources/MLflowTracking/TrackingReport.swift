import MLflowCore

/// What a tracked run could not store, returned by `TrackedRun.end`.
public struct TrackingReport: Sendable {
    /// Metric points that never reached the store: still queued at the deadline, refused by the
    /// store, or dropped because the queue was full.
    public var unsentMetrics: Int
    /// Artifacts whose upload failed after the retries, with the last error.
    public var failedArtifacts: [(path: String, error: String)]
    /// Everything else that went wrong, one sentence each (params, tags, the final status...).
    public var errors: [String]
    /// Metric points the store accepted.
    public var sentMetrics: Int
    /// Of `unsentMetrics`, those dropped because more than `TrackingOptions.maxQueuedMetrics` were waiting.
    public var droppedMetrics: Int
    /// Whether the run's final status and end time were stored.
    public var statusStored: Bool

    public init(unsentMetrics: Int = 0, failedArtifacts: [(path: String, error: String)] = [], errors: [String] = [],
                sentMetrics: Int = 0, droppedMetrics: Int = 0, statusStored: Bool = true) {
        self.unsentMetrics = unsentMetrics
        self.failedArtifacts = failedArtifacts
        self.errors = errors
        self.sentMetrics = sentMetrics
        self.droppedMetrics = droppedMetrics
        self.statusStored = statusStored
    }

    /// Whether everything logged was stored.
    public var isComplete: Bool { unsentMetrics == 0 && failedArtifacts.isEmpty && errors.isEmpty && statusStored }

    /// One line per problem, for a terminal; empty when complete.
    public var lines: [String] {
        var result: [String] = []
        if unsentMetrics > 0 {
            let dropped = droppedMetrics > 0 ? " (\(droppedMetrics) dropped because the queue was full)" : ""
            result.append("\(unsentMetrics) metric points were not stored\(dropped)")
        }
        for artifact in failedArtifacts { result.append("artifact \(artifact.path) was not uploaded: \(artifact.error)") }
        result += errors
        return result
    }
}

/// How a tracked run queues and retries.
public struct TrackingOptions: Sendable {
    /// Queued metric points beyond this are dropped and counted in the report.
    public var maxQueuedMetrics: Int
    /// Queued metrics are sent at least this often (seconds), or as soon as a full batch is waiting.
    public var flushInterval: Double
    /// The first pause after a failure (seconds); it doubles up to `maxBackoff`.
    public var initialBackoff: Double
    public var maxBackoff: Double
    /// Tries for a param, tag or artifact request before it is kept for `end` or reported.
    public var attempts: Int
    /// How long `end` keeps retrying what is still queued (seconds).
    public var endDeadline: Double

    public init(maxQueuedMetrics: Int = 1_000_000, flushInterval: Double = 1, initialBackoff: Double = 0.5,
                maxBackoff: Double = 30, attempts: Int = 5, endDeadline: Double = 60) {
        self.maxQueuedMetrics = maxQueuedMetrics
        self.flushInterval = flushInterval
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.attempts = attempts
        self.endDeadline = endDeadline
    }
}

/// Whether a failed request may succeed if sent again: the store was unreachable, busy or
/// failing, as opposed to refusing what was sent.
func isRetryable(_ error: any Error) -> Bool {
    guard let error = error as? MLflowError else { return !(error is CancellationError) }
    switch error {
    case .transport, .storage: return true
    case .server(let status, _, _): return status >= 500 || status == 408 || status == 429
    case .unauthorized, .notFound, .invalidArgument, .malformedResponse, .unsupported: return false
    }
}

/// A request still unanswered when `TrackedRun.end`'s deadline passed.
struct DeadlinePassed: Error, CustomStringConvertible {
    var description: String { "no answer before the deadline" }
}

/// A readable form of any error.
func describe(_ error: any Error) -> String {
    if let error = error as? MLflowError { return error.description }
    return String(describing: error)
}
