import MLflowCore
import TerminalCore

/// Where the grid's small charts go inside the overlay's box: as many columns of at least
/// `minCellWidth` and rows of at least `minCellHeight` as fit (no more than `count` charts need),
/// sharing the room between them, over a legend of up to two rows.
struct OverlayGridLayout {
    static let minCellWidth = 34
    static let minCellHeight = 8
    static let legendRows = 2

    let columns: Int
    let rows: Int
    let cells: Rect
    let legend: Rect

    init(inner: Rect, count: Int) {
        let legendRows = inner.height >= Self.minCellHeight + Self.legendRows ? Self.legendRows : 0
        let (cells, legend) = inner.splitBottom(legendRows)
        self.cells = cells
        self.legend = legend
        columns = max(1, min(count, cells.width / Self.minCellWidth))
        let needed = (max(1, count) + columns - 1) / columns
        rows = max(1, min(needed, cells.height / Self.minCellHeight))
    }

    /// The layout at the state's size (the reducer scrolls with it, render draws with it).
    init(_ state: DashboardState) {
        self.init(inner: OverlayView.inner(DashboardLayout(size: state.size).main), count: state.overlay.keys.count)
    }

    /// The rectangle of the chart at a row and column of the page.
    func cell(row: Int, column: Int) -> Rect {
        let width = cells.width / columns, height = cells.height / rows
        // The last column and row take what the division leaves.
        let w = column == columns - 1 ? cells.width - width * column : width
        let h = row == rows - 1 ? cells.height - height * row : height
        return Rect(x: cells.x + column * width, y: cells.y + row * height, width: w, height: h)
    }
}

/// The overlay view: the grid of small charts, one per metric, or one metric full size; each run
/// in its own colour (or line pattern), the same in every chart and legend.
enum OverlayView {
    /// The inside of the view's box.
    static func inner(_ rect: Rect) -> Rect {
        Rect(x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, height: rect.height - 2)
    }

    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        let overlay = state.overlay
        let inner: Rect
        switch overlay.mode {
        case .grid:
            inner = Box.draw(rect, title: gridTitle(overlay, separator: context.separator), style: context[.borderFocused],
                             titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
            drawGrid(state, context, inner: inner, into: &buffer)
        case .chart(let key):
            let shown = overlay.sample(key, maxPoints: overlayChartSamples)
            var title = OverlayChart.title(shown, options: overlay.options, separator: context.separator)
            if overlay.zoom < 1 {
                title += context.separator + "zoom \(Int((1 / overlay.zoom).rounded()))x"
                if let window = overlay.window, window.key == key {
                    switch window.load {
                    case .loading: title += " (resampling steps \(window.steps.from)–\(window.steps.to)…)"
                    case .loaded: title += " (steps \(window.steps.from)–\(window.steps.to) resampled)"
                    case .failed: title += " (resampling failed; r retries)"
                    case .idle: break
                    }
                }
            }
            inner = Box.draw(rect, title: title, style: context[.borderFocused], titleStyle: context[.paneTitle],
                             symbols: context.symbols, into: &buffer)
            drawChart(state, context, key: key, inner: inner, into: &buffer)
        }
        if let draft = overlay.metricDraft, inner.height > 0 {
            let row = Rect(x: inner.x, y: inner.maxY - 1, width: inner.width, height: 1)
            buffer.fill(row, style: context[.prompt])
            let matches = overlay.completions(draft)
            let hint = matches.isEmpty ? "  (no metric matches)" : "  (\(matches.count) match\(matches.count == 1 ? "" : "es"), Tab completes)"
            buffer.put([Span("metric: ", style: context[.prompt]), Span(SafeText.sanitize(draft) + (context.symbols.braille ? "▏" : "_")), Span(hint, style: context[.dim])],
                       x: row.x, y: row.y, maxWidth: row.width, style: context[.prompt])
        }
    }

    /// `Overlaid charts · 3 runs · 12 metrics · x: step · log · EMA 0.6`.
    static func gridTitle(_ overlay: OverlayState, separator: String) -> String {
        var parts = ["Overlaid charts", "\(overlay.runIds.count) run\(overlay.runIds.count == 1 ? "" : "s")",
                     "\(overlay.keys.count) metric\(overlay.keys.count == 1 ? "" : "s"), most different first"]
        parts.append("x: \(overlay.options.xAxis.rawValue)")
        if overlay.options.logY { parts.append("log") }
        if overlay.options.smoothing > 0 { parts.append("EMA \(overlay.options.smoothing)") }
        return parts.joined(separator: separator)
    }

    static func chart(_ state: DashboardState, _ context: RenderContext, overlay: MetricOverlay, legendRows: Int) -> OverlayChart {
        OverlayChart(overlay: overlay, labels: state.overlay.labels, options: state.overlay.options, palette: context.theme.seriesPalette,
                     symbols: context.symbols, axisStyle: context[.chartAxis], markerStyle: context[.chartMarker],
                     textStyle: context[.text], legendRows: legendRows)
    }

    static func drawGrid(_ state: DashboardState, _ context: RenderContext, inner: Rect, into buffer: inout CellBuffer) {
        let overlay = state.overlay
        let layout = OverlayGridLayout(inner: inner, count: overlay.keys.count)
        let keys = Array(visibleGridKeys(state))
        let first = min(overlay.keys.count, overlay.scrollRow * layout.columns)
        for (offset, key) in keys.enumerated() {
            let cell = layout.cell(row: offset / layout.columns, column: offset % layout.columns)
            let selected = first + offset == overlay.cursor
            let shown = overlay.sample(key, maxPoints: overlayGridSamples)
            var title = SafeText.sanitize(key)
            if !shown.isComplete, overlay.loads[key]?.isLoading == true {
                title += " \(shown.arrivedCount)/\(shown.runIds.count)"
            }
            let area = Box.draw(cell, title: title, style: selected ? context[.borderFocused] : context[.border],
                                titleStyle: selected ? context[.paneTitle] : context[.text], symbols: context.symbols, into: &buffer)
            drawBody(state, context, overlay: shown, load: overlay.loads[key] ?? .idle, legendRows: 0, xBounds: nil, in: area, into: &buffer)
        }
        // One legend for the whole grid: a run has the same colour in every chart.
        let legendOverlay = MetricOverlay(key: "", runIds: overlay.runIds, maxPoints: 1)
        chart(state, context, overlay: legendOverlay, legendRows: layout.legend.height).legend().draw(in: layout.legend, into: &buffer)
    }

    static func drawChart(_ state: DashboardState, _ context: RenderContext, key: String, inner: Rect, into buffer: inout CellBuffer) {
        let overlay = state.overlay
        let base = overlay.sample(key, maxPoints: overlayChartSamples)
        // Zoom and pan are fractions of the whole sample's range; the window only adds points inside it.
        let bounds = viewBounds(base.xRange(overlay.options), zoom: overlay.zoom, pan: overlay.pan)
        drawBody(state, context, overlay: overlay.shown(key, maxPoints: overlayChartSamples), load: overlay.loads[key] ?? .idle,
                 legendRows: 3, xBounds: bounds, in: inner, into: &buffer)
    }

    /// A chart, or what stands in for it: loading, the error, or that no run has the metric.
    static func drawBody(_ state: DashboardState, _ context: RenderContext, overlay: MetricOverlay, load: LoadState, legendRows: Int,
                         xBounds: ClosedRange<Double>?, in rect: Rect, into buffer: inout CellBuffer) {
        if overlay.runsWithPoints == 0 {
            let message: String
            switch load {
            case .failed(let error): message = "could not load: \(SafeText.sanitize(error))"
            case .loaded: message = "no run has points of it"
            case .idle, .loading: message = "loading..."
            }
            drawPlaceholder(message, loading: load.isLoading, state, context, in: rect, into: &buffer)
            return
        }
        var chart = chart(state, context, overlay: overlay, legendRows: legendRows)
        chart.xBounds = xBounds
        chart.draw(in: rect, into: &buffer)
    }
}
