import MLflowCore

/// The state of the downloads room.
public struct DownloadsState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The destination prompt of a download about to start, while it is open.
    public var prompt: DownloadPrompt?
    public init() {}

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] { ["downloads"] }
    /// Whether it waits on the store.
    public var isLoading: Bool { false }
}

/// The destination prompt of a download about to start.
public struct DownloadPrompt: Sendable, Hashable {
    /// What is to be downloaded.
    public var source: ArtifactRootRef
    /// Whether it is a folder (every file under it) or one file.
    public var isFolder: Bool
    /// The folder typed so far.
    public var draft: String

    public init(source: ArtifactRootRef, isFolder: Bool, draft: String) {
        self.source = source
        self.isFolder = isFolder
        self.draft = draft
    }
}

/// The downloads room's own actions: its keys' intents and the store's answers.
public enum DownloadsAction: Sendable, Hashable {}

/// The downloads room's store work.
public enum DownloadsEffect: Sendable, Hashable {}
