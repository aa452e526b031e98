import TerminalCore

/// Where a key binding applies: one of the panes, or everywhere.
public enum KeyContext: String, Sendable, Hashable, CaseIterable {
    case global
    case experiments
    case runs
    case detail
    case chart
    /// The column picker of the runs pane (`C`), while it is open.
    case columnPicker
    /// The comparison of marked runs.
    case compare
    /// The overlay view's grid of charts, one per metric.
    case overlayGrid
    /// One metric of the overlay view, full size.
    case overlayChart
    /// The artifact tree.
    case artifacts
    /// The pager of a text artifact.
    case pager
    /// The preview of an image artifact.
    case image
    /// The registered models and their versions.
    case models
    /// The downloads panel.
    case downloads

    /// The context of a pane.
    public init(_ pane: Pane) {
        switch pane {
        case .experiments: self = .experiments
        case .runs: self = .runs
        case .detail: self = .detail
        case .chart: self = .chart
        case .compare: self = .compare
        case .overlay: self = .overlayGrid
        case .artifacts: self = .artifacts
        case .pager: self = .pager
        case .image: self = .image
        case .models: self = .models
        case .downloads: self = .downloads
        }
    }

    public var title: String {
        switch self {
        case .global: "Everywhere"
        case .experiments: "Experiments"
        case .runs: "Runs"
        case .detail: "Run detail"
        case .chart: "Metric chart"
        case .compare: "Comparison"
        case .columnPicker: "Column picker"
        case .overlayGrid: "Overlaid charts"
        case .overlayChart: "Overlaid chart"
        case .artifacts: "Artifacts"
        case .pager: "Pager"
        case .image: "Image preview"
        case .models: "Models"
        case .downloads: "Downloads"
        }
    }
}

/// Keys bound to one action, with the words that describe it in the footer and the help.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [Key]
    public var action: Action
    /// A word or two for the footer; nil keeps the binding out of the footer.
    public var hint: String?
    /// A sentence for the `?` help screen and the README.
    public var help: String

    public init(_ keys: [Key], _ action: Action, hint: String? = nil, help: String) {
        self.keys = keys
        self.action = action
        self.hint = hint
        self.help = help
    }
}

extension Key {
    /// How the key is written in hints and help (`j`, `Enter`, `S-Tab`, `C-c`).
    public var label: String {
        switch self {
        case .char(" "): "space"
        case .char(let c): String(c)
        case .enter: "Enter"
        case .escape: "Esc"
        case .tab: "Tab"
        case .backTab: "S-Tab"
        case .backspace: "Bksp"
        case .delete: "Del"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .home: "Home"
        case .end: "End"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .f(let n): "F\(n)"
        case .ctrl(let c): "C-\(c)"
        }
    }
}
