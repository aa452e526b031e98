/// One cell of a comparison: a run's value for a row's key, typed so that each output formats it.
public enum ComparisonValue: Sendable {
    /// The run has no value for the key (unlike an empty string, which is a value).
    case missing
    /// A param, tag or run attribute, exactly as stored.
    case text(String)
    /// A metric value; NaN and ±infinity included (a SQL store's ±`greatestFiniteMagnitude` is read
    /// as ±infinity).
    case number(Double)
    /// A time, in milliseconds since the epoch.
    case time(Int64)
    /// A length of time, in milliseconds.
    case duration(Int64)

    /// Whether two cells count as the same for "differs": equal values, both missing, or both NaN
    /// (NaN equals nothing but another NaN here, so that a metric that is NaN in every run is not
    /// shown as differing).
    public func isSame(as other: ComparisonValue) -> Bool {
        switch (self, other) {
        case (.missing, .missing): true
        case (.text(let a), .text(let b)): a == b
        case (.number(let a), .number(let b)): a == b || (a.isNaN && b.isNaN)
        case (.time(let a), .time(let b)): a == b
        case (.duration(let a), .duration(let b)): a == b
        default: false
        }
    }

    /// The number of a `.number` cell.
    public var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The text of a `.text` cell.
    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }
}

/// A compared run as a column: its unique header and where it comes from.
public struct ComparisonColumn: Sendable, Hashable {
    public var runId: String
    public var runName: String
    public var experimentId: String
    public var experimentName: String?
    /// The run's name, made unique with a short id where names collide (`sweep (3f2a9c)`), and
    /// with the experiment's name when the runs come from several experiments (`sweep [mnist]`).
    public var header: String
}

/// Whether a metric value is better or worse than the baseline's under its row's direction.
public enum MetricVerdict: String, Sendable, Hashable {
    case better, worse, same
}

/// A metric value's change against the baseline run's value.
public struct MetricChange: Sendable {
    /// The value minus the baseline's (NaN or infinite when either is).
    public var absolute: Double
    /// `absolute` over the baseline's magnitude; nil when the baseline is 0 or not finite, or the
    /// value is not finite.
    public var relative: Double?
    /// Nil unless both values are finite.
    public var verdict: MetricVerdict?
}

/// What a metric row knows beyond its values.
public struct MetricRowFigures: Sendable {
    /// The row's direction (`MetricGoal(key:)`, flipped when the caller asked).
    public var goal: MetricGoal
    /// Whether the caller flipped the direction.
    public var flipped: Bool
    /// The columns holding the best value: the finite value best under `goal` (every column that
    /// ties), when at least two runs have a finite value; NaN and infinities are never best.
    public var bestColumns: [Int]
    /// Per column, the change against the baseline; nil for the baseline itself and where either
    /// value is missing.
    public var changes: [MetricChange?]
    /// Per column, the step of the value shown, where known.
    public var steps: [Int64?]
}

/// One key and one cell per run.
public struct ComparisonRow: Sendable {
    public var key: String
    public var cells: [ComparisonValue]
    /// Whether the cells are not all the same (see `ComparisonValue.isSame(as:)`).
    public var differs: Bool
    /// Text rows: the values present are all numbers and equal as numbers, but not equal as text
    /// (`0.1` and `0.10`); the row still differs.
    public var equalAsNumbers: Bool
    /// Metric rows only.
    public var metric: MetricRowFigures?
}

/// The parts of a comparison, in the order they are shown.
public enum ComparisonSectionKind: String, Sendable, Hashable, CaseIterable {
    /// Experiment, status, start, duration, user, source, git commit.
    case run
    case params
    case metrics
    case tags
}

/// One part of a comparison: the rows shown and how many equal rows are hidden.
public struct ComparisonSection: Sendable {
    public var kind: ComparisonSectionKind
    /// The rows shown: those that differ, or every row when all rows were asked for; the row
    /// filter and key lists applied.
    public var rows: [ComparisonRow]
    /// Rows left out because they are equal in every run (0 when all rows were asked for).
    public var hiddenEqualRows: Int
}

/// Runs side by side: columns, sections of rows, the best values and the changes against a
/// baseline. Pure: built from runs and what the caller read, so that every view shows the same.
public struct RunComparison: Sendable {
    public var columns: [ComparisonColumn]
    /// The column the changes are measured against; nil when there are no runs.
    public var baselineColumn: Int?
    public var metricValue: MetricValueMode
    /// run, params, metrics, tags; always all four.
    public var sections: [ComparisonSection]

    public func section(_ kind: ComparisonSectionKind) -> ComparisonSection? {
        sections.first { $0.kind == kind }
    }
}
