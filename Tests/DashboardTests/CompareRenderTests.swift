import Dashboard
import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport

/// Screens of the comparison at 80x24 and 200x50, compared with text snapshots (run ids masked).
@Suite struct CompareRenderTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 200, height: 50)]
    /// Start times, shown in the local time zone: whole, then cut with `…`.
    static let masks = [#"\d{4}-\d\d-\d\d \d\d:\d\d"#, #"\d{4}-[-0-9 :]*…"#]

    /// Differing and equal params, a missing value, `0.1` and `0.10`, NaN and +inf, the baseline's changes.
    @Test(arguments: sizes)
    func threeRunsOfASweep(_ size: Size) {
        var runs = CompareScenes.sweep
        runs[2].params = runs[2].params.map { $0.key == "lr" ? KeyValue(key: "lr", value: "1e-1") : $0 }
        let state = CompareScenes.opened(runs, size: size)
        let text = Scenes.draw(state).text()
        #expect(text.contains("(equal as numbers)"))
        #expect(text.contains("—"), "a missing value is shown as missing")
        #expect(text.contains("NaN") && text.contains("inf"))
        Scenes.snapshot(state, "compare-sweep", masking: Self.masks)
    }

    @Test(arguments: sizes)
    func everyRowWithABaselineChosen(_ size: Size) {
        var state = CompareScenes.opened(CompareScenes.sweep, size: size)
        CompareScenes.type(&state, [.char("d"), .char("l"), .char("b"), .char("G")], runs: CompareScenes.sweep)
        Scenes.snapshot(state, "compare-all-rows-baseline", masking: Self.masks)
    }

    @Test(arguments: sizes)
    func twoRuns(_ size: Size) {
        let runs = Array(CompareScenes.sweep.prefix(2))
        Scenes.snapshot(CompareScenes.opened(runs, size: size), "compare-two", masking: Self.masks)
    }

    /// Sixty runs of two experiments, all named alike but one hostile name: unique headers with the
    /// experiment's name and a short id, the columns scrolled sideways.
    @Test(arguments: sizes)
    func sixtyRunsOfTwoExperiments(_ size: Size) {
        let runs = CompareScenes.many(60)
        var state = CompareScenes.opened(runs, size: size)
        let headers = state.compare.view.comparison?.columns.map(\.header) ?? []
        #expect(Set(headers).count == 60)
        #expect(headers.first?.hasPrefix("sweep [mnist] (") == true, "\(headers.first ?? "")")
        Scenes.snapshot(state, "compare-sixty", masking: Self.masks)
        for _ in 0..<5 { CompareScenes.type(&state, [.char("l")], runs: runs) }
        #expect(state.compare.columnScroll > 0 || size.width > 150)
        Scenes.snapshot(state, "compare-sixty-scrolled", masking: Self.masks)
    }

    @Test(arguments: sizes)
    func transposed(_ size: Size) {
        let runs = CompareScenes.many(60)
        var state = CompareScenes.opened(runs, size: size)
        CompareScenes.type(&state, [.char("t"), .char("j"), .char("j")], runs: runs)
        Scenes.snapshot(state, "compare-transposed", masking: Self.masks)
    }

    @Test(arguments: sizes)
    func rowFilterTyped(_ size: Size) {
        var state = CompareScenes.opened(CompareScenes.sweep, size: size)
        CompareScenes.type(&state, [.char("/"), .char("l"), .char("o")], runs: CompareScenes.sweep)
        Scenes.snapshot(state, "compare-filter", masking: Self.masks)
    }

    @Test(arguments: sizes)
    func minValuesAndAFlippedMetric(_ size: Size) {
        var state = CompareScenes.opened(CompareScenes.sweep, size: size)
        CompareScenes.type(&state, [.char("m"), .char("G"), .char("k"), .char("x")], runs: CompareScenes.sweep)
        Scenes.snapshot(state, "compare-min-flipped", masking: Self.masks)
    }

    @Test func theBestValueAndTheChangesAreDrawnInTheirRoles() {
        let state = CompareScenes.opened(CompareScenes.sweep, size: Size(width: 200, height: 50))
        let buffer = Scenes.draw(state)
        let theme = Theme.builtIn
        var roles: Set<String> = []
        for y in 0..<buffer.size.height {
            let row = buffer.text(row: y)
            for x in 0..<buffer.size.width {
                let style = buffer[x, y].style
                if style.fg == theme[.compareBest].fg, style.attributes.contains(.underline) { roles.insert("best") }
                if style.fg == theme[.compareBetter].fg { roles.insert("better") }
                if style.fg == theme[.compareWorse].fg { roles.insert("worse") }
                if style.fg == theme[.compareMissing].fg, buffer[x, y].text == "—" { roles.insert("missing") }
            }
            _ = row
        }
        #expect(roles == ["best", "better", "worse", "missing"])
    }

    @Test func helpListsTheComparisonKeys() {
        var state = CompareScenes.opened(CompareScenes.sweep)
        _ = reduce(&state, .key(.char("?")))
        #expect(HelpOverlay.helpLines(.unicode).contains("Comparison"))
        #expect(Scenes.draw(state).text().contains("Keys"))
    }

    @Test(arguments: [Size(width: 0, height: 0), Size(width: 1, height: 1), Size(width: 5, height: 3), Size(width: 20, height: 4)])
    func tinySizesDoNotCrash(_ size: Size) {
        for transposed in [false, true] {
            var state = CompareScenes.opened(CompareScenes.many(5))
            if transposed { _ = reduce(&state, .key(.char("t"))) }
            _ = reduce(&state, .resize(size))
            _ = reduce(&state, .key(.char("l")))
            #expect(Scenes.draw(state).size == size)
        }
    }

    @Test func asciiUsesNoUnicodeSigns() {
        var state = CompareScenes.opened(CompareScenes.sweep)
        _ = reduce(&state, .key(.char("d")))
        let text = Scenes.draw(state, symbols: .ascii).text()
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII }, "\(text)")
        #expect(text.contains("--"))
    }
}
