import MLflowCore

/// The state of the image room.
public struct ImageState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The file shown.
    public var file: ArtifactFileRef?
    public init() {}

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] { ["image"] }
    /// Whether it waits on the store.
    public var isLoading: Bool { false }
}

/// The image room's own actions: its keys' intents and the store's answers.
public enum ImageAction: Sendable, Hashable {}

/// The image room's store work.
public enum ImageEffect: Sendable, Hashable {}
