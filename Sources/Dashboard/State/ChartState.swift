import MLflowCore

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
    /// Whether `points` is the complete history (`F`), not an even sample of it.
    public var complete = false
    /// Points read so far while the complete history loads (it can take a while on a server).
    public var loadedPoints: Int?
    /// A denser sample of the steps in view, asked for when the view is zoomed into a sampled history.
    public var window: ChartWindow?

    public init() {}

    /// The x value of each point for the chosen axis (seconds for times).
    public func xValues(_ points: [Metric]) -> [Double] {
        xAxis.values(of: points, start: self.points.map(\.timestamp).min() ?? 0)
    }

    /// The steps in view when zoomed (nil at zoom 1), reaching to the sampled points just outside
    /// the view so that a denser sample of them draws to both edges.
    public var visibleSteps: StepRange? {
        guard zoom < 1, !points.isEmpty else { return nil }
        let x = xValues(points)
        guard let low = x.min(), let high = x.max(), high > low else { return nil }
        let from = low + (high - low) * pan
        let to = from + (high - low) * zoom
        var first: Int64?
        var last: Int64?
        for (index, value) in x.enumerated() {
            let step = points[index].step
            if value <= from { first = max(first ?? step, step) }
            if value >= to { last = min(last ?? step, step) }
        }
        let steps = points.map(\.step)
        let start = first ?? steps.min() ?? 0
        let end = last ?? steps.max() ?? 0
        return start <= end ? StepRange(from: start, to: end) : StepRange(from: end, to: start)
    }

    /// The points to draw: the sample, with the steps of a loaded window replaced by its denser sample.
    public var shownPoints: [Metric] {
        guard let window, window.load == .loaded, !window.points.isEmpty else { return points }
        let outside = points.filter { !window.steps.contains($0.step) }
        return (outside + window.points).sorted { ($0.step, $0.timestamp) < ($1.step, $1.timestamp) }
    }
}

/// A denser sample of a zoomed chart's steps in view.
public struct ChartWindow: Sendable, Hashable {
    public var steps: StepRange
    public var points: [Metric] = []
    public var load: LoadState

    public init(steps: StepRange, load: LoadState) {
        self.steps = steps
        self.load = load
    }
}
