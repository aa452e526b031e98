import MLflowCore

/// What the chart's x axis measures.
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
}

/// The metric chart of one run.
public struct ChartState: Sendable, Hashable {
    public var runId: String?
    public var runName = ""
    /// Where `Esc` goes: the pane the chart was opened from.
    public var returnTo: Pane = .detail
    public var key: String?
    /// The full history, in (step, timestamp) order.
    public var points: [Metric] = []
    public var load: LoadState = .idle
    public var xAxis: ChartXAxis = .step
    public var logY = false
    /// EMA smoothing weight in 0..<1; 0 is off.
    public var smoothing = 0.0
    /// Visible fraction of the x range (1 = all), and where it starts (0...1-zoom).
    public var zoom = 1.0
    public var pan = 0.0

    public init() {}
}
