import Foundation

/// One line of a chart: y values at x values (step, wall time or relative time, as the caller
/// chooses), joined in the order given.
public struct ChartSeries: Sendable, Hashable {
    public var name: String
    public var x: [Double]
    public var y: [Double]
    public var style: Style
    /// Dashes or dots along the line, to tell series apart without colour.
    public var pattern: LinePattern

    /// A series; extra values of the longer of `x` and `y` are ignored.
    public init(name: String, x: [Double], y: [Double], style: Style = .plain, pattern: LinePattern = .solid) {
        self.name = name
        self.x = x
        self.y = y
        self.style = style
        self.pattern = pattern
    }
}

/// A line chart in braille dots (2x4 per cell) with y tick labels on the left and x tick labels
/// below; plain ASCII marks when `symbols.braille` is off.
///
/// NaN breaks a line into a gap; +inf and -inf break it and put a marker at the top or bottom of
/// their column; on a log scale values at or below zero are gaps. Bounds come from the finite
/// values unless given (for zoom and pan), and points outside them are clipped.
public struct BrailleChart: Sendable {
    public var series: [ChartSeries]
    public var yScale: YScale
    public var xBounds: ClosedRange<Double>?
    public var yBounds: ClosedRange<Double>?
    public var xLabel: @Sendable (Double) -> String
    public var yLabel: @Sendable (Double) -> String
    /// Where x ticks go, given the x range and about how many fit: `ChartTicks.linear` for steps,
    /// `ChartTicks.time` for seconds.
    public var xTicks: @Sendable (_ low: Double, _ high: Double, _ count: Int) -> [Double]
    /// The style of the empty chart area; series, axis and marker styles are drawn over it.
    public var style: Style
    public var axisStyle: Style
    public var markerStyle: Style
    public var symbols: Symbols
    /// Whether a chart of several series puts their names on its top row (when they fit);
    /// off when the caller draws a legend of its own.
    public var showsLegend = true

    public init(series: [ChartSeries], yScale: YScale = .linear, xBounds: ClosedRange<Double>? = nil,
                yBounds: ClosedRange<Double>? = nil,
                xLabel: @escaping @Sendable (Double) -> String = ChartTicks.number,
                yLabel: @escaping @Sendable (Double) -> String = ChartTicks.number,
                xTicks: @escaping @Sendable (Double, Double, Int) -> [Double] = ChartTicks.linear,
                style: Style = .plain, axisStyle: Style = Style(attributes: .dim),
                markerStyle: Style = Style(attributes: .bold), symbols: Symbols = .unicode) {
        self.series = series
        self.yScale = yScale
        self.xBounds = xBounds
        self.yBounds = yBounds
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xTicks = xTicks
        self.style = style
        self.axisStyle = axisStyle.over(style)
        self.markerStyle = markerStyle.over(style)
        self.symbols = symbols
    }

    /// Whether a y value can be placed on this chart's scale.
    func isPlaceable(_ y: Double) -> Bool { y.isFinite && (yScale == .linear || y > 0) }

    /// The x and y ranges drawn: the given bounds, or those of the placeable points, widened
    /// when empty or a single value. When `xBounds` zooms in, the y range comes from the points
    /// inside the x window and their neighbours just outside it (the ends of the lines that cross
    /// its edges), so a zoomed part of a long history shows its own detail.
    public func bounds() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let scale = self.scale()
        return (scale.x, scale.y)
    }

    /// The ranges drawn, and the value when every y value in view is the same (a single point or a
    /// flat line), which then sits in the middle of the y range and gets a label of its own.
    func scale() -> (x: ClosedRange<Double>, y: ClosedRange<Double>, flatY: Double?) {
        var xLow = Double.infinity, xHigh = -Double.infinity
        var all = ValueRange(), inWindow = ValueRange()
        for s in series {
            // The last placeable point, when the line runs on from it.
            var previous: (x: Double, y: Double)?
            for (x, y) in zip(s.x, s.y) {
                guard x.isFinite else { previous = nil; continue }
                xLow = min(xLow, x); xHigh = max(xHigh, x)
                guard isPlaceable(y) else { previous = nil; continue }
                all.add(y)
                if let window = xBounds {
                    if window.contains(x) { inWindow.add(y) }
                    if let p = previous, min(p.x, x) <= window.upperBound, max(p.x, x) >= window.lowerBound {
                        inWindow.add(p.y)
                        inWindow.add(y)
                    }
                }
                previous = (x, y)
            }
        }
        let x = xBounds ?? Self.widen(xLow, xHigh, log: false)
        if let yBounds { return (x, yBounds, nil) }
        let seen = xBounds != nil && !inWindow.isEmpty ? inWindow : all
        let flat = !seen.isEmpty && seen.low == seen.high ? seen.low : nil
        return (x, Self.widen(seen.low, seen.high, log: yScale == .log), flat)
    }

    /// `low...high`, or for a single value a span around it: a decade either side on a log
    /// scale, 10 % either side (1 around zero) on a linear one; kept finite near the largest doubles.
    static func widen(_ low: Double, _ high: Double, log: Bool) -> ClosedRange<Double> {
        guard low.isFinite, high.isFinite else { return log ? 1...10 : 0...1 }
        if high > low { return low...high }
        let largest = Double.greatestFiniteMagnitude
        if log {
            let below = low / 10 > 0 ? low / 10 : low, above = min(low * 10, largest)
            return below < above ? below...above : (low / 2)...low
        }
        let pad = low == 0 ? 1 : abs(low) * 0.1
        return max(low - pad, -largest)...min(low + pad, largest)
    }

    /// The transformed y (log10 on a log scale).
    func t(_ y: Double) -> Double { yScale == .log ? log10(y) : y }

    /// Draws the axes, labels and series into `rect`; with fewer than 3 rows or 8 columns only
    /// the plot is drawn.
    public func draw(in rect: Rect, into buffer: inout CellBuffer) {
        let area = rect.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area, style: style)
        let (xRange, yRange, flatY) = scale()
        let withAxes = area.height >= 3 && area.width >= 8
        var plot = area
        if withAxes {
            let plotHeight = area.height - 2
            // A flat series is labelled at its value and at both ends of the span around it.
            let yTicks = flatY.map { [yRange.lowerBound, $0, yRange.upperBound] }
                ?? ticks(yRange, log: yScale == .log, count: max(1, plotHeight / 3))
            let labels = yTicks.map { SafeText.sanitize(yLabel($0)) }
            let labelWidth = min(area.width / 3, labels.map { DisplayWidth.of($0) }.max() ?? 0)
            plot = Rect(x: area.x + labelWidth + 1, y: area.y, width: area.width - labelWidth - 1, height: plotHeight)
            drawYAxis(ticks: yTicks, labels: labels, labelWidth: labelWidth, plot: plot, range: yRange, into: &buffer)
            drawXAxis(range: xRange, plot: plot, into: &buffer)
        }
        drawSeries(in: plot, xRange: xRange, yRange: yRange, into: &buffer)
    }

    /// Tick values for the y axis; when a short axis asks for so few that no round number falls
    /// inside the range, more are asked for, so the axis is never without a label.
    func ticks(_ range: ClosedRange<Double>, log: Bool, count: Int) -> [Double] {
        func make(_ count: Int) -> [Double] {
            log ? ChartTicks.logarithmic(low: range.lowerBound, high: range.upperBound, count: count)
                : ChartTicks.linear(low: range.lowerBound, high: range.upperBound, count: count)
        }
        let ticks = make(count)
        return ticks.isEmpty ? make(count * 2 + 1) : ticks
    }

    /// The row of `plot` a y value falls in.
    func row(of y: Double, plot: Rect, range: ClosedRange<Double>) -> Int {
        let low = t(range.lowerBound), high = t(range.upperBound)
        guard high > low else { return plot.maxY - 1 }
        let fraction = (t(y) - low) / (high - low)
        guard fraction.isFinite, fraction > -1, fraction < 2 else { return fraction > 0.5 ? plot.y - 1 : plot.maxY }
        return plot.y + Int(((1 - fraction) * Double(plot.height * 4 - 1)).rounded()) / 4
    }

    /// The column of `plot` an x value falls in.
    func column(of x: Double, plot: Rect, range: ClosedRange<Double>) -> Int {
        let segment = range.upperBound - range.lowerBound
        guard segment > 0 else { return plot.x }
        // Checked before the conversion to Int: an infinity's step far outside a zoomed window is huge.
        let fraction = (x - range.lowerBound) / segment
        guard fraction.isFinite, fraction > -1, fraction < 2 else { return fraction > 0.5 ? plot.maxX : plot.x - 1 }
        return plot.x + Int((fraction * Double(plot.width * 2 - 1)).rounded()) / 2
    }

    private func drawYAxis(ticks: [Double], labels: [String], labelWidth: Int, plot: Rect,
                           range: ClosedRange<Double>, into buffer: inout CellBuffer) {
        let axisX = plot.x - 1
        for y in plot.y..<plot.maxY { buffer.put(symbols.vertical, x: axisX, y: y, maxWidth: 1, style: axisStyle) }
        buffer.put(symbols.corner, x: axisX, y: plot.maxY, maxWidth: 1, style: axisStyle)
        var taken = Set<Int>()
        for (tick, label) in zip(ticks, labels) {
            let y = row(of: tick, plot: plot, range: range)
            guard y >= plot.y, y < plot.maxY, taken.insert(y).inserted else { continue }
            let text = DisplayWidth.truncate(label, to: labelWidth, ellipsis: symbols.ellipsis)
            buffer.put(text, x: axisX - DisplayWidth.of(text), y: y, maxWidth: labelWidth, style: axisStyle)
        }
    }

    private func drawXAxis(range: ClosedRange<Double>, plot: Rect, into buffer: inout CellBuffer) {
        let axisY = plot.maxY
        for x in plot.x..<plot.maxX { buffer.put(symbols.horizontal, x: x, y: axisY, maxWidth: 1, style: axisStyle) }
        let widest = max(DisplayWidth.of(xLabel(range.lowerBound)), DisplayWidth.of(xLabel(range.upperBound)))
        let count = max(1, plot.width / max(1, widest + 3))
        // Labels keep at least one space between them.
        var nextFree = plot.x - 2
        for tick in xTicks(range.lowerBound, range.upperBound, count) {
            let x = column(of: tick, plot: plot, range: range)
            let label = SafeText.sanitize(xLabel(tick))
            let width = DisplayWidth.of(label)
            let start = min(max(plot.x - 1, x - width / 2), plot.maxX - width)
            guard start > nextFree else { continue }
            buffer.put(symbols.tick, x: x, y: axisY, maxWidth: 1, style: axisStyle)
            buffer.put(label, x: start, y: axisY + 1, maxWidth: width, style: axisStyle)
            nextFree = start + width
        }
    }

    private func drawSeries(in plot: Rect, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
                            into buffer: inout CellBuffer) {
        guard !plot.isEmpty else { return }
        var grid = DotGrid(columns: plot.width, rows: plot.height)
        let xSpan = xRange.upperBound - xRange.lowerBound
        let yLow = t(yRange.lowerBound), yHigh = t(yRange.upperBound)
        let ySpan = yHigh - yLow
        func dot(_ x: Double, _ y: Double) -> (Double, Double) {
            let fx = xSpan > 0 ? (x - xRange.lowerBound) / xSpan : 0.5
            let fy = ySpan > 0 ? (t(y) - yLow) / ySpan : 0.5
            return (fx * Double(grid.dotWidth - 1), (1 - fy) * Double(grid.dotHeight - 1))
        }
        var markers: [(x: Int, y: Int, text: String, style: Style)] = []
        for (index, s) in series.enumerated() {
            var previous: (Double, Double)?
            var position = 0
            // A point with no line to or from it is drawn as a marker: one braille dot is too easy to miss.
            var alone: (Double, Double)?
            func endLine() {
                // Checked before the conversion to Int: a point far outside a zoomed window is huge.
                if let point = alone, point.0 >= -0.5, point.1 >= -0.5,
                   point.0 < Double(grid.dotWidth) - 0.5, point.1 < Double(grid.dotHeight) - 0.5 {
                    let column = plot.x + Int(point.0.rounded()) / 2, row = plot.y + Int(point.1.rounded()) / 4
                    markers.append((column, row, symbols.marked, s.style.over(style)))
                }
                alone = nil
                previous = nil
            }
            for (x, y) in zip(s.x, s.y) {
                guard x.isFinite else { endLine(); continue }
                if y.isInfinite {
                    let column = column(of: x, plot: plot, range: xRange)
                    if column >= plot.x, column < plot.maxX {
                        markers.append(y > 0 ? (column, plot.y, symbols.plusInfinity, markerStyle)
                                             : (column, plot.maxY - 1, symbols.minusInfinity, markerStyle))
                    }
                    endLine()
                    continue
                }
                guard isPlaceable(y) else { endLine(); continue }
                let point = dot(x, y)
                alone = previous == nil ? point : nil
                grid.line(from: previous ?? point, to: point, series: index, pattern: s.pattern, position: &position,
                          continuing: previous != nil)
                previous = point
            }
            endLine()
        }
        for row in 0..<plot.height {
            for column in 0..<plot.width {
                guard let text = grid.character(column: column, row: row, braille: symbols.braille) else { continue }
                let owner = grid.series(column: column, row: row)
                let dotStyle = owner >= 0 && owner < series.count ? series[owner].style.over(style) : style
                buffer.put(text, x: plot.x + column, y: plot.y + row, maxWidth: 1, style: dotStyle)
            }
        }
        for marker in markers { buffer.put(marker.text, x: marker.x, y: marker.y, maxWidth: 1, style: marker.style) }
        if series.count > 1, showsLegend { drawLegend(in: plot, into: &buffer) }
    }

    /// Series names with a mark in their colour, right-aligned on the plot's top row.
    private func drawLegend(in plot: Rect, into buffer: inout CellBuffer) {
        var segments: [Span] = []
        for s in series {
            if !segments.isEmpty { segments.append(" ") }
            segments.append(Span(symbols.braille ? "━ " : "- ", style: s.style))
            segments.append(Span(SafeText.sanitize(s.name)))
        }
        let width = segments.reduce(0) { $0 + DisplayWidth.of($1.text) }
        guard width <= plot.width else { return }
        buffer.put(segments, x: plot.maxX - width, y: plot.y, maxWidth: width, style: axisStyle)
    }
}

/// The lowest and highest of some values.
struct ValueRange {
    var low = Double.infinity
    var high = -Double.infinity

    var isEmpty: Bool { low > high }

    mutating func add(_ value: Double) {
        low = min(low, value)
        high = max(high, value)
    }
}
