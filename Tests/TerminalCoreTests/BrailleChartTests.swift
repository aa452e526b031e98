import TerminalCore
import TerminalTestSupport
import Testing
import Foundation

@Suite struct BrailleChartTests {
    @Test func aDiagonalLineInOneCellRow() {
        // 2 cells wide, 1 row: 4x4 dots, a line from bottom-left to top-right.
        var buffer = CellBuffer(size: Size(width: 2, height: 1))
        BrailleChart(series: [ChartSeries(name: "a", x: [0, 3], y: [0, 3])]).draw(in: buffer.area, into: &buffer)
        // Left cell: dots (0,3) and (1,2) = 0x40 | 0x20; right cell: (0,1) and (1,0) = 0x02 | 0x08.
        #expect(buffer.text() == "\u{2860}\u{280A}")
    }

    @Test func nanLeavesAGapAndInfinitiesAreMarkers() {
        var buffer = CellBuffer(size: Size(width: 6, height: 2))
        let chart = BrailleChart(series: [
            ChartSeries(name: "a", x: [0, 1, 2, 3, 4, 5], y: [1, 1, .nan, .infinity, -.infinity, 1]),
        ], yBounds: 0...2)
        chart.draw(in: buffer.area, into: &buffer)
        // y = 1 is dot row 3.5 → 4 of 0...7: the top dot row of the second cell row. The last
        // point has no line to or from it, so it is a marker rather than one dot.
        #expect(buffer.text() == "   ↑  \n\u{2809}\u{2801}  ↓●")
        #expect(buffer[3, 0].style.attributes == .bold)
    }

    @Test func infinityDoesNotStretchTheScale() {
        let chart = BrailleChart(series: [ChartSeries(name: "a", x: [0, 1, 2], y: [2, .infinity, 4])])
        let bounds = chart.bounds()
        #expect(bounds.x == 0...2)
        #expect(bounds.y == 2...4)
        let single = BrailleChart(series: [ChartSeries(name: "a", x: [5], y: [10])]).bounds()
        #expect(single.x == 4.5...5.5)
        #expect(single.y == 9...11)
        let log = BrailleChart(series: [ChartSeries(name: "a", x: [0, 1, 2], y: [-1, 0, 100])], yScale: .log).bounds()
        #expect(log.y == 10...1000)
    }

    @Test func logScalePutsDecadesEvenlyApart() {
        var buffer = CellBuffer(size: Size(width: 3, height: 3))
        let chart = BrailleChart(series: [ChartSeries(name: "a", x: [0, 1, 2], y: [1, 10, 100])], yScale: .log)
        chart.draw(in: buffer.area, into: &buffer)
        // The same picture as a linear chart of the exponents: one straight diagonal.
        var linear = CellBuffer(size: Size(width: 3, height: 3))
        BrailleChart(series: [ChartSeries(name: "a", x: [0, 1, 2], y: [0, 1, 2])]).draw(in: linear.area, into: &linear)
        #expect(buffer.text() == linear.text())
        #expect(buffer[0, 2].text == "\u{2870}")
        #expect(buffer[2, 0].text == "\u{285C}")
    }

    @Test func ticksAreRoundNumbers() {
        #expect(ChartTicks.linear(low: 0, high: 1, count: 5) == [0, 0.2, 0.4, 0.6, 0.8, 1])
        #expect(ChartTicks.linear(low: 3, high: 97, count: 4) == [20, 40, 60, 80])
        #expect(ChartTicks.linear(low: -0.35, high: 0.35, count: 3) == [-0.2, 0, 0.2])
        #expect(ChartTicks.logarithmic(low: 0.001, high: 10, count: 5) == [0.001, 0.01, 0.1, 1, 10])
        #expect(ChartTicks.logarithmic(low: 0.001, high: 10, count: 2) == [0.001, 0.1, 10])
        #expect(ChartTicks.logarithmic(low: 2, high: 8, count: 3) == [2, 4, 6, 8])
    }

    @Test func timeTicksFallOnWholeUnits() {
        #expect(ChartTicks.time(low: 0, high: 5970, count: 10) == stride(from: 0.0, through: 5400, by: 600).map { $0 })
        #expect(ChartTicks.time(low: 7, high: 50, count: 4) == [15, 30, 45])
        #expect(ChartTicks.time(low: 1_700_000_000, high: 1_700_003_600, count: 6).map { ChartTicks.clock($0) }
                    == ["22:20", "22:30", "22:40", "22:50", "23:00", "23:10"])
    }

    @Test func labelFormats() {
        #expect(ChartTicks.number(0.25) == "0.25")
        #expect(ChartTicks.number(1234.5678) == "1235")
        #expect(ChartTicks.number(2_500_000) == "2.5e6")
        #expect(ChartTicks.number(0.00012) == "1.2e-4")
        #expect(ChartTicks.number(-.infinity) == "-inf")
        #expect(ChartTicks.duration(45) == "45s")
        #expect(ChartTicks.duration(90) == "1m30s")
        #expect(ChartTicks.duration(3900) == "1h05m")
        #expect(ChartTicks.duration(3 * 86400 + 4 * 3600) == "3d4h")
        #expect(ChartTicks.clock(1_700_000_000) == "22:13")
        #expect(ChartTicks.clock(1_700_000_000, utcOffsetSeconds: 3600, seconds: true) == "23:13:20")
    }

    @Test func asciiFallbackUsesNoBraille() {
        var buffer = CellBuffer(size: Size(width: 30, height: 8))
        let chart = BrailleChart(series: [ChartSeries(name: "loss", x: Array(0..<20).map(Double.init),
                                                      y: (0..<20).map { 1 / Double($0 + 1) })],
                                 symbols: .ascii)
        chart.draw(in: buffer.area, into: &buffer)
        #expect(buffer.cells.allSatisfy { $0.text.unicodeScalars.allSatisfy(\.isASCII) })
        Snapshot.assert(buffer, named: "chart-ascii-30x8")
    }

    @Test func snapshotsAt80x24And160x48() {
        let steps = Array(0..<200).map(Double.init)
        var loss = steps.map { 2.5 * exp(-$0 / 40) + 0.1 }
        loss[50] = .nan
        loss[51] = .nan
        loss[120] = .infinity
        let accuracy = steps.map { 1 - 0.9 * exp(-$0 / 60) }
        for size in [Size(width: 80, height: 24), Size(width: 160, height: 48)] {
            var buffer = CellBuffer(size: size)
            BrailleChart(series: [
                ChartSeries(name: "loss", x: steps, y: loss, style: Style(fg: .red)),
                ChartSeries(name: "acc", x: steps, y: accuracy, style: Style(fg: .green)),
            ]).draw(in: buffer.area, into: &buffer)
            Snapshot.assert(buffer, named: "chart-\(size.width)x\(size.height)")
            var logBuffer = CellBuffer(size: size)
            BrailleChart(series: [ChartSeries(name: "loss", x: steps.map { $0 * 30 }, y: loss)], yScale: .log,
                         xLabel: ChartTicks.duration, xTicks: ChartTicks.time).draw(in: logBuffer.area, into: &logBuffer)
            Snapshot.assert(logBuffer, named: "chart-log-relative-\(size.width)x\(size.height)")
        }
    }

    @Test func backgroundShowsUnderAxesAndLines() {
        var buffer = CellBuffer(size: Size(width: 20, height: 6))
        BrailleChart(series: [ChartSeries(name: "a", x: [0, 1], y: [0, 1], style: Style(fg: .red))],
                     style: Style(bg: .blue)).draw(in: buffer.area, into: &buffer)
        #expect(buffer.cells.allSatisfy { $0.style.bg == .blue })
        #expect(buffer.cells.contains { $0.style.fg == .red && $0.text.unicodeScalars.first?.value ?? 0 >= 0x2800 })
    }

    @Test func tinyAreasDoNotCrash() {
        for width in 0..<6 {
            for height in 0..<5 {
                var buffer = CellBuffer(size: Size(width: width, height: height))
                BrailleChart(series: [ChartSeries(name: "a", x: [0, 1, 2], y: [1, .nan, 3])])
                    .draw(in: buffer.area, into: &buffer)
                BrailleChart(series: []).draw(in: Rect(x: -3, y: -2, width: 9, height: 9), into: &buffer)
            }
        }
    }
}
