import Dashboard
import MLflowCore
import Testing
import TerminalCore

/// Zooming a sampled history asks for a denser sample of the steps in view; loading the complete
/// history tells how many points have arrived.
@Suite struct ChartZoomTests {
    /// A chart of a 100-point sample of a 100,000-step history.
    func sampledChart() -> DashboardState {
        var state = stateWithRuns([makeRun("a", metrics: ["loss": 1])])
        let effects = reduce(&state, .key(.char("c")))
        guard case .loadChartHistory(let id, "a", "loss", 1_000)? = effects.last else {
            Issue.record("no chart load: \(effects)")
            return state
        }
        let sample = (0..<100).map { Metric(key: "loss", value: 1 / Double($0 + 1), timestamp: Int64($0) * 1_000, step: Int64($0) * 1_000) }
        _ = reduce(&state, .chartHistoryLoaded(requestId: id, sample))
        return state
    }

    @Test func zoomingInAsksForADenserSampleOfTheStepsInView() {
        var state = sampledChart()
        #expect(state.chart.window == nil)
        let effects = reduce(&state, .zoomChartIn)
        // Half the range, centred: steps 24,750 to 74,250, reaching to the sampled points just outside.
        guard case .loadChartWindow(let id, "a", "loss", let steps, 1_000)? = effects.last else {
            Issue.record("no window load: \(effects)")
            return
        }
        #expect(steps == StepRange(from: 24_000, to: 75_000))
        #expect(state.chart.window?.load == .loading(requestId: id))
        #expect(state.isLoading)
        // The dense points replace the sample's inside the window.
        let dense = (24_000...75_000).filter { $0 % 100 == 0 }.map {
            Metric(key: "loss", value: 0.5, timestamp: Int64($0), step: Int64($0))
        }
        _ = reduce(&state, .chartWindowLoaded(requestId: id, dense))
        let shown = state.chart.shownPoints
        #expect(shown.count == 100 - 52 + dense.count)
        #expect(shown.filter { (24_000...75_000).contains($0.step) }.allSatisfy { $0.value == 0.5 })
        #expect(shown.map(\.step) == shown.map(\.step).sorted())
        // Panning asks again (cancelling nothing: the last answer is in); zooming out to 1 drops the window.
        let pan = reduce(&state, .panChartRight)
        #expect(pan.contains { if case .loadChartWindow = $0 { true } else { false } })
        let reset = reduce(&state, .resetChartView)
        #expect(state.chart.window == nil)
        #expect(reset.allSatisfy { if case .cancel = $0 { true } else { false } })
    }

    @Test func aStaleWindowAnswerIsDropped() {
        var state = sampledChart()
        guard case .loadChartWindow(let first, _, _, _, _)? = reduce(&state, .zoomChartIn).last else { return }
        let second = reduce(&state, .zoomChartIn)
        #expect(second.first == .cancel(requestId: first))
        _ = reduce(&state, .chartWindowLoaded(requestId: first, [Metric(key: "loss", value: 9, timestamp: 0, step: 50_000)]))
        #expect(state.chart.window?.points.isEmpty == true)
    }

    @Test func theCompleteHistoryNeedsNoWindowAndCountsItsPointsAsTheyArrive() {
        var state = sampledChart()
        let effects = reduce(&state, .loadFullHistory)
        guard case .loadChartHistory(let id, _, _, nil)? = effects.last else {
            Issue.record("no full load: \(effects)")
            return
        }
        _ = reduce(&state, .chartHistoryProgress(requestId: id, points: 25_000))
        #expect(state.chart.loadedPoints == 25_000)
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(), into: &buffer)
        #expect(buffer.text().contains("25,000"))
        let all = (0..<50_000).map { Metric(key: "loss", value: 1, timestamp: Int64($0), step: Int64($0)) }
        _ = reduce(&state, .chartHistoryLoaded(requestId: id, all))
        #expect(state.chart.complete)
        #expect(state.chart.loadedPoints == nil)
        #expect(reduce(&state, .zoomChartIn) == [])
        #expect(state.chart.window == nil)
    }

    @Test func theRunnerSamplesTheStepsOfTheWindow() async {
        let history = (0..<10_000).map { Metric(key: "loss", value: Double($0), timestamp: Int64($0), step: Int64($0)) }
        let store = FakeStore(histories: ["a/loss": history])
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        await runner.perform(.loadChartWindow(requestId: 7, runId: "a", key: "loss", steps: StepRange(from: 100, to: 199), maxPoints: 10))
        let actions = await log.wait(for: 1)
        guard case .chartWindowLoaded(7, let points)? = actions.first else {
            Issue.record("no window: \(actions)")
            return
        }
        #expect(points.count == 10)
        #expect(points.first?.step == 100)
        #expect(points.last?.step == 199)
    }
}
