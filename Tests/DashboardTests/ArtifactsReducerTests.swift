import Dashboard
import Foundation
import MLflowCore
import Testing
import TerminalCore

/// The artifact tree's reducer: lazy listings, stale answers, the cursor on ids, totals.
@Suite struct ArtifactsReducerTests {
    typealias S = ArtifactsScenes

    /// The listing requests among effects, by folder path.
    static func listings(_ effects: [Effect]) -> [(id: Int, path: String)] {
        effects.compactMap { effect in
            if case .artifacts(.listFolder(let id, let folder, _)) = effect { return (id, folder.path) }
            return nil
        }
    }

    static func crawls(_ effects: [Effect]) -> [(id: Int, folders: [String])] {
        effects.compactMap { effect in
            if case .artifacts(.crawl(let id, _, _, let folders, _)) = effect { return (id, folders) }
            return nil
        }
    }

    static func cancels(_ effects: [Effect]) -> Set<Int> {
        Set(effects.compactMap { effect in
            if case .cancel(let id) = effect { return id }
            return nil
        })
    }

    @Test func opensOnTheRunWithItsModelsAndVersionsFoldersFirst() {
        var state = S.runs()
        let effects = reduce(&state, .key(.char("A")))
        #expect(state.focus == .artifacts)
        #expect(state.artifacts.returnTo == .runs)
        #expect(Self.listings(effects).map(\.path) == [""])
        #expect(effects.contains { if case .artifacts(.loadLoggedModels(_, S.runId)) = $0 { true } else { false } })
        #expect(effects.contains { if case .artifacts(.loadVersions(_, S.runId)) = $0 { true } else { false } })
        // Nothing listed yet: a spinner row under the root, and under the versions.
        #expect(S.names(state) == ["# run artifacts", "  [loading]", "# registered versions of this run", "  [loading]"])
        #expect(state.artifacts.isLoading)
        S.answer(&state, effects, S.store)
        #expect(S.names(state) == [
            "# run artifacts", "  data/", "  model/", "  plots/", "  empty.txt", "  train.log",
            "# logged model classifier (\(S.modelId))",
            "# registered versions of this run", "  # fixture-model v1 (champion)",
        ])
        #expect(state.artifacts.crumbs == ["artifact-run", "artifacts"])
        #expect(!state.artifacts.isLoading)
    }

    /// A folder is listed when first opened, with a spinner row meanwhile; opened again, it is not asked for twice.
    @Test func foldersAreListedLazily() {
        var (state, _) = S.opened(hold: { if case .crawl = $0 { true } else { false } })
        S.select(&state, "model/")
        let effects = reduce(&state, .key(.enter))
        #expect(Self.listings(effects).map(\.path) == ["model"])
        #expect(S.names(state)[1...3] == ["  data/", "  model/", "    [loading]"])
        S.answer(&state, effects, S.store, hold: { if case .crawl = $0 { true } else { false } })
        #expect(S.names(state)[2...4] == ["  model/", "    MLmodel", "    model.pkl"])
        _ = reduce(&state, .key(.char("h")))
        #expect(!S.names(state).contains("    MLmodel"))
        let again = reduce(&state, .key(.char("l")))
        #expect(Self.listings(again).isEmpty, "an open folder already listed is not asked for again")
        #expect(S.names(state).contains("    MLmodel"))
    }

    /// Answers of a request that was replaced (here by `r`) are dropped.
    @Test func staleListingsAreDropped() {
        var state = S.runs()
        let first = reduce(&state, .key(.char("A")))
        let reload = reduce(&state, .key(.char("r")))
        guard let old = Self.listings(first).first, let new = Self.listings(reload).first else {
            Issue.record("no listing requests")
            return
        }
        #expect(old.id != new.id)
        #expect(Self.cancels(reload).contains(old.id))
        _ = reduce(&state, .artifacts(.folderListed(requestId: old.id, ArtifactFolderKey(.files(.run(S.runId), path: ""), ""),
                                                    [ArtifactEntry(path: "stale.txt", isDir: false, fileSize: 1)])))
        #expect(!S.names(state).contains("  stale.txt"))
        #expect(S.names(state)[1] == "  [loading]")
        S.answer(&state, reload, S.store)
        #expect(S.names(state)[1] == "  data/")
    }

    /// When a listing arrives above the cursor, the cursor stays on its artifact, not its row number.
    @Test func theCursorFollowsTheArtifactWhenRowsArrive() {
        let holdCrawls: (ArtifactsEffect) -> Bool = { if case .crawl = $0 { true } else { false } }
        var (state, held) = S.opened(hold: holdCrawls)
        S.select(&state, "data/")
        let pending = reduce(&state, .key(.enter))
        #expect(Self.listings(pending).map(\.path) == ["data"])
        S.select(&state, "train.log")
        let row = state.artifacts.cursor.selected
        S.answer(&state, pending, S.store, hold: holdCrawls)
        #expect(S.selectedName(state) == "train.log")
        #expect(state.artifacts.cursor.selected == row + 1, "data's two entries came in above it, in place of its spinner row")
        // And when the totals arrive, it does not move either.
        S.answer(&state, held, S.store)
        #expect(state.artifacts.totals.values.contains { $0.complete })
        #expect(S.selectedName(state) == "train.log")
    }

    @Test func leftClosesThenGoesToTheParent() {
        var (state, _) = S.opened()
        S.select(&state, "data/")
        S.type(&state, [.enter, .char("l")])
        #expect(S.selectedName(state) == "nested/", "l on an open folder goes into it")
        S.type(&state, [.char("l"), .char("l"), .char("l"), .char("l")])
        #expect(S.selectedName(state) == "values.csv")
        S.type(&state, [.char("h")])
        #expect(S.selectedName(state) == "deep/")
        S.type(&state, [.char("h")])
        #expect(S.selectedName(state) == "deep/")
        #expect(!S.names(state).contains("        values.csv"), "h on an open folder closes it")
        S.type(&state, [.left, .left])
        #expect(S.selectedName(state) == "nested/")
        #expect(!S.names(state).contains("      deep/"))
        S.type(&state, [.left])
        #expect(S.selectedName(state) == "data/")
        S.type(&state, [.left, .left])
        #expect(S.selectedName(state) == "# run artifacts")
        S.type(&state, [.left])
        #expect(S.names(state).first == "# run artifacts")
        #expect(S.names(state)[1] == "# logged model classifier (\(S.modelId))", "the root closed")
    }

    @Test func theFilterShowsMatchingRowsAndTheFoldersLeadingThere() {
        var (state, _) = S.opened()
        S.select(&state, "data/")
        S.type(&state, [.enter, .char("l"), .enter, .char("l"), .enter])
        S.type(&state, [.char("/"), .char("V"), .char("a"), .char("l")])
        #expect(state.artifacts.filtering)
        #expect(S.names(state) == [
            "# run artifacts", "  data/", "    nested/", "      deep/", "        values.csv",
            "# logged model classifier (\(S.modelId))", "# registered versions of this run",
            "  # fixture-model v1 (champion)",
        ])
        S.type(&state, [.enter])
        #expect(!state.artifacts.filtering)
        #expect(state.artifacts.filter == "Val")
        // Esc clears the filter first, then leaves.
        S.type(&state, [.escape])
        #expect(state.artifacts.filter.isEmpty)
        #expect(state.focus == .artifacts)
        #expect(S.names(state).contains("  train.log"))
        S.type(&state, [.char("/"), .char("z"), .char("z"), .escape])
        #expect(state.artifacts.filter.isEmpty && !state.artifacts.filtering)
        #expect(S.names(state).contains("  train.log"))
    }

    /// A folder's total is a lower bound while folders under it are unlisted, then exact with its count.
    @Test func totalsGoFromPartialToExact() {
        var (state, held) = S.opened(hold: { if case .crawl = $0 { true } else { false } })
        let root = ArtifactFolderKey(.files(.run(S.runId), path: ""), "")
        guard let crawl = Self.crawls(held).first else {
            Issue.record("no recursive listing for the root's total")
            return
        }
        #expect(Set(crawl.folders) == ["data", "model", "plots"])
        let partial = state.artifacts.totals[root]
        #expect(partial?.complete == false)
        #expect(partial?.bytes == 52_428_800)
        #expect(Scenes.draw(state).text().contains("≥ 50.0 MiB"))
        // Folder by folder, still partial until the deepest one arrives.
        let answers = S.actions(answering: .crawl(requestId: crawl.id, root: root.root, owner: .run(S.runId), folders: crawl.folders, maxEntries: 1_000),
                                S.store)
        for action in answers.dropLast(2) { _ = reduce(&state, action) }
        #expect(state.artifacts.totals[root]?.complete == false)
        for action in answers.suffix(2) { _ = reduce(&state, action) }
        let exact = state.artifacts.totals[root]
        #expect(exact == ArtifactFolderTotal(bytes: S.files.files.values.reduce(0, +), files: S.files.files.count, complete: true))
        #expect(state.artifacts.crawl == nil)
        let text = Scenes.draw(state).text()
        #expect(text.contains("51.0 MiB") && text.contains("7 files"))
        #expect(!text.contains("≥"))
    }

    /// The cursor resting on another folder replaces the running recursive listing; what it found stays.
    @Test func aNewerTotalReplacesTheRunningOne() {
        let big = S.Tree(files: Dictionary(uniqueKeysWithValues: (0..<40).map { ("f\($0 % 4)/sub\($0)/x.txt", Int64($0)) }))
        let store = S.Store(trees: [.run(S.runId): big])
        var (state, held) = S.opened(store, hold: { if case .crawl = $0 { true } else { false } })
        guard let first = Self.crawls(held).first else {
            Issue.record("no recursive listing")
            return
        }
        // One folder of the old listing arrives, then the cursor rests on f2.
        _ = reduce(&state, .artifacts(.crawled(requestId: first.id, root: .files(.run(S.runId), path: ""),
                                               [ArtifactCrawledFolder(path: "f1", entries: big.listing("f1"))])))
        S.select(&state, "f2/")
        let tick = reduce(&state, .tick(now: state.now + 200))
        #expect(Self.cancels(tick) == [first.id])
        guard let second = Self.crawls(tick).first else {
            Issue.record("no recursive listing for f2")
            return
        }
        #expect(second.folders == ["f2"])
        // The old one's answers are dropped; f1's listing is kept.
        _ = reduce(&state, .artifacts(.crawled(requestId: first.id, root: .files(.run(S.runId), path: ""),
                                               [ArtifactCrawledFolder(path: "f3", entries: big.listing("f3"))])))
        #expect(state.artifacts.listings[ArtifactFolderKey(.files(.run(S.runId), path: ""), "f3")] == nil)
        #expect(state.artifacts.listings[ArtifactFolderKey(.files(.run(S.runId), path: ""), "f1")]?.load == .loaded)
        // f2 done, the root's listing resumes without f1 again.
        let next = S.answer(&state, tick, store, hold: { if case .crawl(_, _, _, let folders, _) = $0 { folders != ["f2"] } else { false } })
        #expect(state.artifacts.totals[ArtifactFolderKey(.files(.run(S.runId), path: ""), "f2")]?.complete == true)
        let resumed = Self.crawls(next).first?.folders ?? []
        #expect(!resumed.contains("f1") && !resumed.contains("f2") && resumed.contains("f0"))
    }

    /// Leaving the room cancels every request still running.
    @Test func closingCancelsWhatIsInFlight() {
        var (state, held) = S.opened(hold: { if case .crawl = $0 { true } else { false } })
        S.select(&state, "model/")
        let listing = reduce(&state, .key(.enter))
        let ids = Set(Self.crawls(held).map(\.id) + Self.listings(listing).map(\.id))
        #expect(ids.count == 2)
        let effects = reduce(&state, .key(.escape))
        #expect(state.focus == .runs)
        #expect(Self.cancels(effects).isSuperset(of: ids))
        #expect(!state.artifacts.isLoading)
        // Tab out of the tree cancels too.
        var (other, running) = S.opened(hold: { if case .crawl = $0 { true } else { false } })
        let tab = reduce(&other, .key(.tab))
        #expect(other.focus != .artifacts)
        #expect(Self.cancels(tab).isSuperset(of: Set(Self.crawls(running).map(\.id))) && !Self.crawls(running).isEmpty)
        // Late answers change nothing.
        S.answer(&state, held + listing, S.store)
        #expect(state.artifacts.rows.isEmpty)
        #expect(state.focus == .runs)
    }

    @Test func aRegisteredVersionResolvesToItsFilesOnEnter() {
        var (state, _) = S.opened()
        S.select(&state, "# fixture-model v1 (champion)")
        let effects = reduce(&state, .key(.enter))
        #expect(effects.contains { if case .artifacts(.resolveVersion(_, "fixture-model", "1")) = $0 { true } else { false } })
        #expect(S.names(state).last == "    [loading]")
        S.answer(&state, effects, S.store)
        #expect(Array(S.names(state).suffix(3)) == ["    MLmodel", "    model.json", "    requirements.txt"])
        #expect(state.artifacts.crumbs == ["artifact-run", "artifacts", "fixture-model v1 (champion)"])
        // y on the version: its registry URI; on one of its files: the logged model's.
        let copy = reduce(&state, .key(.char("y")))
        #expect(copy == [.copyToClipboard("models:/fixture-model/1")])
        S.type(&state, [.char("G")])
        #expect(reduce(&state, .key(.char("y"))) == [.copyToClipboard("models:/\(S.modelId)/requirements.txt")])
    }

    @Test func copyDownloadAndOpen() {
        var (state, _) = S.opened()
        S.select(&state, "train.log")
        #expect(reduce(&state, .key(.char("y"))) == [.copyToClipboard("runs:/\(S.runId)/train.log")])
        _ = reduce(&state, .key(.char("d")))
        #expect(state.downloads.prompt?.source == ArtifactRootRef(owner: .run(S.runId), path: "train.log", label: "run artifacts: train.log", runId: S.runId))
        #expect(state.downloads.prompt?.isFolder == false)
        _ = reduce(&state, .key(.escape))
        S.select(&state, "model/")
        _ = reduce(&state, .key(.char("d")))
        #expect(state.downloads.prompt?.isFolder == true)
        #expect(state.downloads.prompt?.source.path == "model")
        _ = reduce(&state, .key(.escape))
        S.select(&state, "train.log")
        _ = reduce(&state, .key(.enter))
        #expect(state.focus == .pager)
        #expect(state.pager.file == ArtifactFileRef(owner: .run(S.runId), path: "train.log", size: 52_428_800, ownerLabel: "artifact-run", runId: S.runId))
        _ = reduce(&state, .key(.escape))
        #expect(state.focus == .artifacts)
        #expect(S.selectedName(state) == "train.log")
        S.select(&state, "plots/")
        S.type(&state, [.enter, .char("l"), .enter])
        #expect(state.focus == .image)
        #expect(state.image.file?.path == "plots/loss.png")
    }

    /// An unreadable root: its row shows the store's one message, the status line once.
    @Test func aFailedListingIsShownInTheRoom() {
        let message = MLflowError.unsupported("artifact root 's3://bucket/1' is not on this disk; Serve the store with `mlflow server --serve-artifacts`").description
        let store = S.Store(trees: [.run(S.runId): S.Tree(files: [:], failing: ["": message])])
        let (state, _) = S.opened(store)
        #expect(S.names(state)[1] == "  [failed: \(message)]")
        #expect(state.status.error == message)
        #expect(state.artifacts.crawl == nil, "no recursive listing of what cannot be listed")
    }

    @Test func theWheelScrollsAndAClickSelects() {
        var (state, _) = S.opened()
        _ = reduce(&state, .mouse(.scrollDown(x: 5, y: 10)))
        #expect(S.selectedName(state) == "plots/")
        // The table's first row is on the screen's fourth: under the title bar, the box's top and the header.
        _ = reduce(&state, .mouse(.click(x: 5, y: 3 + 5)))
        #expect(S.selectedName(state) == "train.log")
        _ = reduce(&state, .mouse(.click(x: 5, y: 2)))
        #expect(S.selectedName(state) == "train.log", "a click on the header selects nothing")
    }

    /// 1,500 files in one folder: a key costs a cursor move, not a rebuild.
    @Test func aFolderOfManyFilesScrollsCheaply() {
        let many = S.Tree(files: Dictionary(uniqueKeysWithValues: (0..<1_500).map { (String(format: "bulk/many/part-%04d.txt", $0), Int64(10)) }))
        var (state, _) = S.opened(S.Store(trees: [.run(S.runId): many]), size: Size(width: 160, height: 48))
        S.type(&state, [.char("j"), .enter, .char("l"), .enter])
        #expect(state.artifacts.rows.count == 1_505, "the root, bulk, many, 1,500 files, the versions group and its note")
        var buffer = CellBuffer(size: state.size)
        let context = RenderContext()
        let clock = ContinuousClock()
        var reducing = Duration.zero
        var drawing = Duration.zero
        for _ in 0..<1_500 {
            let start = clock.now
            _ = reduce(&state, .key(.char("j")))
            let reduced = clock.now
            render(state, context, into: &buffer)
            reducing += reduced - start
            drawing += clock.now - reduced
        }
        #expect(S.selectedName(state) == "part-1499.txt")
        // Even in a debug build: a key moves the cursor (a rebuild of 1,505 rows would cost more),
        // and the frame draws the rows in view only.
        #expect(reducing / 1_500 < .milliseconds(1), "a key took \(reducing / 1_500)")
        #expect((reducing + drawing) / 1_500 < .milliseconds(15), "a key and its frame took \((reducing + drawing) / 1_500)")
    }
}
