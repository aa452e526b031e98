import Dashboard
import Foundation
import MLflowCore
import MLflowSQLite
import Testing
import TerminalCore

/// The dashboard against the demo store MLflow wrote (`Sources/RunboardCommands/Demo/mlflow.db`).
@Suite struct DemoStoreTests {
    static let demoPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/RunboardCommands/Demo/mlflow.db").path

    /// Feeds actions from the runner into the reducer until `done` holds or two seconds pass.
    static func drive(_ state: inout DashboardState, _ runner: EffectRunner, _ log: ActionLog, handled: inout Int,
                      until done: (DashboardState) -> Bool) async {
        for _ in 0..<400 {
            if done(state) { return }
            let actions = log.actions
            if actions.count > handled {
                for action in actions[handled...] { for effect in reduce(&state, action) { await runner.perform(effect) } }
                handled = actions.count
            } else {
                try? await Task.sleep(nanoseconds: 5_000_000)
            }
        }
    }

    @Test func opensAnExperimentItsRunsAndARunWithSparklines() async throws {
        let store = try SQLiteStore(path: Self.demoPath)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        var state = DashboardState(storeURI: store.displayURI, size: Size(width: 160, height: 48), now: 1_800_000_000_000)
        state.firstPageSize = 5
        state.pageSize = 10
        state.openExperimentOnLoad = "image-classifier-sweep"
        var handled = 0
        for effect in reduce(&state, .start) { await runner.perform(effect) }
        await Self.drive(&state, runner, log, handled: &handled) { $0.runs.complete }
        #expect(state.experiments.all.map(\.name).sorted() == ["Default", "hparam-search", "image-classifier-sweep", "text-sentiment"])
        #expect(state.runs.runs.count == 24)
        #expect(state.runs.rows.count == 24)
        let pages = log.actions.filter { if case .runsPageLoaded = $0 { return true } else { return false } }
        #expect(pages.count == 3, "5, then 10 and 9")
        #expect(state.runs.runs.first?.info.runName == "sgd-lr1e-1-bs128", "newest first, as MLflow orders")

        _ = reduce(&state, .key(.char("g")))
        for effect in reduce(&state, .key(.enter)) { await runner.perform(effect) }
        await Self.drive(&state, runner, log, handled: &handled) { $0.detail.historiesLoad == .loaded }
        #expect(state.detail.run?.metrics.map(\.key) == ["train_loss", "val_accuracy", "val_loss"])
        #expect(state.detail.histories["val_loss"]?.isEmpty == false)

        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(), into: &buffer)
        let text = buffer.text()
        #expect(text.contains("sgd-lr1e-1-bs128"))
        #expect(text.contains("val_accuracy"))
        await store.close()
    }

    /// Marks in two experiments, compared through the effect runner against MLflow's own store:
    /// the runs loaded off the loop, min values and values at a step read as effects and equal to
    /// what the store says.
    @Test func comparesMarkedRunsOfTwoExperiments() async throws {
        let store = try SQLiteStore(path: Self.demoPath)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        var state = DashboardState(storeURI: store.displayURI, size: Size(width: 200, height: 50), now: 1_800_000_000_000)
        state.openExperimentOnLoad = "image-classifier-sweep"
        var handled = 0
        for effect in reduce(&state, .start) { await runner.perform(effect) }
        await Self.drive(&state, runner, log, handled: &handled) { $0.runs.complete }
        for key: Key in [.char("g"), .char(" "), .char(" "), .escape, .char("k"), .enter] {
            for effect in reduce(&state, .key(key)) { await runner.perform(effect) }
        }
        await Self.drive(&state, runner, log, handled: &handled) { $0.runs.complete && $0.runs.experimentIds != ["1"] }
        for effect in reduce(&state, .key(.char(" "))) { await runner.perform(effect) }
        #expect(state.marks.count == 3)
        #expect(Set(state.marks.all.map(\.experimentId)).count == 2)
        for effect in reduce(&state, .key(.char("="))) { await runner.perform(effect) }
        await Self.drive(&state, runner, log, handled: &handled) { $0.compare.load == .loaded }
        let comparison = try #require(state.compare.view.comparison)
        #expect(comparison.columns.map(\.runId) == state.marks.runIds)
        #expect(comparison.columns.allSatisfy { $0.header.contains(" [") }, "runs of two experiments carry its name")

        for effect in reduce(&state, .key(.char("m"))) { await runner.perform(effect) }
        await Self.drive(&state, runner, log, handled: &handled) { $0.compare.figuresLoad == .loaded }
        let first = try #require(state.marks.all.first)
        let row = try #require(state.compare.view.comparison?.section(.metrics)?.rows.first { $0.key == "val_loss" })
        let summary = try await store.metricSummary(runId: first.runId, key: "val_loss")
        #expect(row.cells[0].number == summary.min?.value)

        for key: Key in [.char("@"), .char("3"), .enter] {
            for effect in reduce(&state, .key(key)) { await runner.perform(effect) }
        }
        await Self.drive(&state, runner, log, handled: &handled) { $0.compare.figuresLoad == .loaded }
        let atStep = try #require(state.compare.view.comparison?.section(.metrics)?.rows.first { $0.key == "val_loss" })
        let history = try await store.fullMetricHistory(runId: first.runId, key: "val_loss")
        let expected = history.filter { $0.step <= 3 }.max { ($0.step, $0.timestamp) < ($1.step, $1.timestamp) }
        #expect(atStep.cells[0].number == expected?.value)
        #expect(atStep.metric?.steps[0] == expected?.step)
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(), into: &buffer)
        #expect(buffer.text().contains("metrics (at step 3)"))
        await store.close()
    }
}
