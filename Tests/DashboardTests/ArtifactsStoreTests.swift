import Dashboard
import Foundation
import MLflowCore
import MLflowFileStore
import MLflowSQLite
import Testing
import TerminalCore
import TestFixtures

/// The artifact tree driven by the effect runner against the fixture stores MLflow wrote:
/// `artifact-run`'s files, its logged model and its registered version `fixture-model` v1.
@Suite struct ArtifactsStoreTests {
    typealias S = ArtifactsScenes

    static func open(_ kind: String) throws -> any TrackingStore {
        kind == "sqlite" ? try SQLiteStore(path: Fixtures.sqlitePath) : try FileStore(path: Fixtures.fileStorePath)
    }

    /// Feeds the runner's answers into the reducer until `done` holds or about 30 seconds pass.
    static func drive(_ state: inout DashboardState, _ runner: EffectRunner, _ log: ActionLog, handled: inout Int,
                      until done: (DashboardState) -> Bool) async {
        for _ in 0..<15 where !done(state) {
            await DemoStoreTests.drive(&state, runner, log, handled: &handled, until: done)
        }
    }

    /// Types a key, handing its store work to the runner.
    static func type(_ state: inout DashboardState, _ runner: EffectRunner, _ keys: [Key]) async {
        for key in keys { for effect in reduce(&state, .key(key)) { await runner.perform(effect) } }
    }

    @Test(.enabled(if: Fixtures.haveLocalStores), arguments: ["sqlite", "filestore"])
    func theArtifactRunsTreeItsLoggedModelAndItsVersion(_ kind: String) async throws {
        let store = try Self.open(kind)
        let runId = try Fixtures.runId("artifact-run", in: kind)
        let run = try await store.run(id: runId)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        var state = DashboardState(storeURI: store.displayURI, size: Size(width: 160, height: 48), now: S.now)
        if case .loadExperiments(let id, _)? = reduce(&state, .start).first {
            _ = reduce(&state, .experimentsLoaded(requestId: id, [Experiment(experimentId: run.info.experimentId, name: "artifacts")]))
        }
        _ = reduce(&state, .key(.enter))
        if let id = state.runs.load.pendingRequestId { _ = reduce(&state, .runsPageLoaded(requestId: id, [run], done: true)) }
        await Self.type(&state, runner, [.char("A")])
        let rootKey = ArtifactFolderKey(.files(.run(runId), path: ""), "")
        var handled = 0
        await Self.drive(&state, runner, log, handled: &handled) {
            $0.artifacts.totals[rootKey]?.complete == true && $0.artifacts.versionsLoad == .loaded && $0.artifacts.loggedModelsLoad == .loaded
        }
        let names = S.names(state)
        for expected in ["  bulk/", "  data/", "  many/", "  notes/", "  odd names/", "  plots/", "  empty.txt", "  unicode-ü-名前.txt"] {
            #expect(names.contains(expected), "\(expected) in \(names)")
        }
        #expect((names.firstIndex(of: "  plots/") ?? .max) < (names.firstIndex(of: "  empty.txt") ?? .min), "folders first")
        // The total is the download plan's, file for file.
        let plan = try await ArtifactPlan.make(store: store, owner: .run(runId), path: "")
        #expect(state.artifacts.totals[rootKey] == ArtifactFolderTotal(bytes: plan.totalBytes, files: plan.files.count, complete: true))
        #expect(plan.files.count > 1_530)
        // The logged model is a root of its own, the registered version is under its group.
        #expect(names.contains { $0.hasPrefix("# logged model model (m-") })
        #expect(names.contains("  # fixture-model v1 (champion)"))

        // bulk/many: 1,500 files, listed by the totals' recursive listing, shown at once when opened.
        S.select(&state, "bulk/")
        await Self.type(&state, runner, [.enter])
        #expect(S.names(state).contains("    empty/"), "an empty folder is a folder")
        S.select(&state, path: "bulk/many")
        await Self.type(&state, runner, [.enter])
        #expect(S.names(state).filter { $0.hasPrefix("      part-") }.count == 1_500)
        #expect(state.artifacts.totals[ArtifactFolderKey(rootKey.root, "bulk/many")] == ArtifactFolderTotal(bytes: 15_000, files: 1_500, complete: true))
        S.select(&state, path: "bulk/empty")
        await Self.type(&state, runner, [.enter])
        #expect(S.names(state).contains("      [empty folder]"))
        await Self.type(&state, runner, [.char("h"), .char("h"), .char("h")])
        #expect(S.selectedName(state) == "bulk/")

        // The version resolves to its logged model's files.
        S.select(&state, "# fixture-model v1 (champion)")
        await Self.type(&state, runner, [.enter])
        await Self.drive(&state, runner, log, handled: &handled) { S.names($0).contains("    MLmodel") }
        let after = S.names(state)
        for file in ["    MLmodel", "    model.json", "    requirements.txt"] { #expect(after.contains(file), "\(file) in \(after)") }
        S.select(&state, "model.json")
        guard case .copyToClipboard(let uri)? = reduce(&state, .key(.char("y"))).first else {
            Issue.record("y copied nothing")
            return
        }
        #expect(uri.hasPrefix("models:/m-") && uri.hasSuffix("/model.json"))
        // Leaving cancels what is left; nothing runs on.
        for effect in reduce(&state, .key(.escape)) { await runner.perform(effect) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await runner.pendingCount == 0)
        await store.close()
    }
}
