import TerminalCore

extension Keymap {
    /// The comparison's keys (searched before the global table).
    static let compare: [KeyBinding] = [
        KeyBinding([.up, .char("k")], .compare(.moveRows(-1)), help: "Previous row (a run, when transposed)"),
        KeyBinding([.down, .char("j")], .compare(.moveRows(1)), help: "Next row (a run, when transposed)"),
        KeyBinding([.pageUp, .ctrl("b")], .compare(.movePages(-1)), help: "Page up"),
        KeyBinding([.pageDown, .ctrl("f")], .compare(.movePages(1)), help: "Page down"),
        KeyBinding([.char("g"), .home], .compare(.moveToFirstRow), help: "Go to the first row"),
        KeyBinding([.char("G"), .end], .compare(.moveToLastRow), help: "Go to the last row"),
        KeyBinding([.left, .char("h")], .compare(.moveColumns(-1)), help: "Previous run column (a key, when transposed); the key column stays"),
        KeyBinding([.right, .char("l")], .compare(.moveColumns(1)), help: "Next run column (a key, when transposed)"),
        KeyBinding([.char("d")], .compare(.toggleAllRows), hint: "all rows", help: "Show every row, or only the rows that differ (the default)"),
        KeyBinding([.char("t")], .compare(.transpose), hint: "transpose", help: "Transpose: runs as rows, keys as columns"),
        KeyBinding([.char("T")], .compare(.toggleSystemTags), help: "Show or hide MLflow's own mlflow.* tags"),
        KeyBinding([.char("m")], .compare(.cycleMetricValue), hint: "value", help: "Metric values: latest, min, max, value at the best step"),
        KeyBinding([.char("@")], .compare(.beginStep), help: "Metric values at a step (the nearest logged step at or before it)"),
        KeyBinding([.char("x")], .compare(.flipDirection), help: "Flip which direction is better for the metric under the cursor"),
        KeyBinding([.char("b")], .compare(.setBaseline), hint: "baseline", help: "Measure changes against the run under the cursor (default: the first)"),
        KeyBinding([.char("/")], .compare(.beginRowFilter), hint: "filter", help: "Filter the rows by key as you type"),
        KeyBinding([.char("p")], .openOverlay, hint: "plot", help: "Overlaid charts of the compared runs (Esc comes back here)"),
        KeyBinding([.char("y")], .compare(.copyMarkdown), hint: "copy md", help: "Copy the comparison as a Markdown table (OSC 52)"),
        KeyBinding([.escape], .compare(.close), hint: "back", help: "Back to where the comparison was opened"),
    ]
}
