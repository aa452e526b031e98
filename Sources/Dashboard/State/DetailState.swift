import MLflowCore

/// The run detail pane: one run, its metrics' sampled histories, a cursor over its lines.
public struct DetailState: Sendable, Hashable {
    public var runId: String?
    public var run: Run?
    public var load: LoadState = .idle
    /// Sampled history of each metric, by key.
    public var histories: [String: [Metric]] = [:]
    public var historiesLoad: LoadState = .idle
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
