import MLflowCore

/// The state of the artifacts room.
public struct ArtifactsState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The run whose artifacts are shown, when they are a run's.
    public var runId: String?
    /// What the artifacts belong to, as the header names it.
    public var ownerLabel = ""
    public init() {}

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] { ["artifacts"] }
    /// Whether it waits on the store.
    public var isLoading: Bool { false }
}

/// The artifacts room's own actions: its keys' intents and the store's answers.
public enum ArtifactsAction: Sendable, Hashable {}

/// The artifacts room's store work.
public enum ArtifactsEffect: Sendable, Hashable {}
