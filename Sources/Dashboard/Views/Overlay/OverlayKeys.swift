import TerminalCore

extension Keymap {
    /// The grid of small charts, one per metric.
    static let overlayGrid: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .moveUp, help: "Chart above"),
        KeyBinding([.down, .char("j")], .moveDown, help: "Chart below"),
        KeyBinding([.left, .char("h")], .overlay(.moveLeft), help: "Chart to the left"),
        KeyBinding([.right, .char("l")], .overlay(.moveRight), help: "Chart to the right"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, help: "Page up"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, help: "Page down"),
        KeyBinding([.char("g"), .home], .moveToTop, help: "First chart"),
        KeyBinding([.char("G"), .end], .moveToBottom, help: "Last chart"),
        KeyBinding([.enter], .openSelected, hint: "open", help: "Open the chart full size"),
        KeyBinding([.char("m")], .overlay(.beginMetricPrompt), hint: "metric", help: "Pick a metric by name (Tab completes) and open its chart"),
        KeyBinding([.char("x")], .cycleChartXAxis, hint: "x axis", help: "X axis of every chart: step, wall time, relative time"),
        KeyBinding([.char("L")], .toggleChartLogScale, hint: "log", help: "Logarithmic y axes"),
        KeyBinding([.char("e")], .cycleChartSmoothing, hint: "smooth", help: "EMA smoothing: off, 0.6, 0.9"),
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to the runs"),
    ]

    /// One metric full size: the metric chart's keys (but `F`: the overlay is always sampled).
    static let overlayChart: [KeyBinding] = [
        KeyBinding([.escape], .goBack, hint: "back", help: "Back to the grid of charts"),
        KeyBinding([.char("m")], .overlay(.beginMetricPrompt), hint: "metric", help: "Pick another metric by name (Tab completes)"),
    ] + chart.filter { $0.action != .goBack && $0.action != .loadFullHistory }
}

extension OverlayState {
    /// The key table in force: the grid's or the full chart's.
    public var keyContext: KeyContext {
        if case .chart = mode { return .overlayChart }
        return .overlayGrid
    }
}
