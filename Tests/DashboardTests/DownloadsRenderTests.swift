@testable import Dashboard
@testable import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport

/// Screens of the downloads: the destination prompt, the question about existing files, the
/// panel with downloads in every state, and a report; at 80x24 and 160x48.
@Suite struct DownloadsRenderTests {
    typealias S = DownloadsScenes
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]

    @Test(arguments: sizes)
    func theDestinationPrompt(_ size: Size) {
        var state = S.state(size: size)
        _ = beginDownload(&state, S.folder, isFolder: true)
        S.type(&state, S.chars("runs/"))
        let text = Scenes.draw(state).text()
        #expect(text.contains("download data/ of run train-3 to: /home/ana/project/runs/"))
        #expect(text.contains("Tab complete"))
        Scenes.snapshot(state, "downloads-prompt")
    }

    @Test(arguments: sizes)
    func theQuestionAboutExistingFiles(_ size: Size) {
        var state = S.state(size: size)
        guard let planId = S.start(&state, to: "/home/ana/out") else { return }
        _ = reduce(&state, .downloads(.planned(requestId: planId, S.plan(12), existing: 3, sameSize: 2, folderExists: true)))
        let text = Scenes.draw(state).text()
        #expect(text.contains("data/ of run train-3: 3 of 12 files are already there (2 of the same size), in "))
        #expect(text.contains("i skip same size (1 fails)"))
        Scenes.snapshot(state, "downloads-question")
    }

    /// One download in each state, the cursor on the running one.
    static func panel(size: Size) -> DashboardState {
        var state = S.state(size: size)
        _ = openDownloads(&state)
        let mib: Int64 = 1_048_576
        // Done, with two files already there.
        if let id = S.running(&state, S.plan(4), to: "/home/ana/project") {
            _ = reduce(&state, .downloads(.finished(requestId: id, S.report("/home/ana/project", written: 2, skipped: 2))))
        }
        // Failed: one file of three.
        if let id = S.running(&state, S.plan(3), to: "/tmp/x") {
            _ = reduce(&state, .downloads(.finished(requestId: id, S.report("/tmp/x", written: 2, failed: [("data/part-2.bin", "boom")]))))
        }
        // Failed before it started.
        if let id = S.start(&state, S.file, isFolder: false, to: "/tmp/y") {
            _ = reduce(&state, .requestFailed(requestId: id, message: "artifact 'model/model.pkl' not found"))
        }
        // Cancelled.
        if let id = S.running(&state, S.plan(2), to: "/tmp/z") {
            state.downloads.selectedId = state.downloads.downloads.last?.id
            _ = reduce(&state, .downloads(.cancelSelected))
            _ = reduce(&state, .downloads(.finished(requestId: id, S.report("/tmp/z", written: 1, failed: [("data", "cancelled: 1 files not fetched")]))))
        }
        // Asking (the question answered later; Esc leaves the prompt for the panel).
        if let id = S.start(&state, to: "/home/ana/out") {
            _ = reduce(&state, .downloads(.planned(requestId: id, S.plan(12), existing: 3, sameSize: 2, folderExists: true)))
            state.downloads.prompt = nil
        }
        // Planning.
        _ = S.start(&state, S.file, isFolder: false, to: "/tmp/new")
        // Running: 20 of 50 MiB after 2 s, 10 MiB/s.
        if let id = S.running(&state, S.plan(5), to: "/srv/data") {
            state.now += 2_000
            _ = reduce(&state, .downloads(.progressed(requestId: id, DownloadProgress(filesDone: 2, filesTotal: 5, bytesDone: 20 * mib, bytesTotal: 50 * mib))))
        }
        // The waiting question opened after the last prompt; the panel is shown without it.
        state.downloads.prompt = nil
        state.status = StatusMessages()
        return state
    }

    @Test(arguments: sizes)
    func thePanel(_ size: Size) {
        let state = Self.panel(size: size)
        let text = Scenes.draw(state).text()
        for expected in ["done 2 files, 2 already there", "failed (1), done 2 files", "failed: artifact 'model/model.pkl' not found",
                         "cancelled, 1 file complete", "asking: 3 files already there", "planning", "running 2/5 files",
                         "20.0 MiB/50.0 MiB", "10.0 MiB/s", "ETA 3s"] {
            #expect(text.contains(expected), "\(expected)")
        }
        Scenes.snapshot(state, "downloads-panel")
    }

    @Test(arguments: sizes)
    func aReport(_ size: Size) {
        var state = Self.panel(size: size)
        state.downloads.selectedId = 2
        _ = reduce(&state, .downloads(.showSelected))
        state.downloads.prompt = nil
        let text = Scenes.draw(state).text()
        #expect(text.contains("data/part-2.bin: boom"))
        Scenes.snapshot(state, "downloads-report")
    }

    @Test func anEmptyPanelSaysHowToStart() {
        var state = S.state()
        _ = openDownloads(&state)
        #expect(Scenes.draw(state).text().contains("No downloads yet in this session."))
    }

    @Test func namesFromTheStoreAreDrawnEscaped() {
        var state = S.state()
        _ = openDownloads(&state)
        let hostile = ArtifactRootRef(owner: .run("r1"), path: "a\u{1b}[31mred\u{7}", label: "run artifacts", runId: "r1")
        _ = S.start(&state, hostile, isFolder: false, to: "/tmp/\u{1b}x")
        let buffer = Scenes.draw(state)
        #expect(buffer.text().contains("a\\x1b[31mred\\x07 of run train-3"))
        Snapshot.assertNothingRaw(buffer)
    }
}
