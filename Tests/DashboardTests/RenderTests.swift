import Dashboard
import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport

@Suite struct RenderTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]

    @Test(arguments: sizes)
    func experimentsPane(_ size: Size) {
        Snapshot.assert(Scenes.draw(Scenes.base(size)), named: "experiments-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func runsPane(_ size: Size) {
        Snapshot.assert(Scenes.draw(Scenes.runsScene(size)), named: "runs-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func detailPane(_ size: Size) {
        Snapshot.assert(Scenes.draw(Scenes.detailScene(size)), named: "detail-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func chartPane(_ size: Size) {
        Snapshot.assert(Scenes.draw(Scenes.chartScene(size)), named: "chart-\(size.width)x\(size.height)")
    }

    @Test func chartWithLogScaleSmoothingAndZoom() {
        var state = Scenes.chartScene(Size(width: 80, height: 24))
        for action: Dashboard.Action in [.toggleChartLogScale, .cycleChartSmoothing, .cycleChartXAxis, .cycleChartXAxis, .zoomChartIn, .panChartLeft] {
            _ = reduce(&state, action)
        }
        let buffer = Scenes.draw(state)
        Snapshot.assert(buffer, named: "chart-log-ema-zoom-80x24")
        let smoothed = Theme.builtIn[.chartSmoothed].fg
        var smoothedCells = 0
        for y in 0..<24 { for x in 0..<80 where buffer[x, y].style.fg == smoothed { smoothedCells += 1 } }
        #expect(smoothedCells > 20)
    }

    @Test func detailScrollsByPageAndFollowsTheMetricAgain() {
        var state = Scenes.detailScene(Size(width: 80, height: 24))
        let row = { (buffer: CellBuffer) in buffer.text(row: 3) }
        #expect(!row(Scenes.draw(state)).contains("status"), "follows the selected metric at the bottom")
        _ = reduce(&state, .key(.char("g")))
        #expect(state.detail.scroll == 0)
        #expect(row(Scenes.draw(state)).contains("status      FINISHED"))
        _ = reduce(&state, .key(.pageDown))
        #expect(state.detail.scroll == 19)
        _ = reduce(&state, .key(.char("G")))
        let bottom = Scenes.draw(state).text(row: 21)
        #expect(bottom.contains("val_loss"))
        _ = reduce(&state, .key(.char("k")))
        #expect(state.detail.scroll == nil)
        #expect(state.detail.metricCursor.selected == 0)
    }

    @Test func helpScreen() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        _ = reduce(&state, .toggleHelp)
        Snapshot.assert(Scenes.draw(state), named: "help-80x24")
    }

    @Test func filterErrorPointsAtItsPosition() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        _ = reduce(&state, .beginRunSearchFilter)
        for c in "metrics.acc > 0.5 and nope.x = 1" { _ = reduce(&state, .key(.char(c))) }
        let text = Scenes.draw(state).text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(text[21].hasPrefix("filter: metrics.acc > 0.5 and nope.x = 1▏"))
        let caret = text[22].firstIndex(of: "^").map { text[22].distance(from: text[22].startIndex, to: $0) }
        #expect(caret == "filter: ".count + 22)
    }

    @Test func storeTextNeverReachesTheTerminalRaw() {
        for state in [Scenes.base(Size(width: 160, height: 48)), Scenes.runsScene(Size(width: 160, height: 48))] {
            let buffer = Scenes.draw(state)
            var cells: [String] = []
            for y in 0..<buffer.size.height { for x in 0..<buffer.size.width { cells.append(buffer[x, y].text) } }
            #expect(!cells.contains { $0.unicodeScalars.contains { SafeText.needsEscape($0) } })
            #expect(buffer.text().contains("\\x1b[2J\\x1b[31mEVIL"))
        }
    }

    @Test(arguments: sizes)
    func columnPicker(_ size: Size) {
        var state = Scenes.runsScene(size)
        _ = reduce(&state, .key(.char("C")))
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.char(" ")))
        Snapshot.assert(Scenes.draw(state), named: "column-picker-\(size.width)x\(size.height)")
    }

    /// At 80 columns an error or message shows in full; key hints give way to it, `? help` last.
    @Test func messagesWinOverKeyHints() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        state.status.showError("connection failed: 127.0.0.1:5000 refused the connection", now: state.now)
        var bottom = Scenes.draw(state).text(row: 23)
        #expect(bottom.contains("connection failed: 127.0.0.1:5000 refused the connection"))
        #expect(bottom.contains("? help"))
        #expect(!bottom.contains("s sort"))
        state.status.showError(String(repeating: "x", count: 90), now: state.now)
        bottom = Scenes.draw(state).text(row: 23)
        #expect(!bottom.contains("help"))
        #expect(bottom.contains("xxxxxxxxxx"))
        state.status.error = nil
        _ = reduce(&state, .copySelectedRunId)
        bottom = Scenes.draw(state).text(row: 23)
        #expect(bottom.contains("copied run id \(state.runs.selected?.info.runId ?? "?")"))
    }

    /// A wide screen shows more of the varying metrics and params, and keeps them near the names.
    @Test func wideScreensShowMoreColumnsNearTheNames() {
        let runs = (0..<6).map { i in
            makeRun("r\(i)", metrics: Dictionary(uniqueKeysWithValues: (0..<8).map { ("metric_\($0)", Double(i * ($0 + 1))) }),
                    params: ["seed": "\(i)", "lr": "0.\(i)", "fixed": "1"])
        }
        var state = stateWithRuns(runs)
        state.focus = .runs
        state.size = Size(width: 300, height: 30)
        let header = Scenes.draw(state).text(row: 2)
        let shown = (0..<8).filter { header.contains("metric_\($0)") }.count
        #expect(shown == 8, "\(header)")
        #expect(header.contains("seed") && header.contains("lr"))
        #expect(!header.contains("fixed"), "a param with one value is not a default column")
        let runsHeader = header.components(separatedBy: "││").last ?? ""
        let name = runsHeader.range(of: "Name")?.lowerBound
        let started = runsHeader.range(of: "Started")?.lowerBound
        #expect(name != nil && started != nil)
        if let name, let started { #expect(runsHeader.distance(from: name, to: started) <= 70) }
        // At 80 columns, the first of the ones that vary most still fit.
        state.size = Size(width: 80, height: 24)
        #expect(Scenes.draw(state).text(row: 2).contains("metric_0"))
    }

    @Test func wideCharactersKeepColumnsAligned() {
        let buffer = Scenes.draw(Scenes.runsScene(Size(width: 160, height: 48)))
        let rows = buffer.text().split(separator: "\n").map(String.init)
        let wide = rows.first { $0.contains("宽字符-run") }
        let plain = rows.first { $0.contains("sweep-lr-0.1") }
        #expect(wide.map(DisplayWidth.of) == 160)
        #expect(plain.map(DisplayWidth.of) == 160)
    }

    @Test(arguments: [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 5, height: 3), Size(width: 20, height: 4)])
    func tinySizesDoNotCrash(_ size: Size) {
        for scene in [Scenes.base, Scenes.runsScene, Scenes.detailScene, Scenes.chartScene] {
            var state = scene(Size(width: 80, height: 24))
            _ = reduce(&state, .resize(size))
            _ = reduce(&state, .toggleHelp)
            #expect(Scenes.draw(state).size == size)
        }
    }

    @Test func asciiSymbolsUseNoBlockOrBrailleCharacters() {
        let buffer = Scenes.draw(Scenes.chartScene(Size(width: 80, height: 24)), symbols: .ascii)
        #expect(buffer.text().unicodeScalars.allSatisfy { $0.isASCII || $0 == "\u{FFFD}" || (0x3000...0x9FFF).contains($0.value) })
    }
}
