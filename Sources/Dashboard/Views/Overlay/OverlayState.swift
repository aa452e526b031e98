import MLflowCore
import TerminalCore

/// The overlaid charts of the chosen runs (`p` in the runs pane): first a grid of small charts,
/// one per metric (those that differ most across the runs first), then one metric full size.
public struct OverlayState: Sendable, Hashable {
    /// What the view shows.
    public enum Mode: Sendable, Hashable {
        case grid
        /// One metric, full size.
        case chart(key: String)
    }

    /// The runs shown, in order: a run's position picks its colour, in every chart and legend.
    public var runIds: [String] = []
    /// Legend names by run id (names made unique, as a comparison's headers).
    public var labels: [String: String] = [:]
    /// Every metric the runs have, those that differ most first.
    public var keys: [String] = []
    /// The sampled histories of each metric asked for so far.
    public var overlays: [String: MetricOverlay] = [:]
    /// The request loading each metric, and how it stands.
    public var loads: [String: LoadState] = [:]
    public var mode: Mode = .grid
    /// The selected chart of the grid (an index into `keys`) and the first row of charts shown.
    public var cursor = 0
    public var scrollRow = 0
    public var options = OverlayOptions()
    /// Visible fraction of the full chart's x range, and where it starts, as in the metric chart.
    public var zoom = 1.0
    public var pan = 0.0
    /// The denser sample of the steps in view of a zoomed full chart, as the metric chart has.
    public var window: OverlayWindow?
    /// The metric being typed after `m` (completed over `keys`), while the prompt is open.
    public var metricDraft: String?
    /// Where `Esc` from the grid goes.
    public var returnTo: Pane = .runs

    public init() {}

    /// The metric of the full chart, or the one under the grid's cursor.
    public var currentKey: String? {
        switch mode {
        case .chart(let key): key
        case .grid: keys.indices.contains(cursor) ? keys[cursor] : nil
        }
    }

    /// What the status line says while histories arrive: the metrics asked for, or the zoomed
    /// view's denser sample.
    public var loadingText: String? {
        let loading = loads.filter { $0.value.isLoading }.map(\.key).sorted()
        if let key = loading.first {
            let runs = "\(runIds.count) run" + (runIds.count == 1 ? "" : "s")
            return loading.count == 1 ? "loading \(SafeText.sanitize(key)) of \(runs)..." : "loading \(loading.count) metrics of \(runs)..."
        }
        return window?.load.isLoading == true ? "resampling the zoomed view..." : nil
    }

    /// Whether a metric's histories are still arriving.
    public var isLoading: Bool { loads.values.contains { $0.isLoading } || window?.load.isLoading == true }

    /// What a chart of `key` draws: its sample, with the zoomed window's denser points in place of
    /// those of its steps once they arrive (merged as batches arrive, not per frame).
    public func shown(_ key: String, maxPoints: Int) -> MetricOverlay {
        if let window, window.key == key, let merged = window.merged { return merged }
        return sample(key, maxPoints: maxPoints)
    }

    /// The sample of `key` asked for so far (empty before its first batch), without the window.
    public func sample(_ key: String, maxPoints: Int) -> MetricOverlay {
        overlays[key] ?? MetricOverlay(key: key, runIds: runIds, maxPoints: maxPoints)
    }

    /// Merges the window's points into its metric's sample again: called when a batch of either
    /// arrives, so that drawing a frame sorts nothing.
    mutating func mergeWindow() {
        guard var window else { return }
        if window.overlay.arrivedCount > 0, let base = overlays[window.key] {
            window.merged = base.merging(window.overlay, steps: window.steps)
        } else {
            window.merged = nil
        }
        self.window = window
    }

    /// The keys that complete `draft`: those starting with it, then those containing it.
    public func completions(_ draft: String) -> [String] {
        let lower = draft.lowercased()
        let prefixed = keys.filter { $0.lowercased().hasPrefix(lower) }.sorted()
        let containing = keys.filter { !$0.lowercased().hasPrefix(lower) && $0.lowercased().contains(lower) }.sorted()
        return prefixed + containing
    }
}

/// The denser sample of one metric over the steps in view of a zoomed chart.
public struct OverlayWindow: Sendable, Hashable {
    public var key: String
    public var steps: StepRange
    public var overlay: MetricOverlay
    public var load: LoadState
    /// The metric's sample with `overlay` in place of its points in `steps` (`OverlayState.mergeWindow`).
    public var merged: MetricOverlay?

    public init(key: String, steps: StepRange, overlay: MetricOverlay, load: LoadState) {
        self.key = key
        self.steps = steps
        self.overlay = overlay
        self.load = load
    }
}

/// The overlay view's own actions: typing into its metric prompt and the store's answers.
public enum OverlayAction: Sendable, Hashable {
    /// `m`: opens the metric prompt.
    case beginMetricPrompt
    /// The chart left or right of the grid's cursor.
    case moveLeft
    case moveRight
    /// One batch of up to 100 runs' sampled histories of `key`.
    case batchLoaded(requestId: Int, key: String, [String: [Metric]])
    /// Every batch of the request has arrived.
    case loadFinished(requestId: Int, key: String)
}
