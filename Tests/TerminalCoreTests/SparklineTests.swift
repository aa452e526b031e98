import TerminalCore
import Testing

@Suite struct SparklineTests {
    @Test func risingValuesUseEveryLevel() {
        #expect(Sparkline.string([0, 1, 2, 3, 4, 5, 6, 7], width: 8) == "▁▂▃▄▅▆▇█")
        #expect(Sparkline.string([0, 1, 2, 3, 4, 5, 6, 7], width: 8, symbols: .ascii) == "_.-~=+*#")
    }

    @Test func nanIsAGapAndInfinityAMarkerWithoutBreakingTheScale() {
        #expect(Sparkline.string([1, .nan, 2, .infinity, 3, -.infinity], width: 6) == "▁ ▅↑█↓")
        #expect(Sparkline.string([.nan, .nan], width: 2) == "  ")
        #expect(Sparkline.string([4, 4, 4], width: 3) == "▅▅▅")
    }

    @Test func moreValuesThanColumnsAreAveragedInBuckets() {
        #expect(Sparkline.columns([0, 2, 4, 8, .nan, 11], width: 3) == [.level(0), .level(0.5), .level(1)])
        #expect(Sparkline.columns([.nan, .infinity, 1, 3], width: 2) == [.plusInfinity, .level(0.5)])
        #expect(Sparkline.columns([1, -.infinity, 2, 3, 4, .nan], width: 3) == [.minusInfinity, .level(0), .level(1)])
        #expect(Sparkline.columns([], width: 5).isEmpty)
        #expect(Sparkline.columns([1, 2], width: 0).isEmpty)
    }

    @Test func drawsBarsUpwardsThroughSeveralRows() {
        var buffer = CellBuffer(size: Size(width: 5, height: 2))
        Sparkline([0, 1, .nan, .infinity, 2]).draw(in: buffer.area, into: &buffer)
        #expect(buffer.text() == " ▁ ↑█\n▁█  █")
        #expect(buffer[3, 0].style.attributes == .bold)
    }

    @Test func asciiDrawing() {
        var buffer = CellBuffer(size: Size(width: 4, height: 1))
        Sparkline([0, 1, -.infinity, 3], symbols: .ascii).draw(in: buffer.area, into: &buffer)
        #expect(buffer.text() == "_-v#")
    }
}
