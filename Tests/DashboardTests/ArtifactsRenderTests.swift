import Dashboard
import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport

/// Screens of the artifact tree at 80x24 and 160x48, compared with text snapshots.
@Suite struct ArtifactsRenderTests {
    typealias S = ArtifactsScenes
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]
    static func holdCrawls(_ effect: ArtifactsEffect) -> Bool {
        if case .crawl = effect { return true }
        return false
    }

    /// The local stores' message for an artifact root only a cloud SDK could read.
    static func cloudOnly(_ root: String) -> String {
        MLflowError.unsupported(
            "artifact root '\(root)' is not on this disk; only the cloud SDK of its scheme could read it. "
                + "Serve the store with `mlflow server --serve-artifacts` (on a machine that can reach the artifacts) and open that server instead").description
    }

    /// The run's tree with a folder open, totals exact, its logged model and its registered version.
    @Test(arguments: sizes)
    func aRunsTree(_ size: Size) {
        var (state, _) = S.opened(size: size)
        S.select(&state, "data/")
        S.type(&state, [.enter, .char("l"), .enter])
        S.select(&state, "readme.md")
        let text = Scenes.draw(state).text()
        #expect(text.contains("Artifacts of artifact-run (run \(S.runId))"))
        #expect(text.contains("51.0 MiB") && text.contains("7 files"))
        #expect(text.contains("fixture-model v1 (champion)"))
        Scenes.snapshot(state, "artifacts-tree")
    }

    /// The status line says what the room waits for: a folder listed, a total added up; the
    /// browsing panes' own loads come after the room in focus.
    @Test func theStatusLineSaysWhatTheTreeWaitsFor() {
        let (adding, _) = S.opened(hold: Self.holdCrawls)
        #expect(Scenes.draw(adding).text().contains("adding up the artifacts..."))
        var state = S.runs()
        let effects = reduce(&state, .key(.char("A")))
        S.answer(&state, effects, S.store, hold: { if case .listFolder = $0 { true } else { false } })
        #expect(Scenes.draw(state).text().contains("listing a folder..."))
        state.runs.load = .loading(requestId: 999)
        #expect(Scenes.draw(state).text().contains("listing a folder..."), "the room in focus first")
        state.focus = .runs
        #expect(Scenes.draw(state).text().contains("loading runs 1..."))
    }

    /// Totals still being worked out: lower bounds (`≥`) and dim ellipses.
    @Test(arguments: sizes)
    func totalsBeingWorkedOut(_ size: Size) {
        let (state, held) = S.opened(size: size, hold: Self.holdCrawls)
        #expect(!held.isEmpty)
        #expect(Scenes.draw(state).text().contains("≥ 50.0 MiB"))
        Scenes.snapshot(state, "artifacts-partial")
    }

    /// Names MLflow accepts and Linux allows, shown escaped; a folder still loading; a folder that
    /// could not be listed, its message in full under the tree.
    @Test(arguments: sizes)
    func hostileNamesALoadingFolderAndAFailedOne(_ size: Size) {
        let message = Self.cloudOnly("s3://bucket/7/remote")
        var files: [String: Int64] = [
            "\u{1b}[2J\u{1b}[31mEVIL.txt": 12, "invoice\u{202e}fdp.exe": 2_048, "line\nbreak.txt": 7, "back\\slash.txt": 1,
            "odd names/report #1?.txt": 14, "odd names/100% done & more.txt": 15, "odd names/-leading dash.txt": 16,
            "unicode-ü-名前.txt": 40, String(repeating: "long-", count: 49) + "x.txt": 3_000_000,
            "loading/a.txt": 1, "remote/b.txt": 2,
        ]
        files["bell\u{7}.txt"] = 5
        let store = S.Store(trees: [.run(S.runId): S.Tree(files: files, failing: ["remote": message])])
        var (state, _) = S.opened(store, size: size, hold: Self.holdCrawls)
        S.select(&state, "loading/")
        let pending = reduce(&state, .key(.enter))
        #expect(!pending.isEmpty)
        S.select(&state, "odd names/")
        S.type(&state, [.enter], store)
        S.select(&state, "remote/")
        S.type(&state, [.enter, .char("j")], store)
        #expect(S.selectedName(state) == "[failed: \(message)]")
        let text = Scenes.draw(state).text()
        #expect(text.contains("\\x1b[2J\\x1b[31mEVIL.txt"))
        #expect(text.contains("invoice\\u202efdp.exe"))
        #expect(text.contains("line\\nbreak.txt"))
        #expect(text.contains("--serve-artifacts` (on a machine"), "the store's message is shown whole")
        Scenes.snapshot(state, "artifacts-hostile")
    }

    /// A root only a cloud SDK could read: one message, in the room.
    @Test(arguments: sizes)
    func anUnreadableRoot(_ size: Size) {
        let message = Self.cloudOnly("s3://bucket/7/a1f0")
        let store = S.Store(trees: [.run(S.runId): S.Tree(files: [:], failing: ["": message])])
        let (state, _) = S.opened(store, size: size)
        #expect(Scenes.draw(state).text().contains("--serve-artifacts"))
        Scenes.snapshot(state, "artifacts-unreadable")
    }

    /// Plain ASCII (`--ascii`): lower bounds as `>=`.
    @Test func totalsInASCII() {
        let (state, _) = S.opened(hold: Self.holdCrawls)
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(symbols: .ascii), into: &buffer)
        let text = buffer.text()
        #expect(text.contains(">= 50.0 MiB"))
        #expect(!text.contains("≥"))
    }

    @Test(arguments: sizes)
    func filtered(_ size: Size) {
        var (state, _) = S.opened(size: size)
        S.select(&state, "model/")
        S.type(&state, [.enter, .char("/"), .char("m"), .char("o"), .char("d")])
        Scenes.snapshot(state, "artifacts-filter")
    }
}
