/// A run to compare, with the name of its experiment when the caller knows it.
public struct ComparedRun: Sendable {
    public var run: Run
    /// Shown in the run section and in the column headers of runs from several experiments;
    /// the experiment's id stands in when it is nil.
    public var experimentName: String?

    public init(run: Run, experimentName: String? = nil) {
        self.run = run
        self.experimentName = experimentName
    }
}

/// Which value of each metric a comparison shows.
public enum MetricValueMode: Sendable, Hashable {
    /// The run's latest value (MLflow's latest metric: highest step, then latest time).
    case latest
    /// The lowest finite value of the whole history.
    case min
    /// The highest finite value of the whole history.
    case max
    /// The best finite value of the whole history under the row's direction.
    case best
    /// The value at the nearest logged step at or before the given step.
    case atStep(Int64)

    /// Whether the mode needs each run's `MetricSummary` (min, max, best).
    public var needsSummaries: Bool {
        switch self {
        case .min, .max, .best: true
        case .latest, .atStep: false
        }
    }

    /// The step the mode reads at, for `atStep`.
    public var step: Int64? {
        if case .atStep(let step) = self { return step }
        return nil
    }

    /// The mode's name in output: latest, min, max, best, step.
    public var name: String {
        switch self {
        case .latest: "latest"
        case .min: "min"
        case .max: "max"
        case .best: "best"
        case .atStep: "step"
        }
    }
}

/// What a comparison shows and how.
public struct ComparisonOptions: Sendable, Hashable {
    /// Every row, not only the rows that differ.
    public var allRows: Bool
    /// MLflow's own `mlflow.*` tags in the tags section too.
    public var systemTags: Bool
    /// Only rows whose key contains this text (case-insensitive), in every section; nil or empty for all.
    public var rowFilter: String?
    /// Only these metric rows, in this order; nil for every metric.
    public var metricKeys: [String]?
    /// Only these param rows, in this order; nil for every param.
    public var paramKeys: [String]?
    /// Which value of each metric.
    public var metricValue: MetricValueMode
    /// The run the changes are measured against; nil for the first run.
    public var baselineRunId: String?
    /// Metric keys whose direction is the opposite of `MetricGoal(key:)`.
    public var flippedMetrics: Set<String>

    public init(
        allRows: Bool = false, systemTags: Bool = false, rowFilter: String? = nil, metricKeys: [String]? = nil,
        paramKeys: [String]? = nil, metricValue: MetricValueMode = .latest, baselineRunId: String? = nil,
        flippedMetrics: Set<String> = []
    ) {
        self.allRows = allRows
        self.systemTags = systemTags
        self.rowFilter = rowFilter
        self.metricKeys = metricKeys
        self.paramKeys = paramKeys
        self.metricValue = metricValue
        self.baselineRunId = baselineRunId
        self.flippedMetrics = flippedMetrics
    }

    /// The direction of the metric row `key`: `MetricGoal(key:)`, flipped when asked.
    public func goal(forMetric key: String) -> MetricGoal {
        let goal = MetricGoal(key: key)
        guard flippedMetrics.contains(key) else { return goal }
        return goal == .lowerIsBetter ? .higherIsBetter : .lowerIsBetter
    }
}

/// What the caller read from a store for the metric modes that need more than the latest values:
/// exact summaries for min, max and best, histories (sampled or full) for a value at a step.
///
/// The comparison itself reads nothing; a value the caller did not provide counts as missing.
public struct MetricFigures: Sendable, Hashable {
    private struct Key: Hashable {
        var runId: String
        var metric: String
    }

    private var summaries: [Key: MetricSummary] = [:]
    private var histories: [Key: [Metric]] = [:]

    public init() {}

    /// Keeps the exact summary of run `runId`'s metric `key`.
    public mutating func setSummary(_ summary: MetricSummary, runId: String, key: String) {
        summaries[Key(runId: runId, metric: key)] = summary
    }

    /// Keeps points of run `runId`'s metric `key` (any order; a sample must hold the last point
    /// at or before the step asked for, as MLflow's sampled histories do).
    public mutating func setHistory(_ points: [Metric], runId: String, key: String) {
        histories[Key(runId: runId, metric: key)] = points
    }

    public func summary(runId: String, key: String) -> MetricSummary? {
        summaries[Key(runId: runId, metric: key)]
    }

    public func history(runId: String, key: String) -> [Metric]? {
        histories[Key(runId: runId, metric: key)]
    }

    /// Keeps what `other` holds too (its figures win where both hold one).
    public mutating func merge(_ other: MetricFigures) {
        summaries.merge(other.summaries) { _, new in new }
        histories.merge(other.histories) { _, new in new }
    }
}

/// Why a comparison cannot be built.
public enum ComparisonError: Error, Equatable, CustomStringConvertible {
    /// The baseline is not among the compared runs.
    case unknownBaseline(String)

    public var description: String {
        switch self {
        case .unknownBaseline(let id): "the baseline run \(id) is not among the compared runs"
        }
    }
}
