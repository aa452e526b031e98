/// One metric of several runs drawn over each other: the runs in their order (a run's position
/// picks its colour), their sampled histories as the batches arrive, and the lines to draw.
///
/// The dashboard's overlay view and `runboard plot` both build their charts from here, so the two
/// never disagree on what a line shows.
public struct MetricOverlay: Sendable, Hashable {
    public var key: String
    /// The runs, in the order they were chosen; each appears once.
    public private(set) var runIds: [String]
    /// Points asked for per run (1...2,500).
    public var maxPoints: Int
    /// The sampled history of every run whose batch has arrived (empty for a run without the key).
    public private(set) var histories: [String: [Metric]] = [:]

    public init(key: String, runIds: [String], maxPoints: Int) {
        var seen = Set<String>()
        self.key = key
        self.runIds = runIds.filter { seen.insert($0).inserted }
        self.maxPoints = maxPoints
    }

    /// Takes one batch's answer; runs the overlay does not show are ignored.
    public mutating func add(_ batch: [String: [Metric]]) {
        for (runId, points) in batch where runIds.contains(runId) { histories[runId] = points }
    }

    /// How many runs' histories have arrived.
    public var arrivedCount: Int { histories.count }

    /// Whether every run's history has arrived.
    public var isComplete: Bool { histories.count == runIds.count }

    /// The runs that have the metric (a non-empty history) among those arrived.
    public var runsWithPoints: Int { histories.values.filter { !$0.isEmpty }.count }

    /// The lines of the runs arrived so far, in run order; a run without points has none.
    public func lines(_ options: OverlayOptions) -> [OverlayLine] {
        runIds.enumerated().compactMap { index, runId in
            guard let points = histories[runId], !points.isEmpty else { return nil }
            return OverlayLine(runId: runId, index: index, points: points, options: options)
        }
    }

    /// The x range of every line (for zoom and pan, which are fractions of it), nil without points.
    public func xRange(_ options: OverlayOptions) -> ClosedRange<Double>? {
        var low = Double.infinity, high = -Double.infinity
        for line in lines(options) {
            for x in line.x where x.isFinite {
                low = Swift.min(low, x)
                high = Swift.max(high, x)
            }
        }
        return low <= high ? low...high : nil
    }

    /// The steps that cover the x range `bounds` in every run: for each run, from its last point at
    /// or before the range's start to its first at or after the range's end; the union of those
    /// over the runs (one bulk request asks for one step range). Nil when no run has points.
    public func steps(covering bounds: ClosedRange<Double>, _ options: OverlayOptions) -> StepRange? {
        var low: Int64?, high: Int64?
        for runId in runIds {
            guard let points = histories[runId], !points.isEmpty else { continue }
            let x = options.xAxis.values(of: points, start: points.map(\.timestamp).min() ?? 0)
            var first: Int64?, last: Int64?
            for (index, value) in x.enumerated() where index < points.count {
                let step = points[index].step
                if value <= bounds.lowerBound { first = Swift.max(first ?? step, step) }
                if value >= bounds.upperBound { last = Swift.min(last ?? step, step) }
            }
            let steps = points.map(\.step)
            let start = first ?? steps.min() ?? 0, end = last ?? steps.max() ?? 0
            low = Swift.min(low ?? Swift.min(start, end), Swift.min(start, end))
            high = Swift.max(high ?? Swift.max(start, end), Swift.max(start, end))
        }
        guard let low, let high else { return nil }
        return StepRange(from: low, to: high)
    }

    /// This sample with each run's points inside `steps` replaced by `window`'s denser sample of
    /// those steps (for the runs whose window has arrived).
    public func merging(_ window: MetricOverlay, steps: StepRange) -> MetricOverlay {
        var merged = self
        for runId in runIds {
            guard let dense = window.histories[runId] else { continue }
            let outside = (histories[runId] ?? []).filter { !steps.contains($0.step) }
            merged.histories[runId] = (outside + dense).sorted { ($0.step, $0.timestamp) < ($1.step, $1.timestamp) }
        }
        return merged
    }

    /// Run ids in batches of at most `size` (MLflow's limit for one bulk sampled-history request).
    public static func batches(_ runIds: [String], size: Int = MLflowLimits.maxSampledRuns) -> [[String]] {
        let size = Swift.max(1, size)
        return stride(from: 0, to: runIds.count, by: size).map { Array(runIds[$0..<Swift.min($0 + size, runIds.count)]) }
    }
}

/// How an overlay's lines are drawn.
public struct OverlayOptions: Sendable, Hashable {
    public var xAxis: ChartXAxis
    /// A logarithmic y axis: values at or below zero are left out (and counted).
    public var logY: Bool
    /// EMA weight in 0..<1 (0 is off); the smoothed values replace the raw ones.
    public var smoothing: Double

    public init(xAxis: ChartXAxis = .step, logY: Bool = false, smoothing: Double = 0) {
        self.xAxis = xAxis
        self.logY = logY
        self.smoothing = smoothing
    }
}

/// One run's line of an overlay.
public struct OverlayLine: Sendable, Hashable {
    public var runId: String
    /// The run's position among the overlay's runs: it picks the line's colour and pattern.
    public var index: Int
    public var x: [Double]
    public var y: [Double]
    /// Points left out because a log scale cannot place a value at or below zero.
    public var droppedNonPositive: Int

    public init(runId: String, index: Int, x: [Double], y: [Double], droppedNonPositive: Int = 0) {
        self.runId = runId
        self.index = index
        self.x = x
        self.y = y
        self.droppedNonPositive = droppedNonPositive
    }

    /// The line of one run's points (in step order): x for the chosen axis (relative time from the
    /// run's own first point), values at or below zero dropped on a log scale, then smoothed.
    public init(runId: String, index: Int, points: [Metric], options: OverlayOptions) {
        var kept = points
        var dropped = 0
        if options.logY {
            // NaN and infinities stay: they draw as gaps and edge markers.
            kept = points.filter { !($0.value <= 0) }
            dropped = points.count - kept.count
        }
        let start = points.map(\.timestamp).min() ?? 0
        let y = kept.map(\.value)
        self.init(runId: runId, index: index, x: options.xAxis.values(of: kept, start: start),
                  y: options.smoothing > 0 ? Smoothing.ema(y, weight: options.smoothing) : y, droppedNonPositive: dropped)
    }
}
