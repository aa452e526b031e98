@testable import Dashboard
@testable import MLflowCore
import TerminalCore

/// States of the downloads room for its reducer and render tests: a run `train-3` whose `data`
/// folder (or `model.pkl`) is downloaded, with a fixed working directory and home.
enum DownloadsScenes {
    static let run = makeRun("r1", name: "train-3")
    static let folder = ArtifactRootRef(owner: .run("r1"), path: "data", label: "run artifacts", runId: "r1")
    static let file = ArtifactRootRef(owner: .run("r1"), path: "model/model.pkl", label: "run artifacts", runId: "r1")

    /// The runs of experiment 1 loaded (with `train-3`), the working directory `/home/ana/project`.
    static func state(size: Size = Size(width: 80, height: 24)) -> DashboardState {
        var state = stateWithRuns([run, makeRun("r2", name: "train-4")])
        state.size = size
        state.downloads = DownloadsState(workingDirectory: "/home/ana/project", home: "/home/ana")
        return state
    }

    /// Types each key into the state, returning every effect.
    @discardableResult
    static func type(_ state: inout DashboardState, _ keys: [Key]) -> [Effect] {
        keys.flatMap { reduce(&state, .key($0)) }
    }

    /// Keys typing `text`.
    static func chars(_ text: String) -> [Key] { text.map { .char($0) } }

    /// Opens the prompt for `source`, types `destination` over its text and presses Enter;
    /// returns the plan's request id.
    static func start(_ state: inout DashboardState, _ source: ArtifactRootRef = folder, isFolder: Bool = true,
                      to destination: String) -> Int? {
        _ = beginDownload(&state, source, isFolder: isFolder)
        type(&state, [.ctrl("u")] + chars(destination))
        for effect in type(&state, [.enter]) {
            if case .downloads(.plan(let id, _, _, _)) = effect { return id }
        }
        return nil
    }

    /// A plan of `count` files of `size` bytes each under `data/`.
    static func plan(_ count: Int, size: Int64 = 10 * 1_048_576, path: String = "data") -> ArtifactPlan {
        ArtifactPlan(owner: .run("r1"), path: path, isFolder: true,
                     files: (0..<count).map { ArtifactEntry(path: "\(path)/part-\($0).bin", isDir: false, fileSize: size) }, folders: [])
    }

    /// The request id of the `download` effect among `effects`, and its policy.
    static func downloadRequest(_ effects: [Effect]) -> (id: Int, existing: ExistingFilePolicy)? {
        for effect in effects {
            if case let .downloads(.download(id, _, _, existing)) = effect { return (id, existing) }
        }
        return nil
    }

    /// Starts a download of `plan` into `destination` and lets it run (no files already there);
    /// returns its download request id.
    static func running(_ state: inout DashboardState, _ plan: ArtifactPlan, to destination: String) -> Int? {
        guard let planId = start(&state, to: destination) else { return nil }
        let effects = reduce(&state, .downloads(.planned(requestId: planId, plan, existing: 0, sameSize: 0, folderExists: true)))
        return downloadRequest(effects)?.id
    }

    /// A report of files written under `destination`, some failed.
    static func report(_ destination: String, written: Int, failed: [(String, String)] = [], skipped: Int = 0) -> DownloadReport {
        var report = DownloadReport()
        report.destination = destination + "/data"
        report.written = (0..<written).map { destination + "/data/part-\($0).bin" }
        report.skipped = (0..<skipped).map { destination + "/data/old-\($0).bin" }
        report.failed = failed.map { DownloadReport.Failure(path: $0.0, message: $0.1) }
        report.bytes = Int64(written) * 10 * 1_048_576
        return report
    }

    /// The download with the panel's cursor (or the last one).
    static func last(_ state: DashboardState) -> Download? { state.downloads.downloads.last }
}
