import Foundation
import MLflowCore

/// The state of the downloads room: every download of the session, the destination prompt and
/// the folder the last download went to.
public struct DownloadsState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The destination prompt of a download about to start (or the question about files already
    /// there), while it is open.
    public var prompt: DownloadPrompt?
    /// Every download of the session, oldest first.
    public var downloads: [Download] = []
    /// The download under the panel's cursor (the cursor follows it, not its row).
    public var selectedId: Int?
    /// The download whose report the panel shows instead of the list, and how far it is scrolled.
    public var reportOf: Int?
    public var reportScroll = 0
    /// The folder the last download went to (absolute); the next prompt starts with it.
    public var lastDestination: String
    /// The dashboard's working directory, which relative destinations start from.
    public var workingDirectory: String
    /// The home folder `~` stands for, when known.
    public var home: String?
    var nextDownloadId = 1

    /// Starts in the process's working directory, with `$HOME` for `~`.
    public init() {
        self.init(workingDirectory: FileManager.default.currentDirectoryPath, home: ProcessInfo.processInfo.environment["HOME"])
    }

    public init(workingDirectory: String, home: String?) {
        self.workingDirectory = workingDirectory
        self.home = home
        lastDestination = workingDirectory
    }

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] { ["downloads"] }
    /// Whether it waits on the store.
    public var isLoading: Bool { false }

    /// The download with `id`.
    public func download(_ id: Int?) -> Download? { downloads.first { $0.id == id } }

    /// The index of the download with `id`.
    func index(of id: Int?) -> Int? { downloads.firstIndex { $0.id == id } }

    /// The index of the download waiting on request `requestId`.
    func index(waitingOn requestId: Int) -> Int? { downloads.firstIndex { $0.requestId == requestId } }

    /// Downloads still planning or writing.
    public var active: [Download] { downloads.filter(\.isActive) }
}

/// The destination prompt of a download about to start, or (with `question`) what to do with
/// files already at the destination.
public struct DownloadPrompt: Sendable, Hashable {
    /// What is to be downloaded.
    public var source: ArtifactRootRef
    /// Whether it is a folder (every file under it) or one file.
    public var isFolder: Bool
    /// The folder typed so far.
    public var draft: String
    /// How the prompt names what is downloaded (the path, and whose it is).
    public var what = ""
    /// The folder listing asked for by `Tab`, and the text it completes: an answer for another
    /// text is stale.
    public var completionRequestId: Int?
    public var completionDraft = ""
    /// Set when the prompt asks about files already there instead of a folder.
    public var question: ExistingFilesQuestion?

    public init(source: ArtifactRootRef, isFolder: Bool, draft: String) {
        self.source = source
        self.isFolder = isFolder
        self.draft = draft
    }
}

/// Files already where a download would write them, asked about once for the download.
public struct ExistingFilesQuestion: Sendable, Hashable {
    /// The download it is about.
    public var downloadId: Int
    /// Files of the plan already at their destination.
    public var existing: Int
    /// Of those, the ones of the size the store lists.
    public var sameSize: Int
}

/// One download of the session, from its prompt to its report.
public struct Download: Sendable, Hashable, Identifiable {
    public var id: Int
    public var source: ArtifactRootRef
    public var isFolder: Bool
    /// The path and whose it is, as the panel names it.
    public var what: String
    /// The destination folder, absolute, as typed.
    public var destination: String
    public var phase: DownloadPhase = .planning
    /// The request in flight (the plan, then the download); answers for another are stale.
    public var requestId: Int?
    /// What is fetched, once listed.
    public var plan: ArtifactPlan?
    /// Whether the destination folder was there before (else the download creates it).
    public var folderExisted = true
    /// The question about files already there, while it waits for an answer.
    public var question: ExistingFilesQuestion?
    /// Files of the plan already at the destination when it was listed.
    public var existing = 0
    /// What was chosen for files already there.
    public var policy: ExistingFilePolicy = .skipSameSize
    public var progress = DownloadProgress()
    /// Recent progress as (tick time, bytes done), for the rate.
    public var samples: [ProgressSample] = []
    /// Bytes a second over the last few seconds, once measurable.
    public var rate: Double?
    /// Seconds left at `rate`.
    public var etaSeconds: Int?
    public var startedAt: Int64?
    public var finishedAt: Int64?
    /// How it ended: written, skipped, failed.
    public var report: DownloadReport?

    /// Still planning or writing (or waiting for an answer).
    public var isActive: Bool {
        switch phase {
        case .planning, .asking, .running: true
        case .done, .failed, .cancelled: false
        }
    }

    /// Files written, skipped (already there) and failed, from the report.
    public var counts: (written: Int, skipped: Int, failed: Int) {
        (report?.written.count ?? 0, report?.skipped.count ?? 0, report?.failed.count ?? 0)
    }
}

/// One progress report: when (the tick clock) and how many bytes were done.
public struct ProgressSample: Sendable, Hashable {
    public var time: Int64
    public var bytes: Int64
}

/// Where a download is.
public enum DownloadPhase: Sendable, Hashable {
    /// Listing what to fetch.
    case planning
    /// Waiting for an answer about files already there.
    case asking
    /// Writing files.
    case running
    /// Every file written or skipped.
    case done
    /// Some files (or the plan) failed; the message when nothing could start.
    case failed(String?)
    /// Stopped by `x` (or `Esc` at the question); no partial file is left.
    case cancelled
}

/// The downloads room's own actions: its keys' intents and the store's answers.
public enum DownloadsAction: Sendable, Hashable {
    /// The panel's cursor: by rows (or the report's lines), or to the first or last.
    case move(Int)
    case movePages(Int)
    case moveToTop
    case moveToBottom
    /// `x`: stops the selected download.
    case cancelSelected
    /// `Enter`: the selected download's report (or its question, while it waits for an answer).
    case showSelected
    /// `c`: drops finished downloads from the panel.
    case clearFinished
    /// The subfolders of the folder being completed whose names start with what was typed.
    case foldersListed(requestId: Int, names: [String])
    /// What a download fetches, how many of its files are already there (and of those, how many
    /// have the listed size), and whether the destination folder exists.
    case planned(requestId: Int, ArtifactPlan, existing: Int, sameSize: Int, folderExists: Bool)
    /// How far a download is (every ~200 ms).
    case progressed(requestId: Int, DownloadProgress)
    /// A download ended (also when it was cancelled: what was written until then).
    case finished(requestId: Int, DownloadReport)
}

/// The downloads room's work off the loop.
public enum DownloadsEffect: Sendable, Hashable {
    /// The subfolders of `folder` whose names start with `prefix`, answered as `foldersListed`.
    case listFolders(requestId: Int, folder: String, prefix: String)
    /// The plan of a download and the files of it already in `destination`, answered as `planned`;
    /// nothing is written.
    case plan(requestId: Int, owner: ArtifactOwner, path: String, destination: String)
    /// Downloads `plan` into `destination` (created if needed), answered with `progressed` every
    /// ~200 ms and `finished` at the end.
    case download(requestId: Int, plan: ArtifactPlan, destination: String, existing: ExistingFilePolicy)
}
