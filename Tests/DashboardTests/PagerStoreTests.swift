@testable import Dashboard
import Foundation
import MLflowCore
import MLflowSQLite
import Testing
import TerminalCore
import TestFixtures

/// The pager's reads through the effect runner from the fixture SQLite store's `artifact-run`.
@Suite(.enabled(if: Fixtures.haveLocalStores)) struct PagerStoreTests {
    static func opened() throws -> (EffectRunner, ActionLog, String) {
        let store = try SQLiteStore(path: Fixtures.sqlitePath)
        let log = ActionLog()
        let runner = EffectRunner(store: store) { log.append($0) }
        return (runner, log, try Fixtures.runId("artifact-run", in: "sqlite"))
    }

    /// Waits (up to ten seconds) until the read `id` says it ended.
    static func finished(_ log: ActionLog, _ id: Int) async -> [Dashboard.Action] {
        for _ in 0..<2_000 {
            let actions = log.actions
            if actions.contains(where: { $0 == .pager(.readFinished(requestId: id, complete: true)) || $0 == .pager(.readFinished(requestId: id, complete: false)) }) {
                return actions
            }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return log.actions
    }

    static func chunks(_ actions: [Dashboard.Action]) -> [Data] {
        actions.compactMap { if case .pager(.bytesLoaded(_, let data)) = $0 { data } else { nil } }
    }

    @Test func theFirstChunkOfTheBigLogArrivesBeforeTheRest() async throws {
        let (runner, log, runId) = try Self.opened()
        await runner.perform(.pager(.read(requestId: 3, owner: .run(runId), path: "bulk/train.log", firstBytes: 64 << 10, maxBytes: 3 << 20)))
        let actions = await Self.finished(log, 3)
        let chunks = Self.chunks(actions)
        #expect(chunks.first?.count == 64 << 10, "the first screen's bytes come alone")
        #expect(chunks.count >= 2)
        #expect(chunks.reduce(0) { $0 + $1.count } == 3 << 20)
        #expect(actions.last == .pager(.readFinished(requestId: 3, complete: false)), "50 MB is more than the 3 MiB asked for")
        #expect(String(decoding: chunks.first?.prefix(44) ?? Data(), as: UTF8.self) == "2026-01-01T00:00:00Z step=0000000 loss=1.000")

        // Through the reducer: the first screen shows the log's first lines.
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: 0)
        state.focus = .runs
        _ = openPager(&state, ArtifactFileRef(owner: .run(runId), path: "bulk/train.log", size: 52_428_800, ownerLabel: "artifact-run", runId: runId))
        let id = state.pager.load.pendingRequestId ?? -1
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, chunks[0])))
        let screen = Scenes.draw(state).text()
        #expect(screen.contains("│  1 2026-01-01T00:00:00Z step=0000000 loss=1.000000"))
        #expect(screen.contains("64.0 KiB of 50.0 MiB"))
    }

    @Test func closingTheRoomStopsTheRead() async throws {
        let (runner, log, runId) = try Self.opened()
        await runner.perform(.pager(.read(requestId: 4, owner: .run(runId), path: "bulk/train.log", firstBytes: 64 << 10, maxBytes: 64 << 20)))
        _ = await log.wait(for: 1)
        await runner.perform(.cancel(requestId: 4))
        for _ in 0..<400 where await runner.pendingCount > 0 { try await Task.sleep(for: .milliseconds(5)) }
        #expect(await runner.pendingCount == 0)
        let read = Self.chunks(log.actions).reduce(0) { $0 + $1.count }
        #expect(read < 52_428_800, "the read stopped before the end")
        #expect(!log.actions.contains { if case .pager(.readFinished) = $0 { true } else { false } })
    }

    @Test func aCSVFileBecomesATable() async throws {
        let (runner, log, runId) = try Self.opened()
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: 0)
        let effects = openPager(&state, ArtifactFileRef(owner: .run(runId), path: "data/nested/deep/values.csv", size: 138, ownerLabel: "artifact-run", runId: runId))
        for effect in effects { await runner.perform(effect) }
        let id = state.pager.load.pendingRequestId ?? -1
        for action in await Self.finished(log, id) { _ = reduce(&state, action) }
        #expect(state.pager.mode == .table && state.pager.load == .loaded)
        #expect(state.pager.table?.rows.first == ["step", "acc", "val_loss"])
        #expect(state.pager.table?.rows.dropFirst().first == ["0", "0.50", "1.00"])
        #expect(Scenes.draw(state).text().contains("csv · 138 B"))
    }

    @Test func anImageIsABinaryPanel() async throws {
        let (runner, log, runId) = try Self.opened()
        var state = DashboardState(storeURI: "", size: Size(width: 80, height: 24), now: 0)
        for effect in openPager(&state, ArtifactFileRef(owner: .run(runId), path: "plots/loss.png", size: 463, ownerLabel: "artifact-run", runId: runId)) {
            await runner.perform(effect)
        }
        let id = state.pager.load.pendingRequestId ?? -1
        _ = await log.wait(for: 1)
        for action in log.actions { for effect in reduce(&state, action) { await runner.perform(effect) } }
        #expect(state.pager.mode == .binary(type: "PNG image"))
        #expect(state.pager.load == .loaded && id > 0)
        #expect(Scenes.draw(state).text().contains("463 B (463 bytes)"))
    }
}
