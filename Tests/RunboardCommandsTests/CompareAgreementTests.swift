import Dashboard
import Foundation
import MLflowClient
import Synchronization
import TerminalCore
import TestFixtures
import Testing

/// The dashboard's comparison and `runboard compare` give the same table, from every store: the
/// Markdown `y` copies is what `--format md` prints.
@Suite("the dashboard's comparison agrees with runboard compare", .serialized)
struct CompareAgreementTests {
    /// Feeds the runner's answers to the reducer until `done` holds (ten seconds at most).
    static func drive(_ state: inout DashboardState, _ effects: [Effect], _ runner: EffectRunner, _ inbox: Inbox,
                      until done: (DashboardState) -> Bool) async {
        for effect in effects { await runner.perform(effect) }
        for _ in 0..<2_000 {
            if done(state) { return }
            let actions = inbox.take()
            if actions.isEmpty { try? await Task.sleep(nanoseconds: 5_000_000) }
            for action in actions { for effect in reduce(&state, action) { await runner.perform(effect) } }
        }
    }

    /// Actions posted by the effect runner.
    final class Inbox: Sendable {
        private let actions = Mutex<[Dashboard.Action]>([])
        func append(_ action: Dashboard.Action) { actions.withLock { $0.append(action) } }
        func take() -> [Dashboard.Action] { actions.withLock { taken in defer { taken = [] }; return taken } }
    }

    @Test(.enabled(if: Fixtures.haveLocalStores))
    func theCopyIsTheCommandsMarkdown() async throws {
        let manifest = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        var stores: [(uri: String, kind: String)] = [("sqlite:///" + Fixtures.sqlitePath, "sqlite"), (Fixtures.fileStorePath, "filestore")]
        if let server = Fixtures.serverURL { stores.append((server, "server")) }
        for (uri, kind) in stores {
            let names = try #require(manifest[kind]?["runs"] as? [String: String])
            let ids = try ["parent", "child-1", "failed", "\u{1b}[2J\u{1b}[31mEVIL"].map { try #require(names[$0]) }
            let store = try StoreOpener.open(explicit: uri)
            let inbox = Inbox()
            let runner = EffectRunner(store: store) { inbox.append($0) }
            var state = DashboardState(storeURI: uri, size: Size(width: 120, height: 40), now: 0)
            for id in ids {
                let run = try await store.run(id: id)
                let experiment = try await store.experiment(id: run.info.experimentId)
                state.marks.add([RunMarks.Mark(runId: id, runName: run.info.runName, experimentId: experiment.experimentId, experimentName: experiment.name)])
            }
            await Self.drive(&state, reduce(&state, .compareMarkedRuns), runner, inbox) { $0.compare.load == .loaded }
            // Latest values, then the best of each whole history (read through the runner).
            for (keys, options) in [([Key](), [String]()), ([.char("m"), .char("m"), .char("m")], ["--metric-value", "best"])] {
                for key in keys { await Self.drive(&state, reduce(&state, .key(key)), runner, inbox) { $0.compare.figuresLoad != .idle && !$0.compare.figuresLoad.isLoading } }
                guard case .copyToClipboard(let copied)? = reduce(&state, .key(.char("y"))).first else {
                    Issue.record("\(kind): nothing copied")
                    continue
                }
                let printed = try await CLI.run(["compare", "--tracking-uri", uri] + ids + options + ["--format", "md"])
                #expect(printed.status == 0, "\(kind): \(printed.stderr)")
                let expected = printed.stdout.replacingOccurrences(of: "--all-rows shows them", with: "d in the comparison shows them")
                #expect(copied == expected, "\(kind) \(options)")
            }
            await runner.cancelAll()
            await store.close()
        }
    }
}
