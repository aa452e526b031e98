import MLflowCore
import TerminalCore

/// The metric chart of one run: braille line, axes, the chosen x axis, log y, EMA, zoom and pan.
enum ChartPane {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        let chart = state.chart
        let inner = Box.draw(rect, title: title(chart, separator: context.separator), style: context[.borderFocused], titleStyle: context[.paneTitle],
                             symbols: context.symbols, into: &buffer)
        if chart.points.isEmpty {
            let message = ExperimentsPane.placeholder(chart.load, empty: true, what: "history") ?? ""
            drawPlaceholder(message, loading: chart.load.isLoading, state, context, in: inner, into: &buffer)
            return
        }
        let shown = chart.shownPoints
        let x = chart.xValues(shown)
        let y = shown.map(\.value)
        var series = [ChartSeries(name: chart.key ?? "", x: x, y: y, style: context[.chartLine])]
        if chart.smoothing > 0 {
            series.append(ChartSeries(name: "EMA", x: x, y: Smoothing.ema(y, weight: chart.smoothing), style: context[.chartSmoothed]))
        }
        // Zoom and pan are fractions of the whole history's x range (the sample spans all of it).
        let all = chart.xValues(chart.points)
        let xBounds = viewBounds((all.min() ?? 0)...(all.max() ?? 0), zoom: chart.zoom, pan: chart.pan)
        let xLabel = OverlayChart.xLabel(chart.xAxis)
        BrailleChart(series: series, yScale: chart.logY ? .log : .linear, xBounds: xBounds, xLabel: xLabel,
                     axisStyle: context[.chartAxis], markerStyle: context[.chartMarker], symbols: context.symbols)
            .draw(in: inner, into: &buffer)
    }

    /// `loss · run-name · x: step · log · EMA 0.6 · 1,000 points`.
    static func title(_ chart: ChartState, separator: String) -> String {
        var parts = [SafeText.sanitize(chart.key ?? "chart"), SafeText.sanitize(chart.runName), "x: \(chart.xAxis.rawValue)"]
        if chart.logY { parts.append("log") }
        if chart.smoothing > 0 { parts.append("EMA \(chart.smoothing)") }
        if chart.zoom < 1 { parts.append("zoom \(Int((1 / chart.zoom).rounded()))x") }
        if let loaded = chart.loadedPoints {
            parts.append("loading all points: \(Format.count(loaded))...")
        } else if !chart.points.isEmpty {
            parts.append(chart.complete ? "all \(Format.count(chart.points.count)) points" : "\(Format.count(chart.points.count)) points sampled")
        }
        if let window = chart.window {
            switch window.load {
            case .loading: parts.append("sampling the view...")
            case .loaded: parts.append("\(Format.count(window.points.count)) in view")
            case .failed: parts.append("view not sampled")
            case .idle: break
            }
        }
        return parts.joined(separator: separator)
    }
}
