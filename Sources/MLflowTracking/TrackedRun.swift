import Foundation
import Synchronization
@_exported import MLflowCore

/// One MLflow run being tracked from Swift: params and tags sent at once, metrics queued and
/// sent in batches in the background, artifacts uploaded, and an end that says what was lost.
///
/// A store that goes away mid-run does not stop the program: requests are retried with a growing
/// pause, metrics are kept (up to `TrackingOptions.maxQueuedMetrics` points) and sent when the
/// store is back, and `end` reports whatever could still not be stored.
///
/// ```swift
/// import MLflowSQLite    // or MLflowREST, whose RESTStore writes to a server
/// import MLflowTracking
/// let store = try await SQLiteWriter.open(path: "mlflow.db")   // MLflow creates it when missing
/// let run = try await TrackedRun.start(writer: store, experiment: "mnist", artifactLocation: nil,
///                                      runName: "baseline", tags: [], userId: "ada")
/// try await run.logParams([KeyValue(key: "lr", value: "0.01"), KeyValue(key: "epochs", value: "10")])
/// for epoch in 0..<10 { run.logMetric("loss", train(epoch), step: Int64(epoch)) }   // never blocks
/// try await run.logArtifact(localFile: "model.bin", artifactPath: "model/model.bin")
/// let report = await run.end(status: .finished)
/// for line in report.lines { print("not stored:", line) }
/// ```
public final class TrackedRun: Sendable {
    let writer: any TrackingWriter
    let options: TrackingOptions
    let queue: MetricQueue
    let state: Mutex<State>
    let flusher = Mutex<Task<Void, Never>?>(nil)

    struct State {
        var info: RunInfo
        /// Params accepted so far, to refuse a changed value before it reaches the store.
        var params: [String: String] = [:]
        var pendingParams: [KeyValue] = []
        var pendingTags: [KeyValue] = []
        var validMetricKeys: Set<String> = []
        var refusedMetricKeys: Set<String> = []
        var errors: [String] = []
        var failedArtifacts: [(path: String, error: String)] = []
        /// The last failure of any request other than a deadline passing, for the report.
        var lastError: String?
        var ending = false
        var report: TrackingReport?
    }

    /// Gets or creates the experiment, creates the run with tags (system tags included by the caller).
    public static func start(writer: any TrackingWriter, experiment: String, artifactLocation: String?,
                             runName: String, tags: [KeyValue], userId: String, startTime: Int64? = nil,
                             options: TrackingOptions = TrackingOptions()) async throws -> TrackedRun {
        try LogBatch.validate(metrics: [], params: [], tags: tags)
        for tag in tags { try EntityKeys.check(tag.key, kind: "tag") }
        let found = try await writer.getOrCreateExperiment(name: experiment, artifactLocation: artifactLocation, tags: [])
        let info = try await writer.createRun(experimentId: found.experimentId, runName: runName,
                                              startTime: startTime ?? TrackedRun.nowMillis(), userId: userId, tags: tags)
        return TrackedRun(writer: writer, info: info, options: options)
    }

    /// Tracks a run that already exists (for example one created by `start` in another process).
    public init(writer: any TrackingWriter, info: RunInfo, options: TrackingOptions = TrackingOptions()) {
        self.writer = writer
        self.options = options
        self.queue = MetricQueue(capacity: options.maxQueuedMetrics)
        self.state = Mutex(State(info: info))
        // The loop holds the run only while sending, so that a run nobody ends is still freed.
        let task = Task.detached { [weak self] in
            var pacing = Pacing(lastSend: Date(), backoff: options.initialBackoff)
            while !Task.isCancelled {
                let pause: Double
                do {
                    guard let run = self else { return }
                    pause = await run.flushStep(&pacing)
                }
                try? await Task.sleep(nanoseconds: UInt64(pause * 1e9))
            }
        }
        flusher.withLock { $0 = task }
    }

    deinit {
        flusher.withLock { $0?.cancel() }
    }

    public var runId: String { state.withLock { $0.info.runId } }
    public var experimentId: String { state.withLock { $0.info.experimentId } }
    /// The run as created; after `end`, with its final status and end time.
    public var info: RunInfo { state.withLock { $0.info } }

    // MARK: Params and tags

    /// Sends params now. Bad keys, over-long values and a changed value of a param already
    /// logged throw `MLflowError.invalidArgument` naming the key, as does the store refusing them.
    /// A store that stays unreachable through the retries does not make this throw: the params
    /// are kept and sent again by `end`, which reports them if they still cannot be stored.
    public func logParams(_ params: [KeyValue]) async throws {
        guard !params.isEmpty else { return }
        try LogBatch.validate(metrics: [], params: params, tags: [])
        for param in params { try EntityKeys.check(param.key, kind: "param") }
        let fresh: [KeyValue] = try state.withLock { state in
            var fresh: [KeyValue] = []
            var known = state.params
            for param in params {
                if let earlier = known[param.key] {
                    guard earlier == param.value else {
                        throw MLflowError.invalidArgument(
                            "param '\(param.key)' was already logged with value '\(earlier)'; MLflow does not allow changing it to '\(param.value)'")
                    }
                    continue
                }
                known[param.key] = param.value
                fresh.append(param)
            }
            state.params = known
            return fresh
        }
        guard !fresh.isEmpty else { return }
        do {
            try await send { [writer, runId] in try await writer.logBatch(runId: runId, metrics: [], params: fresh, tags: []) }
        } catch let error where isRetryable(error) {
            noteFailure(error)
            state.withLock { $0.pendingParams += fresh }
        } catch {
            state.withLock { state in for param in fresh { state.params[param.key] = nil } }
            throw error
        }
    }

    /// Sets tags now (a later value replaces an earlier one). Throws as `logParams` does.
    public func setTags(_ tags: [KeyValue]) async throws {
        guard !tags.isEmpty else { return }
        try LogBatch.validate(metrics: [], params: [], tags: tags)
        for tag in tags { try EntityKeys.check(tag.key, kind: "tag") }
        do {
            try await send { [writer, runId] in try await writer.logBatch(runId: runId, metrics: [], params: [], tags: tags) }
        } catch let error where isRetryable(error) {
            noteFailure(error)
            state.withLock { $0.pendingTags += tags }
        }
    }

    // MARK: Metrics

    /// Queues one point without waiting; it is sent in a batch in the background. `timestamp`
    /// defaults to now (milliseconds). A key MLflow would reject is counted as unsent and
    /// reported by `end`; so is a point logged after `end` began or beyond the queue's capacity.
    public func logMetric(_ key: String, _ value: Double, step: Int64, timestamp: Int64? = nil) {
        let time = timestamp ?? TrackedRun.nowMillis()
        let accepted: Bool = state.withLock { state in
            if state.ending { return false }
            if state.validMetricKeys.contains(key), time >= 0 { return true }
            do {
                try EntityKeys.check(key, kind: "metric")
                if time < 0 { throw MLflowError.invalidArgument("metric '\(key)' has a negative timestamp \(time)") }
                state.validMetricKeys.insert(key)
                return true
            } catch {
                if state.refusedMetricKeys.insert(key).inserted { state.errors.append(describe(error)) }
                return false
            }
        }
        guard accepted else {
            queue.countRefused(1)
            return
        }
        queue.append(Metric(key: key, value: value, timestamp: time, step: step))
    }

    /// Metric points waiting to be sent.
    public var queuedMetrics: Int { queue.count }

    // MARK: Artifacts

    /// Uploads one local file as `artifactPath` (a `/`-separated path inside the run's artifacts),
    /// retrying a failing store. When it still fails, the failure is kept for `end`'s report and thrown.
    public func logArtifact(localFile: String, artifactPath: String) async throws {
        do {
            _ = try LocalArtifactRoot.validateRelative(artifactPath)
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: localFile, isDirectory: &isDir), !isDir.boolValue else {
                throw MLflowError.notFound("local file \(localFile)")
            }
            try await send { [writer, runId] in
                try await writer.uploadArtifact(runId: runId, localFile: localFile, artifactPath: artifactPath)
            }
        } catch {
            let message = describe(error)
            state.withLock { $0.failedArtifacts.append((path: artifactPath, error: message)) }
            throw error
        }
    }

    // MARK: Ending

    /// Flushes queued metrics (retrying), then sets status and end time. Returns what could not be sent.
    /// Retries stop at `TrackingOptions.endDeadline`; a second call returns the first report.
    public func end(status: RunStatus, endTime: Int64? = nil) async -> TrackingReport {
        let first: Bool = state.withLock { state in
            defer { state.ending = true }
            return !state.ending
        }
        guard first else {
            if let report = state.withLock({ $0.report }) { return report }
            return TrackingReport(errors: ["the run is already being ended"], statusStored: false)
        }
        let task = flusher.withLock { task -> Task<Void, Never>? in
            defer { task = nil }
            return task
        }
        let deadline = Date().addingTimeInterval(options.endDeadline)
        // Cancelling stops the sender's pauses; a batch it is sending is let finish (within the
        // deadline), so that it is neither lost nor sent twice.
        task?.cancel()
        if let task { try? await within(deadline) { await task.value } }
        var backoff = options.initialBackoff
        func pause() async -> Bool {
            guard Date().addingTimeInterval(backoff) < deadline else { return false }
            try? await Task.sleep(nanoseconds: UInt64(backoff * 1e9))
            backoff = min(backoff * 2, options.maxBackoff)
            return true
        }

        while queue.count > 0 {
            if await sendMetricBatch(deadline: deadline) == .failed, !(await pause()) { break }
        }
        var pending = state.withLock { state -> (params: [KeyValue], tags: [KeyValue]) in
            defer {
                state.pendingParams = []
                state.pendingTags = []
            }
            return (state.pendingParams, state.pendingTags)
        }
        var extraErrors: [String] = []
        while !pending.params.isEmpty || !pending.tags.isEmpty {
            do {
                let batch = pending
                try await within(deadline) { [writer, runId] in
                    try await writer.logBatch(runId: runId, metrics: [], params: batch.params, tags: batch.tags)
                }
                pending = ([], [])
            } catch let error where isRetryable(error) {
                noteFailure(error)
                if !(await pause()) {
                    extraErrors.append(notStored(pending.params, pending.tags, explain(error)))
                    break
                }
            } catch {
                extraErrors.append(notStored(pending.params, pending.tags, explain(error)))
                break
            }
        }
        let finalEnd = endTime ?? TrackedRun.nowMillis()
        var statusStored = false
        while true {
            do {
                try await within(deadline) { [writer, runId] in
                    try await writer.updateRun(runId: runId, status: status, endTime: finalEnd, runName: nil)
                }
                statusStored = true
                break
            } catch let error where isRetryable(error) {
                noteFailure(error)
                if !(await pause()) {
                    extraErrors.append("the run's status \(status.rawValue) and end time were not stored: \(explain(error))")
                    break
                }
            } catch {
                extraErrors.append("the run's status \(status.rawValue) and end time were not stored: \(explain(error))")
                break
            }
        }

        let counts = queue.counts
        let left = queue.count
        return state.withLock { state in
            var errors = state.errors + extraErrors
            if left > 0, let last = state.lastError {
                errors.append("\(left) metric points were still queued at the deadline; last error: \(last)")
            }
            if statusStored {
                state.info.status = status
                state.info.endTime = finalEnd
            }
            let report = TrackingReport(
                unsentMetrics: left + counts.refused + counts.dropped, failedArtifacts: state.failedArtifacts,
                errors: errors, sentMetrics: counts.sent, droppedMetrics: counts.dropped, statusStored: statusStored)
            state.report = report
            return report
        }
    }

    // MARK: Sending

    enum Outcome { case sent, refused, failed }

    /// Sends the batch at the front of the queue once, giving up at `deadline`. A batch that
    /// failed, was cancelled or timed out stays queued; one the store refused is counted and dropped.
    func sendMetricBatch(deadline: Date? = nil) async -> Outcome {
        let batch = queue.peek(MLflowLimits.maxMetricsPerBatch)
        guard !batch.isEmpty else { return .sent }
        do {
            try await within(deadline) { [writer, runId] in
                try await writer.logBatch(runId: runId, metrics: batch, params: [], tags: [])
            }
            queue.remove(batch.count, accepted: true)
            return .sent
        } catch let error where isRetryable(error) || Task.isCancelled {
            noteFailure(error)
            return .failed
        } catch {
            queue.remove(batch.count, accepted: false)
            let message = "\(batch.count) metric points were refused by the store: \(describe(error))"
            state.withLock { $0.errors.append(message) }
            return .refused
        }
    }

    struct Pacing {
        var lastSend: Date
        var backoff: Double
    }

    /// One step of the background sender: a batch as soon as one is full, else every
    /// `flushInterval`; returns how long to pause, longer after each failure.
    func flushStep(_ pacing: inout Pacing) async -> Double {
        let tick = min(0.05, options.flushInterval)
        let waiting = queue.count
        if waiting == 0 || (waiting < MLflowLimits.maxMetricsPerBatch && Date().timeIntervalSince(pacing.lastSend) < options.flushInterval) {
            return tick
        }
        // Not cancelled with the sender: `end` waits for a batch in flight instead.
        let outcome = await Task { await self.sendMetricBatch() }.value
        pacing.lastSend = Date()
        guard outcome == .failed else {
            pacing.backoff = options.initialBackoff
            return 0
        }
        let pause = pacing.backoff
        pacing.backoff = min(pacing.backoff * 2, options.maxBackoff)
        return pause
    }

    /// Runs `request` up to `options.attempts` times while it fails in a retryable way.
    func send(_ request: @Sendable () async throws -> Void) async throws {
        var backoff = options.initialBackoff
        var attempt = 1
        while true {
            do {
                return try await request()
            } catch let error where isRetryable(error) && attempt < options.attempts {
                attempt += 1
                try? await Task.sleep(nanoseconds: UInt64(backoff * 1e9))
                backoff = min(backoff * 2, options.maxBackoff)
            }
        }
    }

    /// Runs `request`, cancelling it when `deadline` passes first.
    func within(_ deadline: Date?, _ request: @escaping @Sendable () async throws -> Void) async throws {
        guard let deadline else { return try await request() }
        guard deadline > Date() else { throw DeadlinePassed() }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await request()
                return true
            }
            group.addTask {
                let wait = max(0, deadline.timeIntervalSinceNow)
                try await Task.sleep(nanoseconds: UInt64(wait * 1e9))
                return false
            }
            defer { group.cancelAll() }
            guard let finished = try await group.next(), finished else { throw DeadlinePassed() }
        }
    }

    /// Keeps a failure's text for the report, unless it is only the deadline passing.
    func noteFailure(_ error: any Error) {
        guard !(error is DeadlinePassed) else { return }
        let text = describe(error)
        state.withLock { $0.lastError = text }
    }

    /// An error for the report: a passed deadline is explained by the failure before it.
    func explain(_ error: any Error) -> String {
        guard error is DeadlinePassed else { return describe(error) }
        guard let last = state.withLock({ $0.lastError }) else { return describe(error) }
        return "\(last) (still failing at the deadline)"
    }

    private func notStored(_ params: [KeyValue], _ tags: [KeyValue], _ error: String) -> String {
        var what: [String] = []
        if !params.isEmpty { what.append("params " + params.map(\.key).joined(separator: ", ")) }
        if !tags.isEmpty { what.append("tags " + tags.map(\.key).joined(separator: ", ")) }
        return what.joined(separator: " and ") + " were not stored: \(error)"
    }

    static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
