import Foundation
import TerminalCore
import TerminalTestSupport
import Testing

/// The y scale of a zoomed chart, and charts of a single point or a flat line.
@Suite struct BrailleChartScaleTests {
    /// The rows of `buffer` (from the top, inside `plot` columns) that hold a braille dot or a marker.
    func rowsWithMarks(_ buffer: CellBuffer, fromColumn first: Int) -> Set<Int> {
        var rows = Set<Int>()
        for y in 0..<buffer.size.height {
            for x in first..<buffer.size.width {
                let text = buffer[x, y].text
                if text.unicodeScalars.contains(where: { (0x2801...0x28FF).contains($0.value) }) || text == "●" { rows.insert(y) }
            }
        }
        return rows
    }

    @Test func zoomingScalesYToThePointsInTheWindowAndTheirNeighbours() {
        let x = (0..<1000).map(Double.init)
        let chart = BrailleChart(series: [ChartSeries(name: "a", x: x, y: x)], xBounds: 100...200)
        #expect(chart.bounds().x == 100...200)
        // Points 100...200, and 99 and 201 at the ends of the lines that cross the window's edges.
        #expect(chart.bounds().y == 99...201)
        #expect(BrailleChart(series: [ChartSeries(name: "a", x: x, y: x)]).bounds().y == 0...999)
    }

    @Test func aWindowBetweenTwoPointsTakesTheLineAcrossIt() {
        let chart = BrailleChart(series: [ChartSeries(name: "a", x: [0, 10], y: [0, 10])], xBounds: 4...6)
        #expect(chart.bounds().y == 0...10)
    }

    @Test func onlyConnectedNeighboursCount() {
        // The NaN breaks the line, so 100 at x = 0 is not a neighbour of the window 2...4.
        let series = ChartSeries(name: "a", x: [0, 1, 2, 3, 4], y: [100, .nan, 1, 2, 3])
        #expect(BrailleChart(series: [series], xBounds: 2...4).bounds().y == 1...3)
        // Several series: the window's values of each.
        let other = ChartSeries(name: "b", x: [0, 3, 9], y: [-50, 5, 50])
        #expect(BrailleChart(series: [series, other], xBounds: 2...4).bounds().y == -50...50)
        // Nothing in or across the window: the whole range.
        #expect(BrailleChart(series: [series], xBounds: 7...9).bounds().y == 1...100)
        // Given y bounds still win.
        #expect(BrailleChart(series: [series], xBounds: 2...4, yBounds: 0...10).bounds().y == 0...10)
    }

    @Test func zoomingIntoALongHistoryShowsItsDetail() {
        // A spike of 1000 at the start, then a small wave around 1.
        let steps = (0..<2000).map(Double.init)
        let loss = steps.map { $0 < 5 ? 1000 : 1 + 0.05 * sin($0 / 20) }
        var whole = CellBuffer(size: Size(width: 60, height: 12))
        BrailleChart(series: [ChartSeries(name: "loss", x: steps, y: loss)]).draw(in: whole.area, into: &whole)
        var zoomed = CellBuffer(size: Size(width: 60, height: 12))
        BrailleChart(series: [ChartSeries(name: "loss", x: steps, y: loss)], xBounds: 1500...1999).draw(in: zoomed.area, into: &zoomed)
        // Unzoomed, the wave is one flat line at the bottom; zoomed, it fills the plot's height.
        #expect(rowsWithMarks(whole, fromColumn: 8).subtracting([0, 1, 2]).count <= 1)
        #expect(rowsWithMarks(zoomed, fromColumn: 8).count >= 8)
        Snapshot.assert(zoomed, named: "chart-zoomed-60x12")
    }

    @Test func aSinglePointSitsInTheMiddleAsAMarkerWithItsValueLabelled() {
        var buffer = CellBuffer(size: Size(width: 24, height: 9))
        let chart = BrailleChart(series: [ChartSeries(name: "acc", x: [5], y: [0.8125], style: Style(fg: .green))])
        #expect(chart.bounds().y == 0.73125...0.89375)
        chart.draw(in: buffer.area, into: &buffer)
        let markers = buffer.cells.filter { $0.text == Symbols.unicode.marked }
        #expect(markers.count == 1)
        #expect(markers.first?.style.fg == .green)
        // No braille dot beside the marker: the point is drawn once.
        #expect(!buffer.cells.contains { $0.text.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } })
        Snapshot.assert(buffer, named: "chart-single-point-24x9")
        let lines = buffer.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // The value's label is on the marker's row, half way down the 7-row plot.
        #expect(lines[3].hasPrefix("0.8125│"))
        #expect(lines[3].contains("●"))
        #expect(lines[0].hasPrefix("0.8938│"))
        #expect(lines[6].hasPrefix("0.7312│"))
    }

    @Test func aFlatLineIsCentredAndLabelledAtItsValue() {
        var buffer = CellBuffer(size: Size(width: 30, height: 8))
        BrailleChart(series: [ChartSeries(name: "lr", x: (0..<10).map(Double.init), y: Array(repeating: 0.001, count: 10))],
                     symbols: .ascii).draw(in: buffer.area, into: &buffer)
        Snapshot.assert(buffer, named: "chart-flat-ascii-30x8")
        let lines = buffer.text().split(separator: "\n").map(String.init)
        let valueRow = lines.firstIndex { $0.hasPrefix(" 0.001|") }
        #expect(valueRow != nil)
        #expect(valueRow.map { lines[$0].dropFirst(7).contains { $0 != " " } } == true, "the line is on the labelled row")
        #expect(!buffer.text().contains("*"), "a line, not single points")
    }

    @Test func aPointAloneBetweenGapsIsAMarkerAndLogScalesCentreToo() {
        var buffer = CellBuffer(size: Size(width: 20, height: 6))
        BrailleChart(series: [ChartSeries(name: "a", x: [0, 1, 2, 3, 4, 5, 6], y: [1, 2, .nan, 3, .nan, 2, 1])], symbols: .ascii)
            .draw(in: buffer.area, into: &buffer)
        #expect(buffer.cells.filter { $0.text == "*" }.count == 1)
        let log = BrailleChart(series: [ChartSeries(name: "a", x: [1], y: [50])], yScale: .log)
        #expect(log.bounds().y == 5...500)
        var logBuffer = CellBuffer(size: Size(width: 20, height: 9))
        log.draw(in: logBuffer.area, into: &logBuffer)
        let lines = logBuffer.text().split(separator: "\n").map(String.init)
        #expect(lines[3].trimmingCharacters(in: .whitespaces).hasPrefix("50│") && lines[3].contains("●"), "\(logBuffer.text())")
    }

    @Test func theLargestDoublesStayDrawable() {
        for value in [Double.greatestFiniteMagnitude, -Double.greatestFiniteMagnitude, .leastNonzeroMagnitude] {
            for scale in [YScale.linear, .log] {
                var buffer = CellBuffer(size: Size(width: 20, height: 6))
                let chart = BrailleChart(series: [ChartSeries(name: "a", x: [0, 1], y: [value, value])], yScale: scale)
                #expect(chart.bounds().y.upperBound.isFinite && chart.bounds().y.lowerBound.isFinite)
                chart.draw(in: buffer.area, into: &buffer)
            }
        }
    }

    /// An infinity logged at a step far outside a zoomed window (steps are any Int64) is no marker
    /// and never traps the conversion of its column.
    @Test func anInfinityFarOutsideAZoomedWindowIsLeftOut() {
        var buffer = CellBuffer(size: Size(width: 30, height: 8))
        let series = ChartSeries(name: "a", x: [0, 5, 9e18, -9e18], y: [1, 2, .infinity, -.infinity])
        let chart = BrailleChart(series: [series], xBounds: 0...10)
        chart.draw(in: buffer.area, into: &buffer)
        let text = buffer.text()
        #expect(!text.contains(chart.symbols.plusInfinity) && !text.contains(chart.symbols.minusInfinity), "\(text)")
    }
}
