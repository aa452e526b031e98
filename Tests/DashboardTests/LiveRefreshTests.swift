import Dashboard
import MLflowCore
import Testing
import TerminalCore

/// Live refresh of running runs: deleted runs drop out, the run detail follows its run, and a
/// cancel that overtakes its effect still cancels it.
@Suite struct LiveRefreshTests {
    @Test func aRunDeletedMeanwhileDropsOutAndTheRefreshGoesOn() {
        var state = stateWithRuns([
            makeRun("a", status: .running, metrics: ["loss": 1]), makeRun("b", status: .running), makeRun("c", status: .finished),
        ])
        _ = reduce(&state, .moveDown)
        let effects = reduce(&state, .tick(now: state.now + state.live.interval))
        guard case .refreshRuns(let id, _, let ids)? = effects.last else {
            Issue.record("no refresh: \(effects)")
            return
        }
        #expect(ids == ["a", "b"])
        // b was deleted: the answer has only a, finished now.
        _ = reduce(&state, .runsRefreshed(requestId: id, [makeRun("a", status: .finished, metrics: ["loss": 0.5])]))
        #expect(state.runs.runs.map(\.info.runId) == ["a", "c"])
        #expect(state.runs.runs.first?.info.status == .finished)
        #expect(state.status.message == "a run was deleted meanwhile")
        #expect(state.runs.selected != nil)
    }

    @Test func theDetailOfARefreshedRunGetsNewSparklinesAndKeepsItsMetric() {
        var state = stateWithRuns([makeRun("a", status: .running, metrics: ["loss": 1, "zeta": 2])])
        _ = reduce(&state, .openSelected)
        guard let runId = state.detail.load.pendingRequestId else { return }
        for effect in reduce(&state, .runLoaded(requestId: runId, makeRun("a", status: .running, metrics: ["loss": 1, "zeta": 2]))) {
            if case .loadMetricSummaries(let sid, _, let keys) = effect {
                for key in keys { _ = reduce(&state, .metricSummaryLoaded(requestId: sid, key: key, .empty)) }
            }
        }
        _ = reduce(&state, .moveDown)
        #expect(state.detail.selectedMetric?.key == "zeta")
        let tick = reduce(&state, .tick(now: state.now + state.live.interval))
        guard case .refreshRuns(let id, _, _)? = tick.last else {
            Issue.record("no refresh: \(tick)")
            return
        }
        // A new metric "acc" sorts before zeta; loss moved on, zeta did not.
        let fresh = makeRun("a", status: .running, metrics: ["acc": 0.5, "loss": 0.8, "zeta": 2])
        let effects = reduce(&state, .runsRefreshed(requestId: id, [fresh]))
        #expect(state.detail.selectedMetric?.key == "zeta", "the cursor stays on the same metric, not the same row")
        #expect(effects.contains { if case .loadMetricHistories(_, "a", ["acc", "loss", "zeta"], _) = $0 { true } else { false } })
        // Exact figures asked for again only where the latest point moved (and for the new metric).
        #expect(effects.contains { if case .loadMetricSummaries(_, "a", let keys) = $0 { Set(keys) == ["acc", "loss"] } else { false } })
        #expect(state.detail.summaries["zeta"] != nil)
        #expect(state.detail.summaries["loss"] == nil)
    }

    @Test func aCancelThatArrivesBeforeItsEffectStillCancelsIt() async throws {
        let store = FakeStore(runs: [makeRun("a")])
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        await runner.perform(.cancel(requestId: 5))
        await runner.perform(.loadRun(requestId: 5, runId: "a"))
        await runner.perform(.loadRun(requestId: 6, runId: "a"))
        let actions = await log.wait(for: 1)
        try await Task.sleep(for: .milliseconds(50))
        #expect(store.calls == ["run a"])
        #expect(actions.count == 1)
        if case .runLoaded(6, _)? = actions.first {} else { Issue.record("expected only request 6: \(actions)") }
    }

    @Test func theRefreshOfRunsGoesOnWhenOneIsNoLongerFound() async throws {
        let store = FakeStore(runs: [makeRun("a", status: .running)])
        // Ids that cannot be quoted in a filter are asked one by one; one of them is gone.
        let runs = try await EffectRunner.currentRuns(store, experimentIds: ["1"], runIds: ["a", "gone'id"])
        #expect(runs.map(\.info.runId) == ["a"])
    }
}
