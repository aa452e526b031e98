import MLflowCore

/// Runs of earlier queries (experiments and MLflow filter), kept while the dashboard is open, so
/// that coming back to an experiment or clearing a filter shows its runs at once; they are then
/// refreshed behind the table. Least recently used entries go first past `maxRuns` runs in all.
public struct RunsCache: Sendable, Hashable {
    /// What identifies a list of runs: the sort is not part of it (sorting is done in memory).
    public struct Key: Sendable, Hashable {
        public var experimentIds: [String]
        public var filter: String

        public init(experimentIds: [String], filter: String) {
            self.experimentIds = experimentIds
            self.filter = filter
        }
    }

    /// One complete list, and where the cursor was on it.
    public struct Entry: Sendable, Hashable {
        public var runs: [Run]
        public var selectedRunId: String?
        public var scroll: Int

        public init(runs: [Run], selectedRunId: String?, scroll: Int) {
            self.runs = runs
            self.selectedRunId = selectedRunId
            self.scroll = scroll
        }
    }

    /// Runs kept in all (a 20,000-run sweep fits three times over).
    public var maxRuns = 60_000
    private var entries: [Key: Entry] = [:]
    /// Keys from least to most recently used.
    private var order: [Key] = []

    public init() {}

    public var count: Int { entries.count }

    /// A run of any kept query, by id (not marked as used).
    public func run(withId id: String) -> Run? {
        for entry in entries.values {
            if let run = entry.runs.first(where: { $0.info.runId == id }) { return run }
        }
        return nil
    }

    /// The entry for `key`, marked as most recently used.
    public mutating func entry(for key: Key) -> Entry? {
        guard let entry = entries[key] else { return nil }
        touch(key)
        return entry
    }

    /// Keeps `entry` under `key`, dropping the least recently used entries past `maxRuns`.
    public mutating func store(_ entry: Entry, for key: Key) {
        entries[key] = entry
        touch(key)
        var total = entries.values.reduce(0) { $0 + $1.runs.count }
        while total > maxRuns, order.count > 1 {
            let oldest = order.removeFirst()
            total -= entries.removeValue(forKey: oldest)?.runs.count ?? 0
        }
    }

    private mutating func touch(_ key: Key) {
        order.removeAll { $0 == key }
        order.append(key)
    }
}
