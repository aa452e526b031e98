import Dashboard
import Foundation
import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport

/// Overlay screens built through the reducer, answered with histories that differ per run.
enum OverlayScenes {
    static func history(_ runId: String, _ key: String) -> [Metric] {
        let seed = Double(runId.unicodeScalars.reduce(0) { $0 + Int($1.value) } % 7)
        return (0..<60).map { step in
            let x = Double(step)
            let value = key == "acc" ? 0.4 + 0.08 * seed * (1 - exp(-x / 10)) : (0.5 + 0.2 * seed) * exp(-x / 15) + 0.2
            return Metric(key: key, value: value, timestamp: Scenes.now - 7_000_000 + Int64(step) * 60_000, step: Int64(step))
        }
    }

    /// Answers every overlay load among `effects` in batches of one run, then says it finished.
    static func answer(_ state: inout DashboardState, _ effects: [Effect]) {
        for effect in effects {
            guard case let .loadOverlayHistories(id, runIds, key, maxPoints, steps) = effect else { continue }
            for runId in runIds {
                let points = MetricSampling.sample(history(runId, key).filter { steps?.contains($0.step) ?? true }, maxPoints: maxPoints)
                _ = reduce(&state, .overlay(.batchLoaded(requestId: id, key: key, [runId: points])))
            }
            _ = reduce(&state, .overlay(.loadFinished(requestId: id, key: key)))
        }
    }

    /// The runs pane with the given rows marked (none: the sweep parent selected), overlay opened.
    static func grid(_ size: Size, marking rows: [Int] = []) -> DashboardState {
        var state = Scenes.runsScene(size)
        for row in rows {
            state.runs.cursor.select(row, count: state.runs.rows.count)
            _ = reduce(&state, .key(.char(" ")))
        }
        state.runs.cursor.select(0, count: state.runs.rows.count)
        answer(&state, reduce(&state, .key(.char("p"))))
        return state
    }

    static func chart(_ size: Size, marking rows: [Int] = []) -> DashboardState {
        var state = grid(size, marking: rows)
        answer(&state, reduce(&state, .key(.enter)))
        return state
    }
}

@Suite struct OverlayTests {
    @Test func withNothingMarkedTheSelectedRunAndItsNestedRunsAreOverlaid() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        #expect(state.runs.selected?.info.runId == "a1f0")
        let effects = reduce(&state, .key(.char("p")))
        #expect(state.focus == .overlay)
        #expect(state.overlay.runIds == ["a1f0", "b2e1", "c3d2"])
        // val_loss differs most (one run's latest is NaN), then acc.
        #expect(state.overlay.keys == ["val_loss", "acc"])
        #expect(state.overlay.labels["a1f0"] == "sweep")
        let loads = effects.compactMap { effect -> (String, Int)? in
            if case let .loadOverlayHistories(_, runIds, key, maxPoints, _) = effect, runIds == ["a1f0", "b2e1", "c3d2"] { return (key, maxPoints) }
            return nil
        }
        #expect(loads.map(\.0) == ["val_loss", "acc"])
        #expect(loads.map(\.1) == [200, 200])
        #expect(state.isLoading)
    }

    /// The marks the comparison takes, in marking order, so a run keeps its colour and place.
    @Test func markedRunsAreOverlaidInMarkingOrder() {
        let state = OverlayScenes.grid(Size(width: 80, height: 24), marking: [4, 2])
        let order = state.runs.rows.map { state.runs.runs[$0.index].info.runId }
        #expect(state.overlay.runIds == [order[4], order[2]])
        #expect(!state.isLoading)
    }

    @Test func batchesDrawAsTheyArriveAndStaleAnswersAreDropped() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        let effects = reduce(&state, .key(.char("p")))
        guard case let .loadOverlayHistories(id, _, key, _, _)? = effects.first else {
            Issue.record("no overlay load")
            return
        }
        _ = reduce(&state, .overlay(.batchLoaded(requestId: id + 100, key: key, ["a1f0": OverlayScenes.history("a1f0", key)])))
        #expect(state.overlay.overlays[key]?.arrivedCount == 0)
        _ = reduce(&state, .overlay(.batchLoaded(requestId: id, key: key, ["a1f0": OverlayScenes.history("a1f0", key)])))
        #expect(state.overlay.overlays[key]?.arrivedCount == 1)
        #expect(state.overlay.loads[key] == .loading(requestId: id))
        let partial = Scenes.draw(state)
        #expect(partial.text().contains("1/3"))
        #expect(partial.text().contains("⠁") || partial.text().unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) })
        _ = reduce(&state, .overlay(.loadFinished(requestId: id, key: key)))
        #expect(state.overlay.loads[key] == .loaded)
        _ = reduce(&state, .requestFailed(requestId: id + 1, message: "HTTP 503"))
        #expect(state.overlay.loads["acc"]?.isFailed == true)
        #expect(Scenes.draw(state).text().contains("could not load: HTTP 503"))
    }

    @Test func enterOpensTheChartWithADenserSampleAndEscGoesBackStepByStep() {
        var state = OverlayScenes.grid(Size(width: 80, height: 24))
        _ = reduce(&state, .key(.char("l")))
        #expect(state.overlay.cursor == 1)
        let effects = reduce(&state, .key(.enter))
        #expect(state.overlay.mode == .chart(key: "acc"))
        #expect(effects.contains { if case .loadOverlayHistories(_, _, "acc", 1_000, nil) = $0 { true } else { false } })
        OverlayScenes.answer(&state, effects)
        for key in ["+", "+", "h", "x", "L", "e"] { _ = reduce(&state, .key(.char(Character(key)))) }
        #expect(state.overlay.zoom == 0.25)
        #expect(state.overlay.pan == 0.3125)
        #expect(state.overlay.options == OverlayOptions(xAxis: .wallTime, logY: true, smoothing: 0.6))
        _ = reduce(&state, .key(.char("0")))
        #expect(state.overlay.zoom == 1)
        _ = reduce(&state, .key(.escape))
        #expect(state.overlay.mode == .grid)
        #expect(state.focus == .overlay)
        _ = reduce(&state, .key(.escape))
        #expect(state.focus == .runs)
    }

    /// As in the metric chart: a zoomed chart asks for a denser sample of the steps in view, draws
    /// it in place of the coarse points there, follows pan and axis changes, and drops it at full view.
    @Test func zoomingResamplesTheStepsInView() {
        var state = OverlayScenes.grid(Size(width: 120, height: 40))
        let opened = reduce(&state, .key(.enter))
        OverlayScenes.answer(&state, opened)
        guard case .chart(let key) = state.overlay.mode else {
            Issue.record("no chart")
            return
        }
        // A coarse sample: 60 steps sampled down to 10 points per run.
        state.overlay.overlays[key] = {
            var coarse = MetricOverlay(key: key, runIds: state.overlay.runIds, maxPoints: 10)
            for runId in state.overlay.runIds { coarse.add([runId: MetricSampling.sample(OverlayScenes.history(runId, key), maxPoints: 10)]) }
            return coarse
        }()
        #expect(state.overlay.window == nil)
        let zoomed = reduce(&state, .key(.char("+")))
        guard case let .loadOverlayHistories(id, runIds, _, maxPoints, steps?)? = zoomed.first else {
            Issue.record("no window asked for: \(zoomed)")
            return
        }
        #expect(runIds == state.overlay.runIds && maxPoints == 1_000)
        // Half the x range from the start (pan 0.25 after zooming about the centre), widened to
        // the sample's steps around it.
        #expect(steps.from <= 15 && steps.to >= 45 && steps.to < 59, "\(steps)")
        #expect(Scenes.draw(state).text().contains("resampling steps \(steps.from)–\(steps.to)"))
        let before = state.overlay.shown(key, maxPoints: 1_000).histories[runIds[0]]?.count ?? 0
        OverlayScenes.answer(&state, zoomed)
        #expect(state.overlay.window?.load == .loaded)
        let merged = state.overlay.shown(key, maxPoints: 1_000).histories[runIds[0]] ?? []
        #expect(merged.count > before)
        #expect(merged.filter { steps.contains($0.step) }.count == Int(steps.to - steps.from) + 1, "every step in view, from the window")
        #expect(merged.map(\.step) == merged.map(\.step).sorted())
        #expect(Scenes.draw(state).text().contains("steps \(steps.from)–\(steps.to) resampled"))
        // The same steps ask for nothing (here time runs with the steps, so the x axes agree); a pan
        // asks for the new steps; an old answer is dropped.
        for _ in 0..<3 { #expect(reduce(&state, .key(.char("x"))).isEmpty) }
        #expect(state.overlay.options.xAxis == .step)
        OverlayScenes.answer(&state, reduce(&state, .key(.char("l"))))
        let panned = state.overlay.window?.steps
        #expect(panned != steps && panned != nil)
        _ = reduce(&state, .overlay(.batchLoaded(requestId: id, key: key, [runIds[0]: []])))
        #expect(state.overlay.window?.overlay.histories[runIds[0]]?.isEmpty == false, "a stale answer is dropped")
        // A failed window keeps the coarse chart and says so.
        let again = reduce(&state, .key(.char("+")))
        guard case let .loadOverlayHistories(failing, _, _, _, _)? = again.first(where: { if case .loadOverlayHistories = $0 { true } else { false } }) else {
            Issue.record("no window after zooming again")
            return
        }
        _ = reduce(&state, .requestFailed(requestId: failing, message: "HTTP 503"))
        #expect(state.overlay.window?.load.isFailed == true)
        #expect(Scenes.draw(state).text().contains("resampling failed"))
        #expect(state.overlay.loads[key] == .loaded)
        // Full view: the window is dropped (and its request, if any, cancelled).
        _ = reduce(&state, .key(.char("0")))
        #expect(state.overlay.window == nil)
        #expect(state.overlay.shown(key, maxPoints: 1_000) == state.overlay.overlays[key])
    }

    /// The merged points a chart draws are kept as batches arrive: whichever comes first, the
    /// window's sample or the chart's own denser one, what is drawn is the merge of what is there.
    @Test func aSampleArrivingAfterTheWindowIsMergedWithIt() {
        var state = OverlayScenes.grid(Size(width: 120, height: 40))
        let opened = reduce(&state, .key(.enter))
        guard case .chart(let key) = state.overlay.mode,
              case let .loadOverlayHistories(chartId, runIds, _, chartPoints, nil)? = opened.first else {
            Issue.record("no chart sample asked for: \(opened)")
            return
        }
        func freshMerge() -> MetricOverlay? {
            guard let base = state.overlay.overlays[key] else { return nil }
            guard let window = state.overlay.window, window.overlay.arrivedCount > 0 else { return base }
            return base.merging(window.overlay, steps: window.steps)
        }
        // Zoomed while the chart's own sample is on its way: the window is asked for at once.
        let zoomed = reduce(&state, .key(.char("+")))
        #expect(zoomed.contains { if case .loadOverlayHistories(_, _, _, _, _?) = $0 { true } else { false } })
        OverlayScenes.answer(&state, zoomed)
        #expect(state.overlay.window?.merged != nil)
        #expect(state.overlay.shown(key, maxPoints: chartPoints) == freshMerge())
        for runId in runIds {
            _ = reduce(&state, .overlay(.batchLoaded(requestId: chartId, key: key, [runId: OverlayScenes.history(runId, key)])))
            #expect(state.overlay.shown(key, maxPoints: chartPoints) == freshMerge(), "after \(runId)'s sample")
        }
        let first = state.overlay.shown(key, maxPoints: chartPoints).histories[runIds[0]] ?? []
        #expect(first.map(\.step) == Array(0..<60), "every step once: the window's inside, the chart's outside")
    }

    @Test func mPicksAMetricWithCompletion() {
        var state = OverlayScenes.grid(Size(width: 80, height: 24))
        _ = reduce(&state, .key(.char("m")))
        #expect(state.overlay.metricDraft == "")
        _ = reduce(&state, .key(.char("v")))
        _ = reduce(&state, .key(.tab))
        #expect(state.overlay.metricDraft == "val_loss")
        #expect(Scenes.draw(state).text().contains("metric: val_loss"))
        let effects = reduce(&state, .key(.enter))
        #expect(state.overlay.mode == .chart(key: "val_loss"))
        #expect(state.overlay.metricDraft == nil)
        #expect(!effects.isEmpty)
        _ = reduce(&state, .key(.char("m")))
        for c in "nope" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.enter))
        #expect(state.overlay.metricDraft == "nope")
        #expect(state.status.error?.contains("no metric") == true)
        _ = reduce(&state, .key(.escape))
        #expect(state.overlay.metricDraft == nil)
        #expect(state.overlay.mode == .chart(key: "val_loss"))
    }

    @Test func nothingToPlotSaysWhatToDo() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        state.runs.replaceRuns([])
        _ = reduce(&state, .key(.char("p")))
        #expect(state.focus == .runs)
        #expect(state.status.message?.contains("mark runs with space") == true)
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func gridSnapshot(_ size: Size) {
        let state = OverlayScenes.grid(size)
        Snapshot.assert(Scenes.draw(state), named: "overlay-grid-\(size.width)x\(size.height)")
    }

    @Test func fullChartSnapshot() {
        let state = OverlayScenes.chart(Size(width: 80, height: 24))
        let buffer = Scenes.draw(state)
        Snapshot.assert(buffer, named: "overlay-chart-80x24")
        // Each run's line in its own series colour.
        let colours = Set((0..<24).flatMap { y in (0..<80).map { buffer[$0, y].style.fg } })
        for role in ThemeRole.series.prefix(3) { #expect(colours.contains(Theme.builtIn[role].fg)) }
    }

    @Test func monochromeTellsRunsApartByPattern() {
        let monochrome = ThemeFile.load("monochrome").theme.stepped(to: .none)
        let state = OverlayScenes.chart(Size(width: 80, height: 24))
        let buffer = Scenes.draw(state, theme: monochrome)
        Snapshot.assert(buffer, named: "overlay-chart-monochrome-80x24")
        let text = buffer.text()
        for pattern in [LinePattern.solid, .dashed, .dotted] { #expect(text.contains(pattern.swatch(cells: 3, braille: true))) }
    }

    @Test func legendFitsTheWidthAndCountsTheRunsLeftOut() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        let many = (0..<30).map { makeRun(String(format: "r%02d", $0), name: "run-with-a-longish-name-\($0)", metrics: ["loss": Double($0)]) }
        state.runs.replaceRuns(many)
        state.runs.cursor.select(0, count: state.runs.rows.count)
        for _ in 0..<30 { _ = reduce(&state, .key(.char(" "))) }
        OverlayScenes.answer(&state, reduce(&state, .key(.char("p"))))
        OverlayScenes.answer(&state, reduce(&state, .key(.enter)))
        let buffer = Scenes.draw(state)
        Snapshot.assert(buffer, named: "overlay-chart-30-runs-80x24")
        #expect(buffer.text().contains("more"))
        for y in 0..<24 { #expect(DisplayWidth.of(buffer.text(row: y)) == 80) }
    }

    @Test func hostileNamesAreEscapedInTitlesAndLegends() {
        // Rows 3 and 4: the run named with escape sequences and the wide-character one.
        let state = OverlayScenes.chart(Size(width: 80, height: 24), marking: [3, 4])
        let buffer = Scenes.draw(state)
        Snapshot.assert(buffer, named: "overlay-chart-hostile-80x24")
        #expect(!buffer.text().contains("\u{1b}"))
        #expect(buffer.text().contains("\\x1b[2J"))
    }

    @Test func theEffectRunnerAsksAHundredRunsAtATimeAndPostsEachBatch() async {
        let runs = (0..<250).map { makeRun(String(format: "r%03d", $0), metrics: ["loss": 1]) }
        var histories: [String: [Metric]] = [:]
        for run in runs { histories["\(run.info.runId)/loss"] = OverlayScenes.history(run.info.runId, "loss") }
        let store = FakeStore(runs: runs, histories: histories)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        await runner.perform(.loadOverlayHistories(requestId: 5, runIds: runs.map(\.info.runId), key: "loss", maxPoints: 20))
        let actions = await log.wait(for: 4)
        #expect(store.calls == Array(repeating: "sampledMetricHistory loss 20", count: 3))
        let sizes = actions.compactMap { action -> Int? in
            if case let .overlay(.batchLoaded(5, "loss", batch)) = action { return batch.count }
            return nil
        }
        #expect(sizes.sorted() == [50, 100, 100])
        #expect(actions.last == .overlay(.loadFinished(requestId: 5, key: "loss")))
    }

    @Test func aZoomedWindowAsksForItsStepsOnly() async {
        let runs = (0..<3).map { makeRun("w\($0)", metrics: ["loss": 1]) }
        var histories: [String: [Metric]] = [:]
        for run in runs { histories["\(run.info.runId)/loss"] = OverlayScenes.history(run.info.runId, "loss") }
        let log = ActionLog()
        let runner = EffectRunner(store: FakeStore(runs: runs, histories: histories)) { log.append($0) }
        await runner.perform(.loadOverlayHistories(requestId: 9, runIds: runs.map(\.info.runId), key: "loss", maxPoints: 1_000,
                                                   steps: StepRange(from: 20, to: 29)))
        let actions = await log.wait(for: 2)
        let steps = actions.flatMap { action -> [Int64] in
            if case let .overlay(.batchLoaded(9, "loss", batch)) = action { return batch.values.flatMap { $0.map(\.step) } }
            return []
        }
        #expect(steps.count == 30 && steps.allSatisfy { (20...29).contains($0) })
    }
}
