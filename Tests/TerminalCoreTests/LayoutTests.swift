import TerminalCore
import Testing

@Suite struct LayoutTests {
    let area = Rect(x: 2, y: 1, width: 100, height: 30)

    @Test func fixedPercentAndFill() {
        let parts = area.columns([.fixed(10), .percent(30), .fill])
        #expect(parts == [
            Rect(x: 2, y: 1, width: 10, height: 30), Rect(x: 12, y: 1, width: 30, height: 30),
            Rect(x: 42, y: 1, width: 60, height: 30),
        ])
    }

    @Test func fillsShareByWeightAndSpacingIsKept() {
        let parts = Rect(x: 0, y: 0, width: 10, height: 11).rows([.fill(1), .fill(2), .fixed(1)], spacing: 1)
        #expect(parts.map(\.height) == [3, 5, 1])
        #expect(parts.map(\.y) == [0, 4, 10])
    }

    @Test func tooLittleSpaceGivesZeroLengthsNotOverlaps() {
        let parts = Rect(x: 0, y: 0, width: 5, height: 1).columns([.fixed(3), .fixed(4), .fill], spacing: 1)
        #expect(parts.map(\.width) == [3, 0, 0])
        #expect(parts.map(\.x) == [0, 4, 5])
        #expect(Rect.zero.columns([.fill, .percent(50)]).map(\.width) == [0, 0])
    }

    @Test func splitsAndIntersections() {
        let (top, rest) = area.splitTop(1)
        #expect(top == Rect(x: 2, y: 1, width: 100, height: 1))
        #expect(rest == Rect(x: 2, y: 2, width: 100, height: 29))
        #expect(area.splitRight(200).right == area)
        #expect(area.inset().size == Size(width: 98, height: 28))
        #expect(Rect(x: 0, y: 0, width: 3, height: 3).inset(dx: 2, dy: 2).isEmpty)
        #expect(area.intersection(Rect(x: 0, y: 0, width: 5, height: 5)) == Rect(x: 2, y: 1, width: 3, height: 4))
        #expect(area.centered(Size(width: 10, height: 4)) == Rect(x: 47, y: 14, width: 10, height: 4))
    }
}
