@testable import Dashboard
@testable import MLflowCore
import Testing
import TerminalCore

/// The downloads room's reducer: the prompt, its completion, the question about existing files,
/// progress, cancelling, several downloads at once and stale answers.
@Suite struct DownloadsReducerTests {
    typealias S = DownloadsScenes

    @Test func thePromptStartsInTheWorkingDirectoryAndEdits() {
        var state = S.state()
        _ = beginDownload(&state, S.folder, isFolder: true)
        #expect(state.downloads.prompt?.draft == "/home/ana/project/")
        #expect(state.downloads.prompt?.what == "data/ of run train-3")
        S.type(&state, S.chars("out/x"))
        #expect(state.downloads.prompt?.draft == "/home/ana/project/out/x")
        S.type(&state, [.backspace])
        #expect(state.downloads.prompt?.draft == "/home/ana/project/out/")
        S.type(&state, [.ctrl("w")])
        #expect(state.downloads.prompt?.draft == "/home/ana/project/")
        S.type(&state, [.ctrl("w")])
        #expect(state.downloads.prompt?.draft == "/home/ana/")
        // Keys that mean something elsewhere are text here.
        S.type(&state, S.chars("qD"))
        #expect(state.downloads.prompt?.draft == "/home/ana/qD")
        #expect(state.quitting == false)
        S.type(&state, [.ctrl("u")])
        #expect(state.downloads.prompt?.draft == "")
        // Enter on nothing says so and keeps the prompt.
        #expect(S.type(&state, [.enter]).isEmpty)
        #expect(state.downloads.prompt != nil)
        #expect(state.status.error == "type the folder to download into")
        S.type(&state, [.escape])
        #expect(state.downloads.prompt == nil)
        #expect(state.downloads.downloads.isEmpty)
    }

    @Test func enterPlansFirstAndTheFolderIsRemembered() {
        var state = S.state()
        _ = beginDownload(&state, S.folder, isFolder: true)
        S.type(&state, [.ctrl("u")] + S.chars("~/dl/../out/"))
        let effects = S.type(&state, [.enter])
        guard case let .downloads(.plan(id, owner, path, destination))? = effects.first else {
            Issue.record("no plan asked for: \(effects)")
            return
        }
        #expect(owner == .run("r1") && path == "data" && destination == "/home/ana/out")
        #expect(effects.count == 1, "nothing is written before the plan is known")
        #expect(state.downloads.prompt == nil)
        #expect(S.last(state)?.phase == .planning)
        #expect(S.last(state)?.requestId == id)
        #expect(state.downloads.lastDestination == "/home/ana/out")
        // The next prompt starts where the last download went; a relative folder starts in the working directory.
        _ = beginDownload(&state, S.file, isFolder: false)
        #expect(state.downloads.prompt?.draft == "/home/ana/out/")
        #expect(state.downloads.prompt?.what == "model/model.pkl of run train-3")
        S.type(&state, [.ctrl("u")] + S.chars("./fetched"))
        let second = S.type(&state, [.enter])
        #expect(second == [.downloads(.plan(requestId: id + 1, owner: .run("r1"), path: "model/model.pkl", destination: "/home/ana/project/fetched"))])
    }

    @Test func tabListsTheFolderOffTheLoopAndCompletes() {
        var state = S.state()
        _ = beginDownload(&state, S.folder, isFolder: true)
        S.type(&state, S.chars("da"))
        let effects = S.type(&state, [.tab])
        guard case let .downloads(.listFolders(id, folder, prefix))? = effects.first else {
            Issue.record("no listing asked for: \(effects)")
            return
        }
        #expect(folder == "/home/ana/project" && prefix == "da")
        _ = reduce(&state, .downloads(.foldersListed(requestId: id, names: ["data"])))
        #expect(state.downloads.prompt?.draft == "/home/ana/project/data/")
        // Several: their common start, and the names in the status line.
        S.type(&state, S.chars("r"))
        let next = S.type(&state, [.tab])
        guard case let .downloads(.listFolders(id2, folder2, prefix2))? = next.first else {
            Issue.record("no listing asked for: \(next)")
            return
        }
        #expect(folder2 == "/home/ana/project/data" && prefix2 == "r")
        _ = reduce(&state, .downloads(.foldersListed(requestId: id2, names: ["run-10", "run-11", "run-2"])))
        #expect(state.downloads.prompt?.draft == "/home/ana/project/data/run-")
        #expect(state.status.message == "run-10  run-11  run-2")
        // None.
        S.type(&state, S.chars("zz"))
        guard case let .downloads(.listFolders(id3, _, _))? = S.type(&state, [.tab]).first else { return }
        _ = reduce(&state, .downloads(.foldersListed(requestId: id3, names: [])))
        #expect(state.downloads.prompt?.draft == "/home/ana/project/data/run-zz")
        #expect(state.status.message == "no folder starts with 'run-zz'")
    }

    @Test func tildeAndRelativeFoldersAreListedWhereTheyPoint() {
        var state = S.state()
        _ = beginDownload(&state, S.folder, isFolder: true)
        S.type(&state, [.ctrl("u"), .char("~")])
        #expect(S.type(&state, [.tab]).isEmpty, "~ alone becomes ~/ at once")
        #expect(state.downloads.prompt?.draft == "~/")
        S.type(&state, S.chars("Do"))
        #expect(S.type(&state, [.tab]).map(\.listing) == [Listing(folder: "/home/ana", prefix: "Do")])
        S.type(&state, [.ctrl("u")] + S.chars("sub/x"))
        #expect(S.type(&state, [.tab]).map(\.listing) == [Listing(folder: "/home/ana/project/sub", prefix: "x")])
        S.type(&state, [.ctrl("u")] + S.chars("x"))
        #expect(S.type(&state, [.tab]).map(\.listing) == [Listing(folder: "/home/ana/project", prefix: "x")])
    }

    @Test func aListingForTextEditedSinceIsDropped() {
        var state = S.state()
        _ = beginDownload(&state, S.folder, isFolder: true)
        S.type(&state, S.chars("da"))
        guard case let .downloads(.listFolders(id, _, _))? = S.type(&state, [.tab]).first else { return }
        S.type(&state, S.chars("x"))
        _ = reduce(&state, .downloads(.foldersListed(requestId: id, names: ["data"])))
        #expect(state.downloads.prompt?.draft == "/home/ana/project/dax")
        // An older listing than the one asked for last is dropped too.
        guard case let .downloads(.listFolders(newer, _, _))? = S.type(&state, [.tab]).first else { return }
        _ = reduce(&state, .downloads(.foldersListed(requestId: newer - 1, names: ["daxa"])))
        #expect(state.downloads.prompt?.draft == "/home/ana/project/dax")
        _ = reduce(&state, .downloads(.foldersListed(requestId: newer, names: ["daxb"])))
        #expect(state.downloads.prompt?.draft == "/home/ana/project/daxb/")
    }

    @Test func withNoFileThereTheDownloadStartsAtOnce() {
        var state = S.state()
        guard let planId = S.start(&state, to: "/tmp/new") else { return }
        let effects = reduce(&state, .downloads(.planned(requestId: planId, S.plan(3), existing: 0, sameSize: 0, folderExists: false)))
        #expect(S.downloadRequest(effects)?.existing == .skipSameSize)
        #expect(state.downloads.prompt == nil)
        #expect(S.last(state)?.phase == .running)
        #expect(state.status.message == "downloading 3 files, 30.0 MiB, into /tmp/new (a new folder)")
    }

    /// Each answer maps to the client library's policy; `Esc` writes nothing.
    @Test(arguments: [("s", ExistingFilePolicy.skip), ("o", .overwrite), ("k", .keepBoth), ("i", .skipSameSize)])
    func theQuestionAboutExistingFiles(_ answer: String, _ policy: ExistingFilePolicy) {
        var state = S.state()
        guard let planId = S.start(&state, to: "/tmp/x") else { return }
        let asked = reduce(&state, .downloads(.planned(requestId: planId, S.plan(5), existing: 3, sameSize: 2, folderExists: true)))
        #expect(asked.isEmpty, "nothing is written before the answer")
        #expect(S.last(state)?.phase == .asking)
        #expect(state.downloads.prompt?.question == ExistingFilesQuestion(downloadId: 1, existing: 3, sameSize: 2))
        // Keys that are not answers do nothing.
        #expect(S.type(&state, [.char("x"), .enter, .tab]).isEmpty)
        #expect(state.downloads.prompt?.question != nil)
        let effects = S.type(&state, S.chars(answer))
        #expect(S.downloadRequest(effects)?.existing == policy)
        #expect(state.downloads.prompt == nil)
        #expect(S.last(state)?.phase == .running)
        #expect(S.last(state)?.policy == policy)
    }

    @Test func escAtTheQuestionCancelsWithNothingWritten() {
        var state = S.state()
        guard let planId = S.start(&state, to: "/tmp/x") else { return }
        _ = reduce(&state, .downloads(.planned(requestId: planId, S.plan(5), existing: 5, sameSize: 5, folderExists: true)))
        #expect(S.type(&state, [.escape]).isEmpty)
        #expect(S.last(state)?.phase == .cancelled)
        #expect(state.downloads.prompt == nil)
        #expect(state.status.message == "cancelled data/ of run train-3: nothing written")
    }

    /// A question that arrives while another destination is typed waits for that prompt to close.
    @Test func aQuestionWaitsForThePromptBeingTyped() {
        var state = S.state()
        guard let planId = S.start(&state, to: "/tmp/a") else { return }
        _ = beginDownload(&state, S.file, isFolder: false)
        S.type(&state, S.chars("b"))
        _ = reduce(&state, .downloads(.planned(requestId: planId, S.plan(2), existing: 1, sameSize: 0, folderExists: true)))
        #expect(state.downloads.prompt?.question == nil)
        #expect(state.downloads.prompt?.draft.hasSuffix("b") == true)
        S.type(&state, [.escape])
        #expect(state.downloads.prompt?.question?.downloadId == 1)
        let effects = S.type(&state, [.char("k")])
        #expect(S.downloadRequest(effects)?.existing == .keepBoth)
    }

    @Test func progressGivesTheRateOverRecentSecondsAndTheTimeLeft() {
        var state = S.state()
        guard let id = S.running(&state, S.plan(5), to: "/tmp/x") else { return }
        let mib: Int64 = 1_048_576
        func progress(_ bytes: Int64, files: Int = 0) -> DownloadProgress {
            DownloadProgress(filesDone: files, filesTotal: 5, bytesDone: bytes, bytesTotal: 50 * mib)
        }
        state.now += 200
        _ = reduce(&state, .downloads(.progressed(requestId: id, progress(2 * mib))))
        #expect(S.last(state)?.rate == nil, "not measured over less than half a second")
        state.now += 800
        _ = reduce(&state, .downloads(.progressed(requestId: id, progress(10 * mib, files: 1))))
        #expect(S.last(state)?.rate == Double(10 * mib))
        #expect(S.last(state)?.etaSeconds == 4)
        #expect(S.last(state)?.progress.filesDone == 1)
        // It slows down: after a few seconds only the recent bytes count.
        for _ in 0..<5 {
            state.now += 1_000
            let done = (S.last(state)?.progress.bytesDone ?? 0) + mib
            _ = reduce(&state, .downloads(.progressed(requestId: id, progress(done))))
        }
        #expect(S.last(state)?.rate == Double(mib))
        #expect(S.last(state)?.etaSeconds == 35)
        #expect(DownloadPromptBar.indicator(state.downloads, symbols: .unicode) == "↓ 1 30% 1.00 MiB/s")
        // The status bar shows it wherever the user is.
        let bar = Scenes.draw(state).text(row: state.size.height - 1)
        #expect(bar.contains("↓ 1 30% 1.00 MiB/s"))
    }

    @Test func cancellingStopsTheRequestAndKeepsWhatWasWritten() {
        var state = S.state()
        guard let id = S.running(&state, S.plan(5), to: "/tmp/x") else { return }
        _ = openDownloads(&state)
        let effects = S.type(&state, [.char("x")])
        #expect(effects == [.cancel(requestId: id)])
        #expect(S.last(state)?.phase == .cancelled)
        #expect(DownloadPromptBar.indicator(state.downloads, symbols: .unicode) == nil)
        // Progress after the cancel changes nothing; the report still arrives and is kept.
        _ = reduce(&state, .downloads(.progressed(requestId: id, DownloadProgress(filesDone: 4, filesTotal: 5, bytesDone: 1, bytesTotal: 5))))
        #expect(S.last(state)?.progress.filesDone == 0)
        _ = reduce(&state, .downloads(.finished(requestId: id, S.report("/tmp/x", written: 2, failed: [("data", "cancelled: 3 files not fetched")]))))
        #expect(S.last(state)?.phase == .cancelled)
        #expect(S.last(state)?.counts.written == 2)
        #expect(DownloadsView.stateText(S.last(state) ?? Download(id: 0, source: S.folder, isFolder: true, what: "", destination: "")) == "cancelled, 2 files complete")
        // An ended download cannot be cancelled again.
        #expect(S.type(&state, [.char("x")]).isEmpty)
    }

    @Test func cancellingWhilePlanningDropsThePlan() {
        var state = S.state()
        guard let planId = S.start(&state, to: "/tmp/x") else { return }
        _ = openDownloads(&state)
        #expect(S.type(&state, [.char("x")]) == [.cancel(requestId: planId)])
        #expect(reduce(&state, .downloads(.planned(requestId: planId, S.plan(2), existing: 0, sameSize: 0, folderExists: true))).isEmpty)
        #expect(S.last(state)?.phase == .cancelled)
    }

    @Test func severalDownloadsRunAtOnce() {
        var state = S.state()
        guard let first = S.running(&state, S.plan(2), to: "/tmp/a"),
              let second = S.running(&state, S.plan(4, size: 1_024), to: "/tmp/b") else { return }
        #expect(first != second)
        state.now += 1_000
        _ = reduce(&state, .downloads(.progressed(requestId: second, DownloadProgress(filesDone: 2, filesTotal: 4, bytesDone: 2_048, bytesTotal: 4_096))))
        _ = reduce(&state, .downloads(.progressed(requestId: first, DownloadProgress(filesDone: 0, filesTotal: 2, bytesDone: 1_048_576, bytesTotal: 20_971_520))))
        let rows = state.downloads.downloads
        #expect(rows.map(\.progress.bytesDone) == [1_048_576, 2_048])
        #expect(rows.map(\.destination) == ["/tmp/a", "/tmp/b"])
        #expect(DownloadPromptBar.indicator(state.downloads, symbols: .ascii)?.hasPrefix("v 2 5% ") == true)
        _ = reduce(&state, .downloads(.finished(requestId: second, S.report("/tmp/b", written: 4))))
        #expect(state.status.message == "downloaded data/ of run train-3 to /tmp/b/data")
        #expect(rows.count == 2 && state.downloads.downloads[0].phase == .running && state.downloads.downloads[1].phase == .done)
        #expect(DownloadPromptBar.indicator(state.downloads, symbols: .unicode)?.hasPrefix("↓ 1 5%") == true)
    }

    @Test func staleAnswersAreDropped() {
        var state = S.state()
        guard let planId = S.start(&state, to: "/tmp/x") else { return }
        // An answer for a request nobody waits on.
        #expect(reduce(&state, .downloads(.planned(requestId: planId + 50, S.plan(2), existing: 0, sameSize: 0, folderExists: true))).isEmpty)
        #expect(S.last(state)?.phase == .planning)
        guard let runId = S.downloadRequest(reduce(&state, .downloads(.planned(requestId: planId, S.plan(2), existing: 0, sameSize: 0, folderExists: true))))?.id
        else { return }
        // The plan's request again, once the download runs: dropped.
        #expect(reduce(&state, .downloads(.planned(requestId: planId, S.plan(9), existing: 0, sameSize: 0, folderExists: true))).isEmpty)
        _ = reduce(&state, .downloads(.finished(requestId: planId, S.report("/tmp/x", written: 9))))
        _ = reduce(&state, .downloads(.progressed(requestId: planId, DownloadProgress(filesDone: 9, filesTotal: 9, bytesDone: 9, bytesTotal: 9))))
        #expect(S.last(state)?.plan?.files.count == 2)
        #expect(S.last(state)?.phase == .running)
        #expect(S.last(state)?.progress.filesDone == 0)
        _ = reduce(&state, .downloads(.finished(requestId: runId, S.report("/tmp/x", written: 2))))
        #expect(S.last(state)?.phase == .done)
        // And once it ended, a late answer changes nothing.
        _ = reduce(&state, .downloads(.finished(requestId: runId, S.report("/tmp/x", written: 0, failed: [("a", "b")]))))
        #expect(S.last(state)?.phase == .done)
    }

    @Test func aFailedPlanOrFileIsShownNotThrown() {
        var state = S.state()
        guard let planId = S.start(&state, to: "/tmp/x") else { return }
        _ = reduce(&state, .requestFailed(requestId: planId, message: "refused artifact path '../evil': it has an empty, '.' or '..' component"))
        #expect(S.last(state)?.phase == .failed("refused artifact path '../evil': it has an empty, '.' or '..' component"))
        #expect(state.status.error?.hasPrefix("refused artifact path") == true)
        guard let id = S.running(&state, S.plan(3), to: "/tmp/y") else { return }
        _ = reduce(&state, .downloads(.finished(requestId: id, S.report("/tmp/y", written: 2, failed: [("data/part-2.bin", "got 5 bytes of 10; the file was not kept")]))))
        #expect(S.last(state)?.phase == .failed(nil))
        #expect(state.status.error == "data/ of run train-3: 1 of 3 files failed (D, Enter for the report)")
    }

    @Test func thePanelShowsReportsAndClearsWhatEnded() {
        var state = S.state()
        _ = reduce(&state, .key(.char("D")))
        #expect(state.focus == .downloads)
        guard let done = S.running(&state, S.plan(2), to: "/tmp/a"), let _ = S.running(&state, S.plan(2), to: "/tmp/b") else { return }
        _ = reduce(&state, .downloads(.finished(requestId: done, S.report("/tmp/a", written: 1, failed: [("data/part-1.bin", "boom")]))))
        #expect(state.downloads.selectedId == 2, "the newest download is selected")
        S.type(&state, [.char("k"), .enter])
        #expect(state.downloads.reportOf == 1)
        let lines = DownloadsView.reportLines(state.downloads.downloads[0]).map(\.text)
        #expect(lines.contains("  data/part-1.bin: boom"))
        #expect(lines.contains("  /tmp/a/data/part-0.bin"))
        S.type(&state, [.escape])
        #expect(state.downloads.reportOf == nil && state.focus == .downloads)
        // Enter on a running download does not open a report.
        S.type(&state, [.char("j"), .enter])
        #expect(state.downloads.reportOf == nil)
        S.type(&state, [.char("c")])
        #expect(state.downloads.downloads.map(\.id) == [2])
        #expect(state.status.message == "cleared 1 finished download")
        S.type(&state, [.escape])
        #expect(state.focus == .runs)
    }

    @Test func aLongReportScrolls() {
        var state = S.state()
        _ = openDownloads(&state)
        guard let id = S.running(&state, S.plan(60), to: "/tmp/a") else { return }
        _ = reduce(&state, .downloads(.finished(requestId: id, S.report("/tmp/a", written: 60))))
        S.type(&state, [.enter, .pageDown])
        #expect(state.downloads.reportScroll == DownloadsView.pageRows(state))
        S.type(&state, [.char("G")])
        let lines = DownloadsView.reportLines(state.downloads.downloads[0]).count
        #expect(state.downloads.reportScroll == lines - DownloadsView.pageRows(state))
        S.type(&state, [.char("g")])
        #expect(state.downloads.reportScroll == 0)
    }

    @Test func pathsResolveAsTyped() {
        let resolve = { (draft: String) in DownloadPaths.resolve(draft, workingDirectory: "/w/d", home: "/h") }
        #expect(resolve(".") == "/w/d")
        #expect(resolve("./a/b/") == "/w/d/a/b")
        #expect(resolve("../../..") == "/")
        #expect(resolve("~") == "/h")
        #expect(resolve("~/x/./y//z") == "/h/x/y/z")
        #expect(resolve("/abs/") == "/abs")
        #expect(resolve("~x") == "/w/d/~x")
        #expect(resolve("  ") == nil)
        #expect(DownloadPaths.resolve("~/x", workingDirectory: "/w", home: nil) == nil)
        #expect(DownloadPaths.commonPrefix(["abc", "abd", "ab"]) == "ab")
        #expect(DownloadPaths.commonPrefix(["x", "y"]) == "")
    }
}

/// A folder listing asked for, for comparing effects.
struct Listing: Hashable {
    var folder: String
    var prefix: String
}

extension Effect {
    /// The folder listing this effect asks for, if it is one.
    var listing: Listing? {
        if case let .downloads(.listFolders(_, folder, prefix)) = self { return Listing(folder: folder, prefix: prefix) }
        return nil
    }
}
