/// One end of a metric's range: a value and where in the history it was logged.
public struct MetricExtreme: Sendable, Hashable {
    /// Always finite.
    public var value: Double
    public var step: Int64
    /// Milliseconds since the epoch.
    public var timestamp: Int64

    public init(value: Double, step: Int64, timestamp: Int64) {
        self.value = value
        self.step = step
        self.timestamp = timestamp
    }
}

/// The exact figures of a metric's whole history: how many points, the lowest and highest finite
/// value with their step and time, and how many points were NaN or infinite.
///
/// A value of ±`Double.greatestFiniteMagnitude` counts as an infinity: that is how MLflow's SQL
/// stores (and so a server over one) keep a logged ±infinity. When several points share the lowest
/// (or highest) value, the first in MLflow's history order (timestamp, then step) is the one kept.
public struct MetricSummary: Sendable, Hashable {
    /// Every point of the history, NaN and infinities included.
    public var count: Int
    /// The lowest finite value; nil when no point is finite.
    public var min: MetricExtreme?
    /// The highest finite value; nil when no point is finite.
    public var max: MetricExtreme?
    public var nanCount: Int
    public var positiveInfinityCount: Int
    public var negativeInfinityCount: Int

    public init(
        count: Int, min: MetricExtreme?, max: MetricExtreme?, nanCount: Int,
        positiveInfinityCount: Int, negativeInfinityCount: Int
    ) {
        self.count = count
        self.min = min
        self.max = max
        self.nanCount = nanCount
        self.positiveInfinityCount = positiveInfinityCount
        self.negativeInfinityCount = negativeInfinityCount
    }

    /// The summary of a history without points.
    public static let empty = MetricSummary(
        count: 0, min: nil, max: nil, nanCount: 0, positiveInfinityCount: 0, negativeInfinityCount: 0)

    /// Points that are ±infinity.
    public var infinityCount: Int { positiveInfinityCount + negativeInfinityCount }

    /// Points with a finite value.
    public var finiteCount: Int { count - nanCount - infinityCount }

    /// The best finite value under `goal`: the minimum when lower is better, else the maximum.
    public func best(_ goal: MetricGoal) -> MetricExtreme? {
        goal == .lowerIsBetter ? min : max
    }

    /// The best finite value of the metric named `key`, judged by `MetricGoal(key:)`.
    public func best(forKey key: String) -> MetricExtreme? {
        best(MetricGoal(key: key))
    }

    /// The summary of `points` (in any order).
    public static func of<Points: Sequence>(_ points: Points) -> MetricSummary where Points.Element == Metric {
        var accumulator = MetricSummaryAccumulator()
        for point in points { accumulator.add(point) }
        return accumulator.summary
    }

    /// What kind of value a stored metric value is, with ±`greatestFiniteMagnitude` read as the
    /// infinity MLflow's SQL store turned into it.
    public enum ValueKind: Sendable {
        case finite
        case nan
        case positiveInfinity
        case negativeInfinity
    }

    /// The kind of `value`.
    public static func kind(of value: Double) -> ValueKind {
        if value.isNaN { return .nan }
        if value >= .greatestFiniteMagnitude { return .positiveInfinity }
        if value <= -.greatestFiniteMagnitude { return .negativeInfinity }
        return .finite
    }
}

/// Builds a `MetricSummary` one point at a time, keeping no points: feed a history in pages, or
/// straight from a file, in any order.
public struct MetricSummaryAccumulator: Sendable {
    /// The summary of the points added so far.
    public private(set) var summary = MetricSummary.empty

    public init() {}

    /// Adds one point.
    public mutating func add(_ metric: Metric) {
        add(value: metric.value, step: metric.step, timestamp: metric.timestamp)
    }

    /// Adds one point given by its parts.
    public mutating func add(value: Double, step: Int64, timestamp: Int64) {
        summary.count += 1
        switch MetricSummary.kind(of: value) {
        case .nan:
            summary.nanCount += 1
        case .positiveInfinity:
            summary.positiveInfinityCount += 1
        case .negativeInfinity:
            summary.negativeInfinityCount += 1
        case .finite:
            let point = MetricExtreme(value: value, step: step, timestamp: timestamp)
            if let low = summary.min {
                if value < low.value || (value == low.value && Self.isEarlier(point, than: low)) { summary.min = point }
            } else {
                summary.min = point
            }
            if let high = summary.max {
                if value > high.value || (value == high.value && Self.isEarlier(point, than: high)) { summary.max = point }
            } else {
                summary.max = point
            }
        }
    }

    /// Adds one point whose step and time are asked of `position` only when the point may be a
    /// new extreme: a scan of a long history then reads them for a few points, not for all.
    public mutating func add(value: Double, position: () -> (step: Int64, timestamp: Int64)) {
        if MetricSummary.kind(of: value) == .finite, let low = summary.min, let high = summary.max,
           value > low.value, value < high.value {
            summary.count += 1
            return
        }
        let (step, timestamp) = position()
        add(value: value, step: step, timestamp: timestamp)
    }

    /// Adds every point of `metrics`.
    public mutating func add<Points: Sequence>(contentsOf metrics: Points) where Points.Element == Metric {
        for metric in metrics { add(metric) }
    }

    /// Whether `a` comes before `b` in MLflow's history order (timestamp, then step); equal
    /// points are not earlier, so the first one added stays.
    static func isEarlier(_ a: MetricExtreme, than b: MetricExtreme) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        return a.step < b.step
    }
}
