import MLflowCore

/// The state of the pager room.
public struct PagerState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The file shown.
    public var file: ArtifactFileRef?
    public init() {}

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] { ["pager"] }
    /// Whether it waits on the store.
    public var isLoading: Bool { false }
}

/// The pager room's own actions: its keys' intents and the store's answers.
public enum PagerAction: Sendable, Hashable {}

/// The pager room's store work.
public enum PagerEffect: Sendable, Hashable {}
