import MLflowCore

/// The run detail pane: one run, its metrics' sampled histories, a cursor over its lines.
public struct DetailState: Sendable, Hashable {
    public var runId: String?
    public var run: Run?
    public var load: LoadState = .idle
    /// Sampled history of each metric, by key.
    public var histories: [String: [Metric]] = [:]
    public var historiesLoad: LoadState = .idle
    /// Exact count, min and max of each metric's whole history, by key, as they arrive; until a
    /// key has one, its min, max and best are computed from the sample and shown as approximate.
    public var summaries: [String: MetricSummary] = [:]
    public var summariesLoad: LoadState = .idle
    /// The metric whose whole history is being read for its exact figures, and the points read.
    public var summaryProgress: SummaryProgress?
    /// The metric under the cursor in the metrics section (index into `run.metrics`).
    public var metricCursor = ListCursor()
    /// First line shown of the detail text after `PgUp`/`PgDn`/`g`/`G` (clamped when drawn);
    /// nil follows the selected metric.
    public var scroll: Int?

    public init() {}

    /// The metric under the cursor.
    public var selectedMetric: Metric? {
        guard let metrics = run?.metrics, metrics.indices.contains(metricCursor.selected) else { return nil }
        return metrics[metricCursor.selected]
    }
}

/// How far the exact figures of a run's metrics have got: the metric being read and its points so far.
public struct SummaryProgress: Sendable, Hashable {
    public var key: String
    public var points: Int

    public init(key: String, points: Int) {
        self.key = key
        self.points = points
    }
}
