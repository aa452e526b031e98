import TerminalCore
import TerminalTestSupport
import Testing

@Suite struct CellBufferTests {
    @Test func putClipsToWidthAndBuffer() {
        var buffer = CellBuffer(size: Size(width: 6, height: 2))
        #expect(buffer.put("abcdefgh", x: 1, y: 0, maxWidth: 3, style: .plain) == 3)
        #expect(buffer.put("abcdefgh", x: 3, y: 1, maxWidth: 10, style: .plain) == 3)
        #expect(buffer.text() == " abc  \n   abc")
        #expect(buffer.put("zz", x: 0, y: 2, maxWidth: 5, style: .plain) == 0)
        #expect(buffer.put("xyz", x: -2, y: 0, maxWidth: 5, style: .plain) == 3)
        #expect(buffer.text(row: 0) == "zabc  ")
    }

    @Test func wideCharactersTakeTwoCells() {
        var buffer = CellBuffer(size: Size(width: 7, height: 1))
        #expect(buffer.put("学習🚀", x: 0, y: 0, maxWidth: 7, style: .plain) == 6)
        #expect(buffer[0, 0].text == "学")
        #expect(buffer[1, 0].text == "")
        #expect(buffer[4, 0].text == "🚀")
        #expect(buffer[5, 0].isContinuation)
        #expect(buffer[6, 0].text == " ")
        #expect(buffer.text() == "学習🚀 ")
    }

    @Test func wideCharacterThatWouldStraddleTheLimitIsLeftOut() {
        var buffer = CellBuffer(size: Size(width: 5, height: 1))
        #expect(buffer.put("a学習", x: 0, y: 0, maxWidth: 4, style: .plain) == 3)
        #expect(buffer.text() == "a学  ")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(size: Size(width: 6, height: 1))
        buffer.put("学習学", x: 0, y: 0, maxWidth: 6, style: .plain)
        buffer.put("x", x: 1, y: 0, maxWidth: 1, style: .plain)  // right half of 学
        buffer.put("y", x: 2, y: 0, maxWidth: 1, style: .plain)  // left half of 習
        #expect(buffer.text() == " xy 学")
        buffer.fill(Rect(x: 5, y: 0, width: 1, height: 1), style: .plain)
        #expect(buffer.text() == " xy   ")
        #expect(buffer.cells.allSatisfy { !$0.isContinuation })
    }

    @Test func controlCharactersNeverReachACell() {
        var buffer = CellBuffer(size: Size(width: 30, height: 1))
        buffer.put("\u{1b}[2J\u{1b}[31mEVIL\u{7}\u{9b}\u{202e}", x: 0, y: 0, maxWidth: 30, style: .plain)
        #expect(buffer.text() == "\\x1b[2J\\x1b[31mEVIL\\x07\\x9b\\u2")
        for cell in buffer.cells {
            #expect(!cell.text.unicodeScalars.contains(where: SafeText.needsEscape))
        }
    }

    @Test func combiningMarksStayWithTheirLetterAndZeroWidthIsDropped() {
        var buffer = CellBuffer(size: Size(width: 4, height: 1))
        #expect(buffer.put("e\u{301}\u{200b}x", x: 0, y: 0, maxWidth: 4, style: .plain) == 2)
        #expect(buffer[0, 0].text == "e\u{301}")
        #expect(buffer[1, 0].text == "x")
    }

    @Test func putTruncatedAddsAnEllipsis() {
        var buffer = CellBuffer(size: Size(width: 8, height: 1))
        #expect(buffer.putTruncated("val_loss_long", x: 0, y: 0, maxWidth: 6, style: .plain) == 6)
        #expect(buffer.text() == "val_l…  ")
    }

    @Test func diffListsChangedCellsAndEverythingOnResize() {
        var old = CellBuffer(size: Size(width: 4, height: 2))
        old.put("abcd", x: 0, y: 0, maxWidth: 4, style: .plain)
        var new = old
        new.put("x", x: 2, y: 1, maxWidth: 1, style: .plain)
        new[0, 0] = Cell("a", style: Style(attributes: .bold))
        let changes = new.diff(from: old)
        #expect(changes.map { "\($0.x),\($0.y),\($0.cell.text)" } == ["0,0,a", "2,1,x"])
        #expect(new.diff(from: new).isEmpty)
        #expect(new.diff(from: CellBuffer(size: Size(width: 3, height: 2))).count == 8)
    }

    @Test func diffLeavesOutRightHalvesOfWideCharacters() {
        let old = CellBuffer(size: Size(width: 4, height: 1))
        var new = old
        new.put("学x", x: 0, y: 0, maxWidth: 4, style: .plain)
        #expect(new.diff(from: old).map { "\($0.x):\($0.cell.text)" } == ["0:学", "2:x"])
    }

    @Test func headlessScreenMatchesEveryFrameAfterDiffs() {
        let backend = HeadlessBackend(size: Size(width: 8, height: 2))
        var frame = CellBuffer(size: backend.size)
        let texts = ["学習abc", "a学習bc", "ab🚀cd", "plain", "x学y習"]
        for text in texts {
            frame.clear()
            frame.put(text, x: 0, y: 0, maxWidth: 8, style: .plain)
            frame.put(String(text.reversed()), x: 1, y: 1, maxWidth: 7, style: .plain)
            backend.draw(frame)
            #expect(backend.screen.text() == frame.text())
        }
        #expect(backend.frames.count == texts.count)
        #expect(backend.cellsWritten.first == 16 - 4)
    }

    @Test func headlessBackendReplaysEventsAndResizes() {
        let backend = HeadlessBackend(size: Size(width: 80, height: 24), events: [.key(.char("j"))])
        backend.resize(to: Size(width: 40, height: 10))
        backend.type(.ctrl("c"))
        #expect(backend.readEvent(timeoutMilliseconds: 0) == .key(.char("j")))
        #expect(backend.readEvent(timeoutMilliseconds: 0) == .resize(Size(width: 40, height: 10)))
        #expect(backend.size == Size(width: 40, height: 10))
        #expect(backend.readEvent(timeoutMilliseconds: 0) == .key(.ctrl("c")))
        #expect(backend.readEvent(timeoutMilliseconds: 0) == nil)
    }

    @Test func keysDescribeThemselves() {
        #expect(Key.backTab.description == "Shift-Tab")
        #expect(Key.ctrl("c").description == "Ctrl-C")
        #expect(Key.char(" ").description == "Space")
        #expect(Key.f(5).description == "F5")
    }
}

@Suite struct WideCharacterTests {
    @Test func emojiSequencesAndFlagsTakeTwoColumns() {
        var buffer = CellBuffer(size: Size(width: 10, height: 1))
        #expect(buffer.put("👨‍👩‍👧🇯🇵❤️x", x: 0, y: 0, maxWidth: 10, style: .plain) == 7)
        #expect(buffer[0, 0].text == "👨‍👩‍👧")
        #expect(buffer[2, 0].text == "🇯🇵")
        #expect(buffer[4, 0].text == "❤️")
        #expect(buffer[6, 0].text == "x")
    }

    @Test func columnsLineUpAcrossScripts() {
        var buffer = CellBuffer(size: Size(width: 12, height: 3))
        for (y, name) in ["abc", "学習", "🚀e\u{301}"].enumerated() {
            buffer.put(DisplayWidth.pad(name, to: 6), x: 0, y: y, maxWidth: 6, style: .plain)
            buffer.put("|v", x: 6, y: y, maxWidth: 6, style: .plain)
        }
        #expect(buffer.text() == "abc   |v    \n学習  |v    \n🚀e\u{301}   |v    ")
        for y in 0..<3 { #expect(buffer[6, y].text == "|") }
    }
}
