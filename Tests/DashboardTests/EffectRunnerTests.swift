import Dashboard
import MLflowCore
import Testing
import TerminalCore

@Suite struct EffectRunnerTests {
    let runs = (0..<250).map { makeRun(String(format: "r%03d", $0), metrics: ["acc": Double($0)]) }

    @Test func runsArriveAsASmallFirstPageThenTheRest() async {
        let store = FakeStore(runs: runs)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        await runner.perform(.loadRuns(requestId: 7, query: RunQuery(experimentIds: ["1"]), firstPageSize: 10, pageSize: 100))
        let actions = await log.wait(for: 4)
        #expect(store.calls == ["searchRuns 10 -", "searchRuns 100 10", "searchRuns 100 110", "searchRuns 100 210"])
        let pages = actions.compactMap { action -> (Int, Int, Bool)? in
            if case let .runsPageLoaded(id, page, done) = action { return (id, page.count, done) }
            return nil
        }
        #expect(pages.map(\.0) == [7, 7, 7, 7])
        #expect(pages.map(\.1) == [10, 100, 100, 40])
        #expect(pages.map(\.2) == [false, false, false, true])
    }

    /// A preview's runner pauses after the first page: cancelled meanwhile, it asks for no more.
    @Test func aCancelledPreviewAsksForNoMorePages() async throws {
        let store = FakeStore(runs: runs)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        let query = RunQuery(experimentIds: ["1"])
        await runner.perform(.loadRuns(requestId: 1, query: query, firstPageSize: 10, pageSize: 100, pauseAfterFirstPage: 5_000))
        _ = await log.wait(for: 1)
        await runner.perform(.cancel(requestId: 1))
        try await Task.sleep(for: .milliseconds(100))
        #expect(store.calls == ["searchRuns 10 -"])
        // A short pause, not cancelled: every page arrives.
        await runner.perform(.loadRuns(requestId: 2, query: query, firstPageSize: 10, pageSize: 100, pauseAfterFirstPage: 20))
        let actions = await log.wait(for: 5)
        #expect(actions.count == 5)
        #expect(store.calls.count == 5)
    }

    @Test func reducerAndRunnerTogetherLoadEveryRun() async {
        let store = FakeStore(experiments: [Experiment(experimentId: "1", name: "alpha")], runs: runs)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        var state = DashboardState(storeURI: store.displayURI, size: Size(width: 80, height: 24), now: 0)
        state.firstPageSize = 50
        for effect in reduce(&state, .start) { await runner.perform(effect) }
        var handled = 0
        for _ in 0..<2 {
            let actions = await log.wait(for: handled + 1)
            for action in actions[handled...] { for effect in reduce(&state, action) { await runner.perform(effect) } }
            handled = actions.count
            if state.experiments.load == .loaded, state.focus == .experiments {
                for effect in reduce(&state, .openSelected) { await runner.perform(effect) }
            }
        }
        while !state.runs.complete {
            let actions = await log.wait(for: handled + 1)
            guard actions.count > handled else { break }
            for action in actions[handled...] { _ = reduce(&state, action) }
            handled = actions.count
        }
        #expect(state.runs.runs.count == 250)
        #expect(state.runs.rows.count == 250)
        #expect(state.runs.load == .loaded)
    }

    /// Running runs are refreshed with one search per hundred, not one call each.
    @Test func aRefreshAsksForTheRunningRunsInBatches() async throws {
        let many = (0..<250).map { makeRun(String(format: "r%03d", $0), status: $0 % 2 == 0 ? .running : .finished) }
        let odd = makeRun("it's", status: .running)
        let store = FakeStore(runs: many + [odd])
        let ids = many.map(\.info.runId) + ["it's"]
        let runs = try await EffectRunner.currentRuns(store, experimentIds: ["1"], runIds: ids)
        #expect(Set(runs.map(\.info.runId)) == Set(ids))
        #expect(store.calls == ["searchRuns 100 -", "searchRuns 100 -", "searchRuns 50 -", "run it's"])
        // A run gone meanwhile is left out, not an error.
        #expect(try await EffectRunner.currentRuns(store, experimentIds: ["1"], runIds: ["r001", "gone"]).map(\.info.runId) == ["r001"])
    }

    @Test func failuresComeBackAsFailedRequests() async {
        let store = FakeStore(failure: .transport("connection refused"))
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        await runner.perform(.loadRun(requestId: 3, runId: "x"))
        let actions = await log.wait(for: 1)
        #expect(actions == [.requestFailed(requestId: 3, message: "connection failed: connection refused")])
    }

    @Test func sparklineHistoriesAreSampled() async {
        let history = (0..<500).map { Metric(key: "loss", value: Double($0), timestamp: Int64($0), step: Int64($0)) }
        let store = FakeStore(runs: runs, histories: ["r001/loss": history])
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        await runner.perform(.loadMetricHistories(requestId: 4, runId: "r001", keys: ["loss"], maxPoints: 100))
        let actions = await log.wait(for: 1)
        guard case let .metricHistoriesLoaded(4, histories)? = actions.first else {
            Issue.record("unexpected \(actions)")
            return
        }
        #expect(histories["loss"]?.count == 100)
        #expect(histories["loss"]?.last?.step == 499)
    }
}
