import TerminalCore
import TerminalTestSupport
import Testing

@Suite struct TextWidgetTests {
    @Test func wrapsAtWordsAndCutsLongWords() {
        #expect(WrappedText.lines("the quick brown fox jumps", width: 10) == ["the quick", "brown fox", "jumps"])
        #expect(WrappedText.lines("abcdefghijkl xy", width: 5) == ["abcde", "fghij", "kl xy"])
        #expect(WrappedText.lines("one\ntwo  three\n\nend", width: 20) == ["one", "two  three", "", "end"])
        #expect(WrappedText.lines("学習学習学 ok", width: 4) == ["学習", "学習", "学", "ok"])
        #expect(WrappedText.lines("anything", width: 0).isEmpty)
    }

    @Test func wrappingEscapesControlsButKeepsLineBreaks() {
        #expect(WrappedText.lines("a\u{1b}[2Jb\tc\nd", width: 40) == ["a\\x1b[2Jb\\tc", "d"])
    }

    @Test func drawsWrappedTextWithScroll() {
        var buffer = CellBuffer(size: Size(width: 10, height: 2))
        let total = WrappedText.draw("the quick brown fox jumps", in: buffer.area, scroll: 1, style: .plain, into: &buffer)
        #expect(total == 3)
        #expect(buffer.text() == "brown fox \njumps     ")
    }

    @Test func spinnerCyclesThroughItsFrames() {
        #expect(Spinner.frame(0) == "⠋")
        #expect(Spinner.frame(11) == "⠙")
        #expect(Spinner.frame(-1) == "⠏")
        #expect(Spinner.frame(5, symbols: .ascii) == "/")
        var buffer = CellBuffer(size: Size(width: 14, height: 1))
        #expect(Spinner.draw("loading runs", tick: 2, x: 0, y: 0, maxWidth: 14, style: .plain, into: &buffer) == 14)
        #expect(buffer.text() == "⠹ loading runs")
    }

    @Test func statusLineKeepsHintsAndCutsTheLeftSide() {
        var buffer = CellBuffer(size: Size(width: 30, height: 1))
        let status = StatusLine(
            left: [Span("sqlite:///mlflow.db"), Span(" · "), Span("error: timeout", style: Style(fg: .red))],
            right: [Span("q quit ? help")])
        status.draw(in: buffer.area, into: &buffer)
        #expect(buffer.text() == "sqlite:///mlflo… q quit ? help")
        #expect(buffer[0, 0].style.attributes == .reverse)
        let narrow = StatusLine(left: ["left"], right: ["q quit ? help"])
        var small = CellBuffer(size: Size(width: 8, height: 1))
        narrow.draw(in: small.area, into: &small)
        #expect(small.text() == "q quit …")
    }

    @Test func statusLineShowsErrorColours() {
        var buffer = CellBuffer(size: Size(width: 40, height: 1))
        StatusLine(left: [Span("ok "), Span("boom\u{1b}[31m", style: Style(fg: .red))], right: ["?"])
            .draw(in: buffer.area, into: &buffer)
        #expect(buffer.text() == "ok boom\\x1b[31m                        ?")
        #expect(buffer[3, 0].style == Style(fg: .red, attributes: .reverse))
    }

    @Test func boxDrawsBordersAndTitle() {
        var buffer = CellBuffer(size: Size(width: 12, height: 4))
        let inside = Box.draw(buffer.area, title: "Runs 学", style: .plain, into: &buffer)
        #expect(inside == Rect(x: 1, y: 1, width: 10, height: 2))
        #expect(buffer.text() == "┌ Runs 学 ─┐\n│          │\n│          │\n└──────────┘")
        var ascii = CellBuffer(size: Size(width: 6, height: 3))
        Box.draw(ascii.area, title: "a long title", style: .plain, symbols: .ascii, into: &ascii)
        #expect(ascii.text() == "+ a ~+\n|    |\n+----+")
    }

    @Test func snapshotMaskingKeepsColumns() {
        var buffer = CellBuffer(size: Size(width: 40, height: 2))
        buffer.put("run 0123abcd started 12:04:59", x: 0, y: 0, maxWidth: 40, style: .plain)
        buffer.put("run ffee9911 started 09:00:01", x: 0, y: 1, maxWidth: 40, style: .plain)
        let masked = Snapshot.maskedText(buffer, masking: [#"[0-9a-f]{8}"#, #"\d\d:\d\d:\d\d"#])
        #expect(masked == "run ******** started ********           \nrun ******** started ********           ")
        Snapshot.assert(text: masked, named: "masked")
    }
}
