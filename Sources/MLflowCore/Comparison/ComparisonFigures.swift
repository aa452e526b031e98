/// One metric of one run.
public struct RunMetricKey: Sendable, Hashable {
    public var runId: String
    public var key: String

    public init(runId: String, key: String) {
        self.runId = runId
        self.key = key
    }
}

/// What a comparison reads from a store beyond the runs, for the command line and the dashboard alike.
extension MetricFigures {
    /// What to read for each metric of each run.
    public enum Reading: Sendable, Hashable {
        /// The exact summary (min, max, best) of the whole history.
        case summaries
        /// The history: the points at or before `upTo` (every point when nil), so that the nearest
        /// step at or before any step up to it is exact.
        case histories(upTo: Int64?)
    }

    /// What a comparison in `options.metricValue` needs read, or nil for the latest values (which
    /// the runs carry).
    public static func reading(for mode: MetricValueMode) -> Reading? {
        if mode.needsSummaries { return .summaries }
        if let step = mode.step { return .histories(upTo: step) }
        return nil
    }

    /// Each metric row the comparison of `runs` shows, for each run that has the metric.
    public static func wanted(for runs: [Run], options: ComparisonOptions) -> [RunMetricKey] {
        var wanted: [RunMetricKey] = []
        for key in RunComparison.metricKeys(of: runs, options: options) {
            for run in runs where run.metric(key) != nil { wanted.append(RunMetricKey(runId: run.info.runId, key: key)) }
        }
        return wanted
    }

    /// Whether the figures hold what `reading` reads for `item`.
    public func holds(_ item: RunMetricKey, for reading: Reading) -> Bool {
        switch reading {
        case .summaries: summary(runId: item.runId, key: item.key) != nil
        case .histories: history(runId: item.runId, key: item.key) != nil
        }
    }

    /// Reads `wanted` from `store`, `BoundedWork.width` requests at a time; `progress` is told how
    /// many items are done.
    public static func read(
        _ wanted: [RunMetricKey], _ reading: Reading, store: any TrackingStore, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> MetricFigures {
        var figures = MetricFigures()
        switch reading {
        case .histories(let upTo):
            let range = upTo.map { StepRange(from: .min, to: $0) }
            let histories = try await BoundedWork.map(wanted, progress: progress) { item in
                try await store.fullMetricHistory(runId: item.runId, key: item.key, steps: range)
            }
            for (item, history) in zip(wanted, histories) { figures.setHistory(history, runId: item.runId, key: item.key) }
        case .summaries:
            let summaries = try await BoundedWork.map(wanted, progress: progress) { item in
                try await store.metricSummary(runId: item.runId, key: item.key, progress: nil)
            }
            for (item, summary) in zip(wanted, summaries) { figures.setSummary(summary, runId: item.runId, key: item.key) }
        }
        return figures
    }
}

/// Many store requests at once, but not too many.
public enum BoundedWork {
    /// How many requests run at once.
    public static let width = 8

    /// `transform` over `items`, at most `width` at a time, results in the items' order; `progress`
    /// is told how many are done after each.
    public static func map<Item: Sendable, Result: Sendable>(
        _ items: [Item], progress: (@Sendable (Int) -> Void)? = nil, _ transform: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            var done = 0
            func start() {
                guard next < items.count else { return }
                let index = next, item = items[index]
                next += 1
                group.addTask { (index, try await transform(item)) }
            }
            for _ in 0..<Swift.min(width, items.count) { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                done += 1
                progress?(done)
                start()
            }
            return results.compactMap { $0 }
        }
    }
}
