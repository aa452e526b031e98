import MLflowCore

/// The state of the models room.
public struct ModelsState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    public init() {}

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] { ["models"] }
    /// Whether it waits on the store.
    public var isLoading: Bool { false }
}

/// The models room's own actions: its keys' intents and the store's answers.
public enum ModelsAction: Sendable, Hashable {}

/// The models room's store work.
public enum ModelsEffect: Sendable, Hashable {}
