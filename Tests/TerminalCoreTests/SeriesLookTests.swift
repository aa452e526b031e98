import TerminalCore
import Testing

@Suite struct SeriesLookTests {
    @Test func patternsRepeatTheirMaskAndStartDrawn() {
        for pattern in LinePattern.allCases { #expect(pattern.draws(0)) }
        #expect((0..<6).map(LinePattern.dotted.draws) == [true, false, true, false, true, false])
        #expect((0..<7).map(LinePattern.dashed.draws) == [true, true, true, true, false, false, true])
        #expect(Set(LinePattern.allCases.map(\.mask)).count == LinePattern.allCases.count)
        #expect(LinePattern.solid.swatch(cells: 3, braille: true) == "\u{2836}\u{2836}\u{2836}")
        #expect(LinePattern.dotted.swatch(cells: 2, braille: true) == "\u{2806}\u{2806}")
        #expect(LinePattern.dashed.swatch(cells: 3, braille: false) == "-- ")
    }

    @Test func coloursFirstThenPatternsAndPatternsAloneWhenColoursLookAlike() {
        let colours = (0..<8).map { Style(fg: .indexed(UInt8($0 + 1))) }
        #expect(SeriesLook.distinct(colours))
        #expect((0..<8).map { SeriesLook.pattern($0, palette: colours) } == Array(repeating: .solid, count: 8))
        #expect(SeriesLook.pattern(8, palette: colours) == .dashed)
        #expect(SeriesLook.style(9, palette: colours) == colours[1])
        let plain = Array(repeating: Style.plain, count: 8)
        #expect(!SeriesLook.distinct(plain))
        #expect((0..<3).map { SeriesLook.pattern($0, palette: plain) } == [.solid, .dashed, .dotted])
    }

    @Test func aDottedLineDrawsEveryOtherDotAcrossSegments() {
        // One row of 4 cells = 8 dots wide; a flat line over many short segments.
        var solid = CellBuffer(size: Size(width: 4, height: 1))
        let x = (0..<8).map(Double.init), y = Array(repeating: 1.0, count: 8)
        BrailleChart(series: [ChartSeries(name: "a", x: x, y: y)], yBounds: 0...2).draw(in: solid.area, into: &solid)
        var dotted = CellBuffer(size: Size(width: 4, height: 1))
        BrailleChart(series: [ChartSeries(name: "a", x: x, y: y, pattern: .dotted)], yBounds: 0...2).draw(in: dotted.area, into: &dotted)
        // y = 1 of 0...2 is dot row 1.5 → 2: the solid line fills both dot columns of each cell.
        #expect(solid.text() == "\u{2824}\u{2824}\u{2824}\u{2824}")
        #expect(dotted.text() == "\u{2804}\u{2804}\u{2804}\u{2804}")
    }

    @Test func legendPacksEntriesAndSaysHowManyDidNotFit() {
        let entries = (1...6).map { ChartLegend.Entry(name: "run-\($0)", style: .plain, pattern: .solid) }
        let legend = ChartLegend(entries: entries, symbols: .ascii)
        func text(_ rows: [ChartLegend.Row]) -> [String] { rows.map { $0.map(\.text).joined() } }
        #expect(text(legend.rows(width: 80, maxRows: 1)) == ["--- run-1  --- run-2  --- run-3  --- run-4  --- run-5  --- run-6"])
        #expect(text(legend.rows(width: 30, maxRows: 2)) == ["--- run-1  --- run-2", "--- run-3  --- run-4  +2 more"])
        #expect(text(legend.rows(width: 30, maxRows: 3)) == ["--- run-1  --- run-2", "--- run-3  --- run-4", "--- run-5  --- run-6"])
        let hostile = ChartLegend(entries: [ChartLegend.Entry(name: "evil\u{1B}[31m-very-long-name-that-goes-on", style: .plain)], symbols: .ascii)
        let row = text(hostile.rows(width: 20, maxRows: 1))
        #expect(row == ["--- evil\\x1b[31m-ve~"])
    }

    @Test func ansiTextColoursOnlyWhenAskedAndDropsTrailingBlanks() {
        var buffer = CellBuffer(size: Size(width: 6, height: 2))
        buffer.put("ab", x: 0, y: 0, maxWidth: 2, style: Style(fg: .rgb(1, 2, 3), attributes: .bold))
        buffer.put("c", x: 3, y: 1, maxWidth: 1, style: Style(fg: .ansi(9)))
        #expect(ANSIText.render(buffer, colors: false) == "ab\n   c\n")
        #expect(ANSIText.render(buffer, colors: true) == "\u{1B}[0;1;38;2;1;2;3mab\u{1B}[0m\n   \u{1B}[0;91mc\u{1B}[0m\n")
    }
}
