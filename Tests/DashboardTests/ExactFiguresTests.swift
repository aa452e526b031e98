import Dashboard
import MLflowCore
import Testing
import TerminalCore

/// The run detail shows the exact min, max and best of each metric's whole history; until the
/// store has them, the sample's figures are marked approximate.
@Suite struct ExactFiguresTests {
    /// A 120x30 detail of run r1 (metrics acc and loss) with 100-point samples loaded; returns the
    /// request id of the exact figures.
    func detailWithSamples(_ state: inout DashboardState) -> Int? {
        state.size = Size(width: 120, height: 30)
        _ = reduce(&state, .openSelected)
        guard let runId = state.detail.load.pendingRequestId else { return nil }
        var summariesId: Int?
        for effect in reduce(&state, .runLoaded(requestId: runId, makeRun("r1", metrics: ["acc": 0.9, "loss": 0.2]))) {
            switch effect {
            case .loadMetricHistories(let id, _, let keys, _):
                var histories: [String: [Metric]] = [:]
                for key in keys {
                    histories[key] = (0..<100).map { Metric(key: key, value: 1 + Double($0) / 100, timestamp: Int64($0), step: Int64($0) * 10) }
                }
                _ = reduce(&state, .metricHistoriesLoaded(requestId: id, histories))
            case .loadMetricSummaries(let id, "r1", let keys):
                #expect(keys == ["acc", "loss"])
                summariesId = id
            default: break
            }
        }
        return summariesId
    }

    func lossRow(_ state: DashboardState) -> String {
        Scenes.draw(state).text().split(separator: "\n").first { $0.contains("loss ") }.map(String.init) ?? ""
    }

    @Test func theSampleIsApproximateUntilTheExactFiguresArrive() {
        var state = stateWithRuns([makeRun("r1", metrics: ["acc": 0.9, "loss": 0.2])])
        guard let id = detailWithSamples(&state) else {
            Issue.record("no summaries asked for")
            return
        }
        #expect(lossRow(state).contains("≈1 "))
        #expect(lossRow(state).contains("≈1.99"))
        #expect(state.isLoading)
        // The exact figures: a minimum the sample skipped, at step 777.
        let exact = MetricSummary(
            count: 1_000, min: MetricExtreme(value: 0.125, step: 777, timestamp: 777), max: MetricExtreme(value: 2.5, step: 3, timestamp: 3),
            nanCount: 0, positiveInfinityCount: 0, negativeInfinityCount: 0)
        _ = reduce(&state, .metricSummaryProgress(requestId: id, key: "loss", points: 25_000))
        #expect(state.detail.summaryProgress == SummaryProgress(key: "loss", points: 25_000))
        _ = reduce(&state, .metricSummaryLoaded(requestId: id, key: "loss", exact))
        let row = lossRow(state)
        #expect(!row.contains("≈"))
        #expect(row.contains("0.125"))
        #expect(row.contains("2.5"))
        #expect(row.contains("777"), "lower is better for a loss: best at the minimum's step")
        #expect(state.detail.summariesLoad.isLoading, "acc is still to come")
        _ = reduce(&state, .metricSummaryLoaded(requestId: id, key: "acc", .empty))
        #expect(state.detail.summariesLoad == .loaded)
        #expect(!state.isLoading)
    }

    @Test func theMetricUnderTheCursorComesFirstAndAStaleAnswerIsDropped() {
        var state = stateWithRuns([makeRun("r1", metrics: ["acc": 0.9, "loss": 0.2])])
        guard let first = detailWithSamples(&state) else { return }
        _ = reduce(&state, .moveDown)
        let effects = reduce(&state, .refreshNow)
        #expect(effects.contains(.cancel(requestId: first)))
        guard let runId = state.detail.load.pendingRequestId else { return }
        let next = reduce(&state, .runLoaded(requestId: runId, makeRun("r1", metrics: ["acc": 0.9, "loss": 0.2])))
        guard case .loadMetricSummaries(_, _, let keys)? = next.last else {
            Issue.record("no summaries: \(next)")
            return
        }
        #expect(keys == ["loss", "acc"])
        _ = reduce(&state, .metricSummaryLoaded(requestId: first, key: "loss", .empty))
        #expect(state.detail.summaries.isEmpty)
    }

    @Test func aFailureKeepsTheFiguresMarkedAndSaysWhy() {
        var state = stateWithRuns([makeRun("r1", metrics: ["acc": 0.9, "loss": 0.2])])
        guard let id = detailWithSamples(&state) else { return }
        _ = reduce(&state, .requestFailed(requestId: id, message: "HTTP 503"))
        #expect(state.status.error == "exact min/max: HTTP 503")
        #expect(lossRow(state).contains("≈"))
        #expect(!state.isLoading)
    }

    @Test func theRunnerAsksTheStoreForEachSummaryInOrder() async {
        let history = (0..<300).map { Metric(key: "loss", value: $0 == 123 ? -1 : Double($0), timestamp: Int64($0), step: Int64($0)) }
        let store = FakeStore(histories: ["r1/loss": history, "r1/acc": []])
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        await runner.perform(.loadMetricSummaries(requestId: 3, runId: "r1", keys: ["loss", "acc"]))
        let actions = await log.wait(for: 2)
        let loaded = actions.compactMap { action -> (String, MetricSummary)? in
            if case let .metricSummaryLoaded(3, key, summary) = action { return (key, summary) }
            return nil
        }
        #expect(loaded.map(\.0) == ["loss", "acc"])
        #expect(loaded.first?.1.min == MetricExtreme(value: -1, step: 123, timestamp: 123))
        #expect(loaded.first?.1.count == 300)
        #expect(loaded.last?.1 == .empty)
    }
}
