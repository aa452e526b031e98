/// The panes of the dashboard, in `Tab` order.
public enum Pane: String, Sendable, Hashable, CaseIterable {
    case experiments
    case runs
    case detail
    case chart
    /// The comparison of marked runs (`=`).
    case compare
    /// The overlaid charts of several runs (`p`); not in `Tab` order.
    case overlay
    /// The artifact tree of a run, a logged model or a model version (`A`); not in `Tab` order.
    case artifacts
    /// One text artifact, paged (`Enter` on a text file); not in `Tab` order.
    case pager
    /// One image artifact, previewed (`Enter` on a PNG or JPEG); not in `Tab` order.
    case image
    /// Registered models and their versions (`M`); not in `Tab` order.
    case models
    /// The downloads started in this session (`D`); not in `Tab` order.
    case downloads

    /// The rooms that take the whole body of the screen (no experiments pane beside them).
    public var isRoom: Bool {
        switch self {
        case .experiments, .runs, .detail, .chart, .overlay: false
        case .compare, .artifacts, .pager, .image, .models, .downloads: true
        }
    }
}

/// What the keyboard is typing into, when not driving a pane.
public enum InputMode: Sendable, Hashable {
    case none
    /// `/` in the experiments pane: substring over names, applied as typed.
    case experimentFilter
    /// `f` in the runs pane: substring over run names, ids and users, applied as typed.
    case runTextFilter
    /// `/` in the runs pane: an MLflow filter string, checked as typed and applied on Enter.
    case runSearchFilter
    /// `:` command line.
    case command
    /// `a` over many runs: asks y/n before marking them all.
    case confirmMarkAll(count: Int)
}
