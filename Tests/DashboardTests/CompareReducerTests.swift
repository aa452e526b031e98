import Dashboard
import MLflowCore
import Testing
import TerminalCore

/// Marks that belong to the dashboard, and the comparison view's reducer.
@Suite struct CompareReducerTests {
    let runs = CompareScenes.sweep

    @Test func marksStayWhenAnotherExperimentIsOpened() {
        var state = stateWithRuns([makeRun("a", experiment: "1"), makeRun("b", experiment: "1")])
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.marks.runIds == ["a"])
        #expect(state.marks.all.first?.experimentName == "alpha")
        // Back to the experiments, the other one opened: the mark stays.
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .key(.char("j")))
        if let id = openRuns(&state) { _ = reduce(&state, .runsPageLoaded(requestId: id, [makeRun("c", experiment: "2")], done: true)) }
        #expect(state.runs.experimentIds == ["2"])
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.marks.runIds == ["a", "c"])
        #expect(state.marks.all.map(\.experimentName) == ["alpha", "beta"])
        let status = Scenes.draw(state).text(row: 23)
        #expect(status.contains("2 marked"), "\(status)")
        // Space again unmarks; u forgets them all.
        _ = reduce(&state, .key(.char("k")))
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.marks.runIds == ["a"])
        _ = reduce(&state, .key(.char("u")))
        #expect(state.marks.isEmpty)
        #expect(!Scenes.draw(state).text(row: 23).contains(" 1 marked "))
    }

    @Test func aMarksWhatTheFilterShowsAndAsksAboveThreeHundred() {
        var state = stateWithRuns((0..<10).map { makeRun("r\($0)", name: $0 < 4 ? "keep-\($0)" : "other-\($0)") })
        _ = reduce(&state, .key(.char("f")))
        for c in "keep" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        _ = reduce(&state, .key(.char("a")))
        #expect(Set(state.marks.runIds) == ["r0", "r1", "r2", "r3"])

        var many = stateWithRuns((0..<301).map { makeRun("m\($0)") })
        _ = reduce(&many, .key(.char("a")))
        #expect(many.input == .confirmMarkAll(count: 301))
        #expect(many.marks.isEmpty)
        #expect(Scenes.draw(many).text().contains("Mark all 301 runs the table shows? (y/n)"))
        _ = reduce(&many, .key(.char("n")))
        #expect(many.input == .none)
        #expect(many.marks.isEmpty)
        _ = reduce(&many, .key(.char("a")))
        _ = reduce(&many, .key(.char("y")))
        #expect(many.marks.count == 301)
    }

    @Test func withNothingMarkedTheSelectedSweepIsCompared() {
        var state = stateWithRuns(runs + [makeRun("lonely", start: 1)])
        // The parent is first (newest first), its two children under it.
        let effects = reduce(&state, .key(.char("=")))
        #expect(state.focus == .compare)
        #expect(effects.contains(.loadComparedRuns(requestId: state.compare.load.pendingRequestId ?? -1, runIds: runs.map(\.info.runId))))
        // A run without nested runs, nothing marked: the status line says what to do.
        var single = stateWithRuns([makeRun("lonely")])
        #expect(reduce(&single, .key(.char("="))) == [])
        #expect(single.focus == .runs)
        #expect(single.status.message?.contains("mark runs with space") == true)
        #expect(reduce(&single, .runCommand("compare")) == [])
    }

    @Test func openingLoadsTheMarkedRunsInMarkingOrderAndEscGoesBack() {
        var state = stateWithRuns(runs)
        for index in [2, 0] {
            state.marks.add([CompareScenes.mark(runs[index])])
        }
        let effects = reduce(&state, .runCommand("compare"))
        guard case .loadComparedRuns(let id, let ids)? = effects.last else {
            Issue.record("no load: \(effects)")
            return
        }
        #expect(ids == [runs[2].info.runId, runs[0].info.runId])
        // The loaded runs show at once; a stale answer is dropped, the right one replaces them.
        #expect(state.compare.view.comparison?.columns.map(\.runName) == ["sweep-lr-0.001", "sweep"])
        _ = reduce(&state, .compare(.runsLoaded(requestId: id + 50, [], missing: ids)))
        #expect(state.compare.load == .loading(requestId: id))
        _ = reduce(&state, .compare(.runsLoaded(requestId: id, [runs[2]], missing: [runs[0].info.runId])))
        #expect(state.compare.view.comparison?.columns.map(\.runName) == ["sweep-lr-0.001"])
        #expect(state.status.error?.contains("1 marked run is gone from the store") == true)
        #expect(state.marks.runIds == [runs[2].info.runId])
        _ = reduce(&state, .key(.escape))
        #expect(state.focus == .runs)
        // Tab comes back to it.
        _ = reduce(&state, .key(.tab))
        #expect(state.focus == .compare)
    }

    @Test func pOverlaysTheComparedRunsInColumnOrderAndEscComesBack() {
        var state = CompareScenes.opened([runs[2], runs[0], runs[1]])
        let effects = reduce(&state, .key(.char("p")))
        #expect(state.focus == .overlay)
        #expect(state.overlay.runIds == [runs[2], runs[0], runs[1]].map(\.info.runId))
        #expect(state.overlay.returnTo == .compare)
        #expect(effects.contains { if case .loadOverlayHistories = $0 { true } else { false } })
        _ = reduce(&state, .key(.escape))
        #expect(state.focus == .compare)
        #expect(state.compare.view.comparison?.columns.count == 3)
    }

    @Test func diffOnlyByDefaultAndDShowsEveryRow() throws {
        var state = CompareScenes.opened(runs)
        let comparison = try #require(state.compare.view.comparison)
        #expect(comparison.section(.params)?.rows.map(\.key) == ["dropout", "lr", "seed"])
        #expect(comparison.section(.params)?.hiddenEqualRows == 2)
        #expect(comparison.section(.params)?.rows.first { $0.key == "lr" }?.equalAsNumbers == false, "0.001 differs as a number")
        CompareScenes.type(&state, [.char("d")], runs: runs)
        #expect(state.compare.view.comparison?.section(.params)?.rows.map(\.key) == ["dropout", "epochs", "lr", "optimizer", "seed"])
        #expect(state.compare.options.allRows)
        // MLflow's own tags: hidden until T.
        let tags = state.compare.view.comparison?.section(.tags)?.rows.map(\.key) ?? []
        #expect(!tags.contains(SystemTag.parentRunId))
        CompareScenes.type(&state, [.char("T")], runs: runs)
        #expect(state.compare.view.comparison?.section(.tags)?.rows.map(\.key).contains(SystemTag.parentRunId) == true)
    }

    @Test func theCursorFollowsItsRowThroughTheFilter() {
        var state = CompareScenes.opened(runs)
        CompareScenes.type(&state, [.char("j"), .char("j"), .char("j"), .char("j")], runs: runs)
        let before = state.compare.selectedRow
        #expect(before == CompareRowID(section: .params, key: "seed"))
        CompareScenes.type(&state, [.char("/"), .char("s"), .char("e")], runs: runs)
        #expect(state.compare.options.rowFilter == "se")
        #expect(state.compare.view.comparison?.sections.flatMap(\.rows).map(\.key) == ["seed"])
        #expect(state.compare.selectedRow == before)
        CompareScenes.type(&state, [.char("z")], runs: runs)
        #expect(Scenes.draw(state).text().contains("(no key matches the filter)"))
        CompareScenes.type(&state, [.backspace], runs: runs)
        // Esc drops the filter; the cursor is still on seed.
        CompareScenes.type(&state, [.escape], runs: runs)
        #expect(state.compare.options.rowFilter == nil)
        #expect(state.compare.prompt == nil)
        #expect(state.compare.selectedRow == before)
        #expect(state.focus == .compare)
    }

    @Test func metricValuesCycleAndAreReadAsEffects() throws {
        var state = CompareScenes.opened(runs)
        let effects = reduce(&state, .key(.char("m")))
        guard case .loadComparisonFigures(let id, let items, let reading)? = effects.last else {
            Issue.record("no figures asked: \(effects)")
            return
        }
        #expect(reading == .summaries)
        #expect(Set(items.map(\.key)) == ["acc", "train/loss", "val_loss"])
        #expect(state.compare.options.metricValue == .min)
        #expect(Scenes.draw(state).text().contains("…"), "values being read are shown as such")
        _ = reduce(&state, .compare(.figuresProgress(requestId: id, done: 2)))
        #expect(state.compare.figuresProgress?.done == 2)
        CompareScenes.answer(&state, effects, runs: runs)
        let acc = try #require(state.compare.view.comparison?.section(.metrics)?.rows.first { $0.key == "acc" })
        #expect(acc.cells.map(\.number) == [0.912, 0.11, 0.931])
        // max and best come from the summaries already read: nothing more is asked.
        #expect(reduce(&state, .key(.char("m"))).isEmpty)
        #expect(state.compare.options.metricValue == .max)
        let maxAcc = try #require(state.compare.view.comparison?.section(.metrics)?.rows.first { $0.key == "acc" })
        #expect(maxAcc.cells.map(\.number) == [0.912 + 0.9, 0.11 + 0.9, 0.931 + 0.9])
        _ = reduce(&state, .key(.char("m")))
        _ = reduce(&state, .key(.char("m")))
        #expect(state.compare.options.metricValue == .latest)
    }

    @Test func aStepTypedAfterAtShowsTheValueAtOrBeforeIt() throws {
        var state = CompareScenes.opened(runs)
        CompareScenes.type(&state, [.char("@"), .char("4"), .enter], runs: runs)
        #expect(state.compare.options.metricValue == .atStep(4))
        let acc = try #require(state.compare.view.comparison?.section(.metrics)?.rows.first { $0.key == "acc" })
        #expect(acc.metric?.steps == [4, 4, 4])
        #expect(abs((acc.cells[0].number ?? 0) - (0.912 + 0.6)) < 1e-9)
        // Another step is answered from the histories already read.
        #expect(reduce(&state, .key(.char("@"))).isEmpty)
        for key: Key in [.backspace, .char("2"), .enter] { #expect(reduce(&state, .key(key)).isEmpty) }
        #expect(state.compare.options.metricValue == .atStep(2))
        // A step that is no number is refused.
        CompareScenes.type(&state, [.char("@"), .ctrl("u"), .char("x"), .enter], runs: runs)
        #expect(state.status.error == "step: 'x' is not a whole number")
        #expect(state.compare.options.metricValue == .atStep(2))
    }

    @Test func xFlipsTheDirectionOfTheMetricUnderTheCursor() throws {
        var state = CompareScenes.opened(runs)
        CompareScenes.type(&state, [.char("G")], runs: runs)
        // The last rows: metrics (acc, train/loss, val_loss), then tags (team).
        while state.compare.selectedRow?.key != "val_loss" { CompareScenes.type(&state, [.char("k")], runs: runs) }
        var row = try #require(state.compare.view.comparison?.section(.metrics)?.rows.first { $0.key == "val_loss" })
        #expect(row.metric?.bestColumns == [2], "lower is better: 0.274")
        CompareScenes.type(&state, [.char("x")], runs: runs)
        row = try #require(state.compare.view.comparison?.section(.metrics)?.rows.first { $0.key == "val_loss" })
        #expect(row.metric?.bestColumns == [0], "flipped: 0.31 is best, NaN never")
        #expect(row.metric?.flipped == true)
        #expect(state.status.message == "val_loss: higher is better")
        // Not on a metric row: says so.
        CompareScenes.type(&state, [.char("g"), .char("x")], runs: runs)
        #expect(state.status.message?.contains("x flips") == true)
    }

    @Test func bSetsTheBaselineToTheRunUnderTheCursor() throws {
        var state = CompareScenes.opened(runs)
        #expect(state.compare.view.comparison?.baselineColumn == 0)
        CompareScenes.type(&state, [.char("l"), .char("l"), .char("b")], runs: runs)
        #expect(state.compare.options.baselineRunId == runs[2].info.runId)
        let comparison = try #require(state.compare.view.comparison)
        #expect(comparison.baselineColumn == 2)
        let acc = try #require(comparison.section(.metrics)?.rows.first { $0.key == "acc" })
        let change = try #require(acc.metric?.changes[0])
        #expect(abs(change.absolute - (0.912 - 0.931)) < 1e-12)
        #expect(change.verdict == .worse)
        #expect(acc.metric?.changes[2] == nil)
        // l past the last run stays there.
        CompareScenes.type(&state, [.char("l"), .char("l")], runs: runs)
        #expect(state.compare.selectedRunId == runs[2].info.runId)
        // r reads the runs afresh and keeps the baseline and the cursor.
        let effects = reduce(&state, .key(.char("r")))
        #expect(effects == [.loadComparedRuns(requestId: state.compare.load.pendingRequestId ?? -1, runIds: runs.map(\.info.runId))])
        CompareScenes.answer(&state, effects, runs: runs)
        #expect(state.compare.view.comparison?.baselineColumn == 2)
        #expect(state.compare.selectedRunId == runs[2].info.runId)
    }

    @Test func yCopiesTheMarkdownOfTheCommandLine() {
        var state = CompareScenes.opened(runs)
        let effects = reduce(&state, .key(.char("y")))
        guard case .copyToClipboard(let text)? = effects.first else {
            Issue.record("nothing copied: \(effects)")
            return
        }
        #expect(text.hasPrefix("| key | sweep (baseline) | sweep-lr-0.10 | sweep-lr-0.001 |\n| --- | --- | --- | --- |\n"), "\(text)")
        #expect(text.contains("| lr | 0.1 | 0.10 | 0.001 |"), "\(text)")
        #expect(text.contains("| dropout | — | 0.2 | 0.3 |"), "\(text)")
        #expect(text.contains("| val_loss (lower is better) | 0.31 | NaN | **0.274** (-0.036, -11.6%, better) |"), "\(text)")
        #expect(text.contains("hidden: d in the comparison shows them)"), "\(text)")
        #expect(state.status.message?.hasPrefix("copied the comparison as a Markdown table") == true)
    }

    @Test func transposingPutsRunsInRows() {
        var state = CompareScenes.opened(runs)
        CompareScenes.type(&state, [.char("t")], runs: runs)
        #expect(state.compare.transposed)
        #expect(state.compare.view.keyWidths.count == state.compare.view.rowLines.count)
        // j moves over runs, l over keys.
        CompareScenes.type(&state, [.char("j")], runs: runs)
        #expect(state.compare.selectedRunId == runs[1].info.runId)
        let key = state.compare.selectedRow
        CompareScenes.type(&state, [.char("l")], runs: runs)
        #expect(state.compare.selectedRow != key)
    }
}
