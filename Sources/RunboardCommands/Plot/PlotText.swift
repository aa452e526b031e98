import Dashboard
import MLflowCore
import TerminalCore

/// `runboard plot`'s text output: for each metric a title line, the braille chart with its axes,
/// and the legend, the metrics' charts one under the other.
struct PlotText {
    var plot: PlotData
    var options: OverlayOptions
    var theme: Theme
    var symbols: Symbols

    /// The charts drawn into a buffer of `size`.
    func buffer(size: Size) -> CellBuffer {
        var buffer = CellBuffer(size: size)
        let count = max(1, plot.overlays.count)
        let separator = symbols.braille ? " · " : " | "
        var top = 0
        for (index, overlay) in plot.overlays.enumerated() {
            // The rows split evenly; the last chart takes what is left.
            let rows = index == count - 1 ? size.height - top : size.height / count
            let area = Rect(x: 0, y: top, width: size.width, height: rows)
            top += rows
            guard area.height >= 2 else { continue }
            let (titleRow, body) = area.splitTop(1)
            buffer.put(OverlayChart.title(overlay, options: options, separator: separator), x: 0, y: titleRow.y,
                       maxWidth: titleRow.width, style: theme[.paneTitle])
            let chart = OverlayChart(
                overlay: overlay, labels: plot.labels, options: options, palette: theme.seriesPalette, symbols: symbols,
                axisStyle: theme[.chartAxis], markerStyle: theme[.chartMarker], textStyle: theme[.text], legendRows: 3)
            chart.draw(in: body, into: &buffer)
        }
        return buffer
    }
}
