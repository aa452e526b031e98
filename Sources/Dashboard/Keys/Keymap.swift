import TerminalCore

/// The key tables of every context: the only source for dispatch, footer hints, `?` help and
/// `runboard keys --markdown`.
public enum Keymap {
    /// The bindings of one context, in the order they are listed.
    public static func bindings(_ context: KeyContext) -> [KeyBinding] {
        switch context {
        case .global: global
        case .experiments: experiments
        case .runs: runs
        case .detail: detail
        case .chart: chart
        case .columnPicker: columnPicker
        case .compare: compare
        case .overlayGrid: overlayGrid
        case .overlayChart: overlayChart
        case .artifacts: artifacts
        case .pager: pager
        case .image: image
        case .models: models
        case .downloads: downloads
        }
    }

    /// The action `key` triggers in `context` alone (the column picker, which takes every key).
    public static func action(for key: Key, only context: KeyContext) -> Action? {
        bindings(context).first { $0.keys.contains(key) }?.action
    }

    /// The action `key` triggers in `pane`: the pane's table first, then the global one.
    public static func action(for key: Key, in pane: Pane) -> Action? {
        action(for: key, in: [KeyContext(pane), .global])
    }

    /// The action `key` triggers in the first of `contexts` that binds it.
    public static func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            if let binding = bindings(context).first(where: { $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    /// Footer hints for `pane`: `key label` pairs of the pane's table then the global one.
    public static func hints(for pane: Pane, ascii: Bool = false) -> [(keys: String, hint: String)] {
        hints(for: [KeyContext(pane), .global], ascii: ascii)
    }

    /// Footer hints of the given tables, in order.
    public static func hints(for contexts: [KeyContext], ascii: Bool = false) -> [(keys: String, hint: String)] {
        contexts.flatMap { context in
            bindings(context).compactMap { binding in
                binding.hint.map { hint in
                    let keys = binding.keys.filter { !ascii || $0.label.allSatisfy(\.isASCII) }
                    return (keys.map(\.label).joined(separator: "/"), hint)
                }
            }
        }
    }

    /// Every table as Markdown, for the README.
    public static func markdown() -> String {
        var out = "# Keys\n"
        for context in KeyContext.allCases {
            out += "\n## \(context.title)\n\n| keys | action |\n| --- | --- |\n"
            for binding in bindings(context) {
                let keys = binding.keys.map { "`\($0.label == "|" ? "\\|" : $0.label)`" }.joined(separator: ", ")
                out += "| \(keys) | \(binding.help.replacingOccurrences(of: "|", with: "\\|")) |\n"
            }
        }
        return out
    }

    /// Help screen lines: a title per context and one line per binding.
    public static func helpLines() -> [String] {
        var lines: [String] = []
        for context in KeyContext.allCases {
            if !lines.isEmpty { lines.append("") }
            lines.append(context.title)
            for binding in bindings(context) {
                let keys = binding.keys.map(\.label).joined(separator: " ")
                lines.append("  " + DisplayWidth.pad(keys, to: 16) + " " + binding.help)
            }
        }
        return lines
    }

    static let navigation: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .moveUp, help: "Move up"),
        KeyBinding([.down, .char("j")], .moveDown, help: "Move down"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, help: "Page up"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, help: "Page down"),
        KeyBinding([.char("g"), .home], .moveToTop, help: "Go to the first line"),
        KeyBinding([.char("G"), .end], .moveToBottom, help: "Go to the last line"),
    ]

    static let global: [KeyBinding] = [
        KeyBinding([.tab], .focusNextPane, help: "Next pane"),
        KeyBinding([.backTab], .focusPreviousPane, help: "Previous pane"),
        KeyBinding([.char(":")], .beginCommand, help: "Command line: sort KEY [asc|desc], columns NAME..., filter TEXT, refresh SECONDS, compare (Tab completes)"),
        KeyBinding([.char("r")], .refreshNow, help: "Refresh now"),
        KeyBinding([.char("R")], .toggleAutoRefresh, help: "Toggle live refresh of running runs"),
        KeyBinding([.char("D")], .openDownloads, help: "The downloads started in this session (progress, cancel, where they went)"),
        KeyBinding([.char("?")], .toggleHelp, hint: "help", help: "Show or hide this help"),
        KeyBinding([.char("q"), .ctrl("c")], .quit, hint: "quit", help: "Quit"),
        KeyBinding([.ctrl("z")], .suspend, help: "Suspend to the shell (fg comes back)"),
    ]

    static let experiments: [KeyBinding] = navigation + [
        KeyBinding([.enter, .char("l"), .right], .openSelected, hint: "open", help: "Show the runs of the experiment (or of the marked ones)"),
        KeyBinding([.char(" ")], .toggleMark, hint: "mark", help: "Mark the experiment to show its runs with others"),
        KeyBinding([.char("/")], .beginExperimentFilter, hint: "filter", help: "Filter experiments by name"),
        KeyBinding([.char("d")], .toggleDeletedExperiments, hint: "deleted", help: "Show or hide deleted experiments"),
        KeyBinding([.char("M")], .openModels, hint: "models", help: "The registered models, their versions, aliases and source runs"),
    ]

    static let runs: [KeyBinding] = navigation + [
        KeyBinding([.enter, .char("l"), .right], .openSelected, hint: "open", help: "Open the run's detail"),
        KeyBinding([.escape, .char("h"), .left], .goBack, help: "Back to the experiments"),
        KeyBinding([.char(" ")], .toggleMark, hint: "mark", help: "Mark the run (marks stay when another experiment is opened)"),
        KeyBinding([.char("a")], .markAllShown, help: "Mark every run the table shows (asks first above 300)"),
        KeyBinding([.char("u")], .clearMarks, help: "Unmark every marked run, in every experiment"),
        KeyBinding([.char("=")], .compareMarkedRuns, hint: "compare", help: "Compare the marked runs (none marked: the run and its nested runs; also :compare)"),
        KeyBinding([.char("z")], .toggleCollapse, help: "Collapse or expand the nested runs of the run"),
        KeyBinding([.char("/")], .beginRunSearchFilter, hint: "filter", help: "MLflow filter (metrics.acc > 0.9 and params.lr = '0.01')"),
        KeyBinding([.char("f")], .beginRunTextFilter, hint: "find", help: "Filter by name, id or user as you type"),
        KeyBinding([.char("s")], .cycleSort, hint: "sort", help: "Sort by the next column"),
        KeyBinding([.char("S")], .reverseSort, help: "Reverse the sort"),
        KeyBinding([.char("c")], .openChart, help: "Chart the first metric of the run"),
        KeyBinding([.char("A")], .openArtifacts, help: "The run's artifacts, logged models and registered versions: browse, preview, download"),
        KeyBinding([.char("p")], .openOverlay, help: "Overlaid charts of the marked runs (none marked: the run and its nested runs)"),
        KeyBinding([.char("C")], .openColumnPicker, hint: "columns", help: "Pick the metric and param columns (also :columns NAME...)"),
        KeyBinding([.char("y")], .copySelectedRunId, hint: "copy id", help: "Copy the run id (OSC 52)"),
    ]

    static let detail: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .moveUp, help: "Previous metric"),
        KeyBinding([.down, .char("j")], .moveDown, help: "Next metric"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, help: "Scroll the detail up a page"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, help: "Scroll the detail down a page"),
        KeyBinding([.char("g"), .home], .moveToTop, help: "Scroll to the top"),
        KeyBinding([.char("G"), .end], .moveToBottom, help: "Scroll to the bottom"),
        KeyBinding([.enter, .char("c")], .openChart, hint: "chart", help: "Chart the selected metric"),
        KeyBinding([.char("A")], .openArtifacts, hint: "artifacts", help: "The run's artifacts, logged models and registered versions: browse, preview, download"),
        KeyBinding([.escape, .char("h"), .left], .goBack, hint: "back", help: "Back to the runs"),
        KeyBinding([.char("y")], .copySelectedRunId, hint: "copy id", help: "Copy the run id (OSC 52)"),
    ]

    static let columnPicker: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .moveUp, help: "Previous column"),
        KeyBinding([.down, .char("j")], .moveDown, help: "Next column"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, help: "Page up"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, help: "Page down"),
        KeyBinding([.char(" ")], .toggleMark, hint: "toggle", help: "Show or hide the column (shown ones keep the order they were picked in)"),
        KeyBinding([.enter], .openSelected, hint: "apply", help: "Show the picked columns (none picked: the ones that vary most)"),
        KeyBinding([.escape, .char("q")], .goBack, hint: "cancel", help: "Close without changing the columns"),
        KeyBinding([.ctrl("c")], .quit, help: "Quit"),
        KeyBinding([.ctrl("z")], .suspend, help: "Suspend to the shell (fg comes back)"),
    ]

    static let chart: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to where the chart was opened (the run detail or the runs)"),
        KeyBinding([.char("x")], .cycleChartXAxis, hint: "x axis", help: "X axis: step, wall time, relative time"),
        KeyBinding([.char("L")], .toggleChartLogScale, hint: "log", help: "Logarithmic y axis"),
        KeyBinding([.char("e")], .cycleChartSmoothing, hint: "smooth", help: "EMA smoothing: off, 0.6, 0.9"),
        KeyBinding([.char("+"), .char("=")], .zoomChartIn, hint: "zoom", help: "Zoom in"),
        KeyBinding([.char("-")], .zoomChartOut, help: "Zoom out"),
        KeyBinding([.left, .char("h")], .panChartLeft, help: "Pan left"),
        KeyBinding([.right, .char("l")], .panChartRight, help: "Pan right"),
        KeyBinding([.char("0")], .resetChartView, help: "Show the whole history"),
        KeyBinding([.char("F")], .loadFullHistory, hint: "full", help: "Load the full history instead of a sample"),
    ]
}
