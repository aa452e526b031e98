import MLflowCore
import TerminalCore

/// One metric of several runs as a braille chart with a legend below it: the overlay view's charts
/// and `runboard plot`'s text output draw through here.
public struct OverlayChart: Sendable {
    public var overlay: MetricOverlay
    /// The legend's name of each run, by id (the run id when missing).
    public var labels: [String: String]
    public var options: OverlayOptions
    /// Series styles in turn (`Theme.seriesPalette`); lines are told apart by pattern where the
    /// styles look alike.
    public var palette: [Style]
    /// The x range shown (zoom and pan); nil for all of it.
    public var xBounds: ClosedRange<Double>?
    public var symbols: Symbols
    public var axisStyle: Style
    public var markerStyle: Style
    public var textStyle: Style
    /// Most rows the legend may take; 0 for none.
    public var legendRows: Int

    public init(overlay: MetricOverlay, labels: [String: String], options: OverlayOptions, palette: [Style],
                xBounds: ClosedRange<Double>? = nil, symbols: Symbols = .unicode, axisStyle: Style = Style(attributes: .dim),
                markerStyle: Style = Style(attributes: .bold), textStyle: Style = .plain, legendRows: Int = 2) {
        self.overlay = overlay
        self.labels = labels
        self.options = options
        self.palette = palette
        self.xBounds = xBounds
        self.symbols = symbols
        self.axisStyle = axisStyle
        self.markerStyle = markerStyle
        self.textStyle = textStyle
        self.legendRows = legendRows
    }

    /// The style and pattern of the run at `index` in the overlay.
    public func look(_ index: Int) -> (style: Style, pattern: LinePattern) {
        (SeriesLook.style(index, palette: palette), SeriesLook.pattern(index, palette: palette))
    }

    /// The chart's lines, in run order.
    public func series() -> [ChartSeries] {
        overlay.lines(options).map { line in
            let look = look(line.index)
            return ChartSeries(name: labels[line.runId] ?? line.runId, x: line.x, y: line.y, style: look.style, pattern: look.pattern)
        }
    }

    /// The legend: every run in order (those without points too, so colours stay put).
    public func legend() -> ChartLegend {
        let entries = overlay.runIds.enumerated().map { index, runId in
            let look = look(index)
            return ChartLegend.Entry(name: labels[runId] ?? runId, style: look.style, pattern: look.pattern)
        }
        return ChartLegend(entries: entries, symbols: symbols, textStyle: textStyle)
    }

    /// The braille chart alone (no legend).
    public func chart() -> BrailleChart {
        var chart = BrailleChart(
            series: series(), yScale: options.logY ? .log : .linear, xBounds: xBounds,
            xLabel: Self.xLabel(options.xAxis), xTicks: Self.xTicks(options.xAxis),
            axisStyle: axisStyle, markerStyle: markerStyle, symbols: symbols)
        chart.showsLegend = false
        return chart
    }

    /// Draws the chart with the legend under it (the legend gets at most `legendRows` rows and
    /// never more than a third of the height).
    public func draw(in rect: Rect, into buffer: inout CellBuffer) {
        let maxLegend = min(legendRows, rect.height / 3)
        let legendLines = maxLegend > 0 ? legend().rows(width: rect.width, maxRows: maxLegend) : []
        let (top, bottom) = rect.splitBottom(legendLines.count)
        chart().draw(in: top, into: &buffer)
        for (offset, row) in legendLines.enumerated() {
            buffer.put(row, x: bottom.x, y: bottom.y + offset, maxWidth: bottom.width, style: textStyle)
        }
    }

    /// How x values are labelled on an axis: steps as numbers, wall time as a clock, relative time
    /// as a duration.
    public static func xLabel(_ axis: ChartXAxis) -> @Sendable (Double) -> String {
        switch axis {
        case .step: ChartTicks.number
        case .wallTime: { ChartTicks.clock($0) }
        case .relativeTime: ChartTicks.duration
        }
    }

    /// Where x ticks go: round numbers for steps, whole seconds, minutes or hours for times.
    public static func xTicks(_ axis: ChartXAxis) -> @Sendable (Double, Double, Int) -> [Double] {
        switch axis {
        case .step: ChartTicks.linear
        case .wallTime, .relativeTime: ChartTicks.time
        }
    }

    /// `loss · 12 runs · x: step · log (3 values at or below 0 left out) · EMA 0.9`, names sanitised.
    public static func title(_ overlay: MetricOverlay, options: OverlayOptions, separator: String) -> String {
        var parts = [SafeText.sanitize(overlay.key)]
        let runs = overlay.runIds.count
        parts.append(overlay.isComplete ? "\(runs) run\(runs == 1 ? "" : "s")" : "\(overlay.arrivedCount) of \(runs) runs loaded")
        let without = overlay.arrivedCount - overlay.runsWithPoints
        if without > 0 { parts.append("\(without) without it") }
        parts.append("x: \(options.xAxis.rawValue)")
        if options.logY {
            let dropped = overlay.lines(options).reduce(0) { $0 + $1.droppedNonPositive }
            parts.append(dropped > 0 ? "log (\(dropped) value\(dropped == 1 ? "" : "s") at or below 0 left out)" : "log")
        }
        if options.smoothing > 0 { parts.append("EMA \(options.smoothing)") }
        return parts.joined(separator: separator)
    }
}
