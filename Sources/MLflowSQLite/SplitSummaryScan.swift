import Dispatch
import Foundation
import GRDB
import MLflowCore
import Synchronization

/// The exact summary of one metric history, scanned in parts by timestamp on several read-only
/// connections at once, one core each.
///
/// Parts: the run's start time and the timestamp of the key's latest point (`latest_metrics`)
/// give a span cut at even points; the first part takes every timestamp up to the first cut and
/// the last one every timestamp after the last cut (`after < t <= through`), so the parts cover
/// each row exactly once whatever the rows' times: equal timestamps fall in one part, and rows
/// outside the guessed span fall in the first or the last part. A poor guess only costs balance.
/// Each part is a range scan of the primary key (key, timestamp, ...). The partial summaries are
/// merged with `MetricSummary.merged(with:)`, which settles ties by history order as one pass does.
///
/// Consistency: MLflow leaves `mlflow.db` in a rollback-journal mode, where a reader holds a
/// SHARED lock from its first read to the end of its read transaction, and a writer can commit
/// only once no SHARED lock is held. So the leading connection (the store's own) first reads
/// (the split points and the journal mode), which takes its lock; only then do the other
/// connections take theirs, each with a first read inside its own transaction. While the leader
/// holds its lock no commit can happen, so every part reads the same database. A helper that
/// cannot have its lock at once (`SQLITE_BUSY`: a writer is waiting to commit, and would keep
/// everyone waiting) gives up without waiting, and the leader, still holding its lock, scans
/// the whole history alone as a single scan does. (Connections of one process share the
/// process's lock on the file, so a writer in another process that waits to commit does not
/// refuse the helpers: it waits for every part, which is just as consistent; a waiting writer
/// in this process does refuse them.) A file in WAL mode is scanned alone too: there
/// a reader's snapshot does not stop commits, so parts could see different databases.
///
/// Every blocking step (the scans and the waits for the other connections) runs inside GRDB's
/// `DatabaseQueue.read`, on the connection's own dispatch queue, never on Swift's cooperative
/// thread pool. The leader's busy waits and retries are those of a single read (`BusyRetry`).
struct SplitSummaryScan: Sendable {
    /// The store's connection, which takes the first lock and scans the first part.
    let leader: Connection
    /// One more connection per further part; they never wait for a lock.
    let helpers: [Connection]
    let runId: String
    let key: String
    /// Called by the leader once it holds its lock, before the helpers take theirs (for tests).
    var afterFirstLock: (@Sendable () -> Void)?

    /// A summary and the number of parts it was scanned in (1: a single scan).
    struct Outcome: Sendable, Equatable {
        var summary: MetricSummary
        var parts: Int
    }

    /// How many parts a long history is scanned in: one per active core, at most 4.
    static var partCount: Int { Swift.max(1, Swift.min(4, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Scans in parts, retrying the whole attempt while a writer keeps the leader from its first read.
    func run() async throws -> Outcome {
        try await BusyRetry(path: leader.path, retries: Connection.busyRetries, pause: 0.05).run { try await attempt() }
    }

    private func attempt() async throws -> Outcome {
        let meeting = Meeting(helpers: helpers.count)
        let (runId, key, afterFirstLock) = (self.runId, self.key, self.afterFirstLock)
        return try await withThrowingTaskGroup(of: (Int, MetricSummary?).self) { group in
            for (offset, helper) in helpers.enumerated() {
                let index = offset + 1
                group.addTask {
                    do {
                        let part = try await helper.queue.read { db in
                            try Self.helperPart(db, index: index, runId: runId, key: key, meeting: meeting)
                        }
                        return (index, part)
                    } catch {
                        meeting.report(index, locked: false)
                        throw error
                    }
                }
            }
            group.addTask {
                defer { meeting.release() }
                let part = try await leader.queue.read { db in
                    try Self.leaderPart(
                        db, runId: runId, key: key, parts: helpers.count + 1, meeting: meeting, afterFirstLock: afterFirstLock)
                }
                return (0, part)
            }
            var parts = [MetricSummary?](repeating: nil, count: helpers.count + 1)
            for try await (index, part) in group { parts[index] = part }
            let lead = parts[0] ?? .empty
            guard meeting.wentAhead else { return Outcome(summary: lead, parts: 1) }
            return Outcome(summary: MetricSummary.merging(parts.map { $0 ?? .empty }), parts: parts.count)
        }
    }

    /// The leader: takes the first lock, tells the helpers their parts, and scans the first part,
    /// or everything when a helper could not lock or the file is in WAL mode.
    private static func leaderPart(
        _ db: Database, runId: String, key: String, parts: Int, meeting: Meeting, afterFirstLock: (@Sendable () -> Void)?
    ) throws -> MetricSummary {
        // The first read: from here to the end of this transaction no writer can commit.
        let span = try db.map(
            SQL("SELECT (SELECT start_time FROM runs WHERE run_uuid = ") + SQL.string(runId)
                + SQL("), (SELECT timestamp FROM latest_metrics WHERE key = ") + SQL.string(key)
                + SQL(" AND run_uuid = ") + SQL.string(runId) + SQL(")")
        ) { ($0.int64(0), $0.int64(1)) }.first
        let journal = try db.map(SQL("PRAGMA journal_mode")) { $0.string(0).lowercased() }.first ?? ""
        var plan: [TimestampRange]?
        if journal != "wal", let low = span?.0, let high = span?.1 {
            let ranges = TimestampRange.split(low: low, high: high, into: parts)
            if ranges.count == parts { plan = ranges }
        }
        guard let plan else {
            meeting.announce(nil)
            return try MetricSummaryReader.summary(db, runId: runId, key: key)
        }
        afterFirstLock?()
        meeting.announce(plan)
        guard meeting.helpersLocked() else {
            return try MetricSummaryReader.summary(db, runId: runId, key: key)
        }
        return try MetricSummaryReader.summary(db, runId: runId, key: key, timestamps: plan[0])
    }

    /// A helper: once the leader holds its lock, takes its own without waiting, then scans its
    /// part if every helper could; nil when the leader scans alone.
    private static func helperPart(_ db: Database, index: Int, runId: String, key: String, meeting: Meeting) throws -> MetricSummary? {
        guard let plan = meeting.plan() else { return nil }
        do {
            // The first read of this transaction, which takes the SHARED lock.
            _ = try db.map(SQL("PRAGMA schema_version")) { $0.integer(0) }
        } catch let error as DatabaseError where Connection.isBusy(error) {
            meeting.report(index, locked: false)
            return nil
        }
        meeting.report(index, locked: true)
        guard meeting.goAhead() else { return nil }
        return try MetricSummaryReader.summary(db, runId: runId, key: key, timestamps: plan[index])
    }
}

/// Where the leader and the helpers of one attempt wait for each other. Every step is taken once:
/// a second report or announcement is ignored, so that `release` can free everyone on any exit.
final class Meeting: Sendable {
    private struct State {
        var announced = false
        var plan: [TimestampRange]?
        var reported: Set<Int> = []
        var allLocked = true
        var decided = false
        var goAhead = false
    }

    private let helpers: Int
    private let state = Mutex(State())
    private let announcement = DispatchSemaphore(value: 0)
    private let reports = DispatchSemaphore(value: 0)
    private let decision = DispatchSemaphore(value: 0)

    init(helpers: Int) { self.helpers = helpers }

    /// Whether the parts were scanned apart.
    var wentAhead: Bool { state.withLock { $0.decided && $0.goAhead } }

    /// The leader holds its lock: the helpers' parts, or nil when the leader scans alone.
    func announce(_ plan: [TimestampRange]?) {
        let first = state.withLock { state -> Bool in
            guard !state.announced else { return false }
            state.announced = true
            state.plan = plan
            return true
        }
        guard first else { return }
        for _ in 0..<helpers { announcement.signal() }
        if plan == nil { decide(false) }
    }

    /// Waits for the leader's announcement.
    func plan() -> [TimestampRange]? {
        announcement.wait()
        return state.withLock { $0.plan }
    }

    /// Helper `index` holds its lock, or could not take it.
    func report(_ index: Int, locked: Bool) {
        let first = state.withLock { state -> Bool in
            guard state.reported.insert(index).inserted else { return false }
            if !locked { state.allLocked = false }
            return true
        }
        if first { reports.signal() }
    }

    /// Waits for every helper's report, then decides: true when all of them hold their locks.
    func helpersLocked() -> Bool {
        for _ in 0..<helpers { reports.wait() }
        let go = state.withLock { $0.allLocked }
        decide(go)
        return go
    }

    /// Waits for the leader's decision.
    func goAhead() -> Bool {
        decision.wait()
        return state.withLock { $0.goAhead }
    }

    /// Frees every helper still waiting, once the leader is done (or failed).
    func release() {
        announce(nil)
        decide(false)
    }

    private func decide(_ go: Bool) {
        let first = state.withLock { state -> Bool in
            guard !state.decided else { return false }
            state.decided = true
            state.goAhead = go
            return true
        }
        if first { for _ in 0..<helpers { decision.signal() } }
    }
}
