@testable import Dashboard
import Foundation
import MLflowCore
import Testing
import TerminalCore

/// The pager's reducer: chunks arriving, stale answers, moving, wrap, sideways, search, bounds.
@Suite struct PagerReducerTests {
    @Test func theFirstChunkShowsAtOnceAndLaterChunksAppendLines() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let id = PagerScenes.opened("logs/train.log", size: 1_000, state: &state)
        #expect(state.focus == .pager && state.pager.isLoading && state.pager.mode == nil)
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data("one\ntwo\nthr".utf8))))
        #expect(state.pager.mode == .text)
        #expect(state.pager.text.lineCount == 3)
        #expect(Scenes.draw(state).text().contains("thr"))
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data("ee\nfour\n".utf8))))
        #expect(state.pager.text.lineCount == 4)
        #expect(state.pager.text.lineRange(2) == 8..<13)
        #expect(state.pager.isLoading)
        #expect(Scenes.draw(state).text().contains("19 B of 1000 B"))
        _ = reduce(&state, .pager(.readFinished(requestId: id, complete: true)))
        #expect(!state.pager.isLoading && !state.pager.truncated)
    }

    @Test func staleAnswersAreDropped() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let first = PagerScenes.opened("a.txt", state: &state)
        let effects = openPager(&state, PagerScenes.file("b.txt"))
        #expect(effects.contains(.cancel(requestId: first)))
        _ = reduce(&state, .pager(.bytesLoaded(requestId: first, Data("from a\n".utf8))))
        _ = reduce(&state, .pager(.readFinished(requestId: first, complete: true)))
        #expect(state.pager.text.bytes.isEmpty && state.pager.isLoading)
        #expect(state.pager.file?.path == "b.txt")
    }

    @Test func closingCancelsTheReadAndLetsTheTextGo() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let id = PagerScenes.opened("a.txt", state: &state)
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data("x\n".utf8))))
        let effects = reduce(&state, .key(.escape))
        #expect(effects == [.cancel(requestId: id)])
        #expect(state.focus == .runs && state.pager.text.bytes.isEmpty && state.pager.file == nil)
    }

    @Test func movingThroughTheLines() {
        var state = PagerScenes.showing("train.log", PagerScenes.log(100))
        let rows = PagerLayout(size: state.size).rows
        PagerScenes.type(&state, [.char("j"), .char("j"), .down])
        #expect(state.pager.top == 3)
        PagerScenes.type(&state, [.char("k")])
        #expect(state.pager.top == 2)
        PagerScenes.type(&state, [.char(" ")])
        #expect(state.pager.top == 2 + rows - 1)
        PagerScenes.type(&state, [.char("G")])
        #expect(state.pager.top == 100 - rows)
        PagerScenes.type(&state, [.char("j")])
        #expect(state.pager.top == 100 - rows, "the last line stays at the bottom")
        PagerScenes.type(&state, [.char("g")])
        #expect(state.pager.top == 0)
        PagerScenes.type(&state, [.char("k"), .pageUp])
        #expect(state.pager.top == 0)
    }

    @Test func sidewaysOnlyWithoutWrap() {
        let long = String(repeating: "abcdefghij", count: 30) + "\nshort\n"
        var state = PagerScenes.showing("wide.txt", long)
        PagerScenes.type(&state, [.char("l"), .char("l")])
        #expect(state.pager.column == 16)
        #expect(Scenes.draw(state).text(row: 3).contains("│  1 ghijabcdefghij"))
        PagerScenes.type(&state, [.char("h"), .char("h"), .char("h")])
        #expect(state.pager.column == 0)
        PagerScenes.type(&state, [.char("w")])
        #expect(state.pager.wrap)
        PagerScenes.type(&state, [.char("l")])
        #expect(state.pager.column == 0)
    }

    @Test func wrappedLinesScrollByScreenRows() {
        // 74 columns of text beside a 4-column gutter, in the box: a 280-character line takes 4 rows.
        let text = String(repeating: "x", count: 280) + "\n" + PagerScenes.log(40)
        var state = PagerScenes.showing("wrap.txt", text)
        PagerScenes.type(&state, [.char("w")])
        let width = PagerLayout(size: state.size).textWidth(lines: 41)
        #expect(width == 74)
        #expect(state.pager.rowCount(of: 0, width: width) == 4)
        PagerScenes.type(&state, [.char("j"), .char("j")])
        #expect(state.pager.top == 0 && state.pager.topRow == 2)
        PagerScenes.type(&state, [.char("j"), .char("j")])
        #expect(state.pager.top == 1 && state.pager.topRow == 0)
        PagerScenes.type(&state, [.char("k")])
        #expect(state.pager.top == 0 && state.pager.topRow == 3)
        PagerScenes.type(&state, [.char("G")])
        let rows = PagerLayout(size: state.size).rows
        #expect(state.pager.visibleLines(rows: rows, width: width).upperBound == 41)
    }

    @Test func searchAsYouTypeWithNextAndPreviousRoundTheEnds() {
        var state = PagerScenes.showing("train.log", PagerScenes.log(300))
        PagerScenes.type(&state, [.char("/")])
        #expect(state.pager.search.editing)
        PagerScenes.type(&state, "step 10")
        // step 10, 100..109: eleven matches; the first from the top is step 10.
        #expect(state.pager.search.matches.count == 11)
        #expect(state.pager.search.current == 0)
        PagerScenes.type(&state, [.enter])
        #expect(!state.pager.search.editing && state.pager.search.isActive)
        let footer = Scenes.draw(state).text()
        #expect(footer.contains("/step 10") && footer.contains("1/11 matches"))
        PagerScenes.type(&state, [.char("n")])
        #expect(state.pager.search.current == 1)
        let line = state.pager.text.line(containing: state.pager.search.matches[1])
        let layout = PagerLayout(size: state.size)
        #expect(state.pager.visibleLines(rows: layout.rows, width: layout.textWidth(lines: 300)).contains(line))
        PagerScenes.type(&state, [.char("N"), .char("N")])
        #expect(state.pager.search.current == 10, "N before the first goes round to the last")
        PagerScenes.type(&state, [.char("n")])
        #expect(state.pager.search.current == 0)
        #expect(state.status.message == "search wrapped to the top")
        // Esc clears the search first, then goes back.
        PagerScenes.type(&state, [.escape])
        #expect(!state.pager.search.isActive && state.focus == .pager)
        PagerScenes.type(&state, [.escape])
        #expect(state.focus == .runs)
    }

    @Test func searchIgnoresCaseUnlessACapitalIsTyped() {
        var state = PagerScenes.showing("a.txt", "Error one\nerror two\nERROR three\n")
        PagerScenes.type(&state, [.char("/")])
        PagerScenes.type(&state, "error")
        #expect(state.pager.search.matches.count == 3)
        PagerScenes.type(&state, [.backspace, .backspace, .backspace, .backspace, .backspace])
        PagerScenes.type(&state, "Error")
        #expect(state.pager.search.matches == [0])
        PagerScenes.type(&state, [.escape])
        #expect(!state.pager.search.isActive && state.focus == .pager)
    }

    @Test func searchFollowsChunksThatArriveLater() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let id = PagerScenes.opened("a.log", state: &state)
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data("needle one\nnee".utf8))))
        PagerScenes.type(&state, [.char("/")])
        PagerScenes.type(&state, "needle")
        #expect(state.pager.search.matches == [0])
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data("dle two\n".utf8))))
        #expect(state.pager.search.matches == [0, 11], "a match across the seam of two chunks")
    }

    @Test func theMemoryBoundStopsTheReadAndSaysSo() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let id = PagerScenes.opened("big.log", size: 10_000, maxBytes: 100, state: &state)
        let chunk = Data(String(repeating: "abc\n", count: 15).utf8)
        #expect(reduce(&state, .pager(.bytesLoaded(requestId: id, chunk))).isEmpty)
        let effects = reduce(&state, .pager(.bytesLoaded(requestId: id, chunk)))
        #expect(effects == [.cancel(requestId: id)])
        #expect(state.pager.text.bytes.count == 100 && state.pager.truncated && !state.pager.isLoading)
        let text = Scenes.draw(state).text()
        #expect(text.contains("only the first 100 B read of 9.76 KiB"))
        #expect(text.contains("this is its first part"))
    }

    @Test func jsonIsLaidOutOnceCompleteAndInvalidJSONSaysWhere() {
        var state = PagerScenes.showing("metrics.json", #"{"b":1e400,"a":[1,2]}"#, chunk: 5)
        #expect(state.pager.mode == .json && state.pager.jsonNote == "laid out")
        #expect(state.pager.text.lineCount == 7)
        state = PagerScenes.showing("bad.json", "{\n\"a\": [1, 2,]\n}")
        #expect(state.pager.mode == .json && state.pager.text.lineCount == 3)
        #expect(state.pager.jsonNote == "invalid at line 2, column 12 (expected a value): shown as written")
        state = PagerScenes.showing("notes.txt", "[not json")
        #expect(state.pager.mode == .text && state.pager.jsonNote == nil)
        state = PagerScenes.showing("out.txt", "[1,\n2]")
        #expect(state.pager.mode == .json && state.pager.jsonNote == "laid out")
    }

    @Test func csvRowsArriveWithTheChunks() {
        let csv = "name,value\n\"a, quoted\",1\n\"multi\nline\",2\nragged\nx,y,z\n"
        var state = PagerScenes.showing("data/values.csv", Array(csv.utf8), chunk: 3, finish: false)
        #expect(state.pager.mode == .table)
        #expect(state.pager.table?.rows == [["name", "value"], ["a, quoted", "1"], ["multi\nline", "2"], ["ragged"], ["x", "y", "z"]])
        #expect(state.pager.table?.widths == [11, 5, 1], "the line break in a cell is drawn as \\n")
        PagerScenes.type(&state, [.char("l"), .char("l"), .char("l")])
        #expect(state.pager.column == 2)
        PagerScenes.type(&state, [.char("/")])
        PagerScenes.type(&state, "multi")
        #expect(state.pager.search.matches.count == 1)
        #expect(PagerTableView.currentMatchRow(state.pager, state.pager.table!) == 2)
    }

    @Test func binaryFilesStopAtTheFirstChunk() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let id = PagerScenes.opened("model.pkl", size: 123_456, state: &state)
        let effects = reduce(&state, .pager(.bytesLoaded(requestId: id, Data([0x80, 0x05, 0x95, 0x00, 0x01]))))
        #expect(effects == [.cancel(requestId: id)])
        #expect(state.pager.mode == .binary(type: "Python pickle (protocol 5)") && !state.pager.isLoading)
        PagerScenes.type(&state, [.char("/"), .char("w")])
        #expect(!state.pager.search.editing && !state.pager.wrap)
        PagerScenes.type(&state, [.char("d")])
        #expect(state.downloads.prompt != nil, "d asks where to download the file")
    }

    @Test func aSizeTheStoreDidNotGiveIsNeverGuessedFromAPartialRead() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let id = PagerScenes.opened("weights.bin", state: &state)
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data([0x00, 0x01, 0x02]))))
        #expect(state.pager.fileSize == nil)
        #expect(Scenes.draw(state).text().contains("size  unknown (the store did not say)"))
        var text = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let textId = PagerScenes.opened("a.txt", state: &text)
        _ = reduce(&text, .pager(.bytesLoaded(requestId: textId, Data("abc\n".utf8))))
        #expect(text.pager.fileSize == nil)
        _ = reduce(&text, .pager(.readFinished(requestId: textId, complete: true)))
        #expect(text.pager.fileSize == 4)
    }

    @Test func aFailedReadIsShownAndReloadReadsAgain() {
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: PagerScenes.now)
        let id = PagerScenes.opened("gone.txt", state: &state)
        _ = reduce(&state, .requestFailed(requestId: id, message: "not found"))
        #expect(state.pager.load == .failed("not found"))
        #expect(Scenes.draw(state).text().contains("could not read the file: not found"))
        let effects = reduce(&state, .key(.char("r")))
        #expect(effects.contains { if case .pager(.read) = $0 { true } else { false } })
        #expect(state.pager.isLoading && state.pager.returnTo == .runs)
    }

    @Test func longLinesAreCutIntoContinuations() {
        var text = PagerText()
        text.append(Array(repeating: UInt8(ascii: "a"), count: PagerText.maxLineBytes * 2 + 10))
        text.append(Array("\nnext\n".utf8))
        #expect(text.lineCount == 4)
        #expect(text.isContinuation(1) && text.isContinuation(2) && !text.isContinuation(3))
        #expect(text.lineNumber(2) == 1 && text.lineNumber(3) == 2 && text.fileLineCount == 2)
        #expect(text.lineRange(0).count == PagerText.maxLineBytes)
        // A cut never splits a character.
        var wide = PagerText()
        wide.append(Array(repeating: UInt8(ascii: "b"), count: PagerText.maxLineBytes - 1) + Array("é".utf8) + Array("\n".utf8))
        #expect(wide.lineRange(0).count == PagerText.maxLineBytes - 1 && wide.lineRange(1).count == 2)
    }

    @Test func linesDecodeInvalidBytesExpandTabsAndEscapeControls() {
        let bytes: [UInt8] = [0x61, 0x09, 0x62, 0xFF, 0x1B, 0x5B, 0x33, 0x31, 0x6D, 0xE2, 0x80, 0xAE, 0xE4, 0xB8, 0xAD, 0xF0, 0x9F]
        let cells = PagerLine.cells(bytes, 0..<bytes.count)
        #expect(cells.map(\.text).joined() == "a       b\u{FFFD}\\x1b[31m\\u202e中\u{FFFD}")
        #expect(cells.first { $0.text == "中" }?.width == 2)
        #expect(cells.first { $0.text == "b" }?.source == 2)
    }
}
