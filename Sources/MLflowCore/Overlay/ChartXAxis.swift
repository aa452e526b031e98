/// What a metric chart's x axis measures: the step, the wall-clock time, or the time since the
/// run's first point.
public enum ChartXAxis: String, Sendable, Hashable, CaseIterable {
    case step
    case wallTime = "wall time"
    case relativeTime = "relative time"

    /// The next axis in `x` order.
    public var next: ChartXAxis {
        let all = Self.allCases
        let index = all.firstIndex(of: self) ?? 0
        return all[(index + 1) % all.count]
    }

    /// The x value of each point: its step, or its time in seconds (since the epoch, or since
    /// `start`, in milliseconds, for relative time).
    public func values(of points: [Metric], start: Int64) -> [Double] {
        switch self {
        case .step: return points.map { Double($0.step) }
        case .wallTime: return points.map { Double($0.timestamp) / 1_000 }
        case .relativeTime: return points.map { Double($0.timestamp - start) / 1_000 }
        }
    }
}
