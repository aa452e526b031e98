/// A named place on screen that a theme gives a style to.
public enum ThemeRole: String, Sendable, Hashable, CaseIterable {
    case title = "title"
    case text = "text"
    case dim = "text.dim"
    case border = "pane.border"
    case borderFocused = "pane.border.focused"
    case paneTitle = "pane.title"
    case tableHeader = "table.header"
    case experimentsRow = "experiments.row"
    case experimentsSelected = "experiments.selected"
    case experimentsMarked = "experiments.marked"
    case experimentsDeleted = "experiments.deleted"
    case runsRow = "runs.row"
    case runsSelected = "runs.selected"
    case runsMarked = "runs.marked"
    case runsTree = "runs.tree"
    case runRunning = "run.running"
    case runScheduled = "run.scheduled"
    case runFinished = "run.finished"
    case runFailed = "run.failed"
    case runKilled = "run.killed"
    case detailSection = "detail.section"
    case detailKey = "detail.key"
    case detailValue = "detail.value"
    case detailSystemTag = "detail.system_tag"
    case detailSelected = "detail.selected"
    case sparkline = "sparkline"
    case sparklineMarker = "sparkline.marker"
    case chartLine = "chart.line"
    case chartSmoothed = "chart.smoothed"
    case chartAxis = "chart.axis"
    case chartMarker = "chart.marker"
    /// The lines of overlaid charts, one colour per run in turn.
    case series1 = "series.1"
    case series2 = "series.2"
    case series3 = "series.3"
    case series4 = "series.4"
    case series5 = "series.5"
    case series6 = "series.6"
    case series7 = "series.7"
    case series8 = "series.8"
    case statusBar = "status.bar"
    case statusError = "status.error"
    case statusMessage = "status.message"
    case statusLoading = "status.loading"
    case statusHintKey = "status.hint.key"
    case prompt = "prompt"
    case promptError = "prompt.error"
    case helpTitle = "help.title"
    case helpKey = "help.key"
    /// A metric value better than the baseline's, and its change.
    case compareBetter = "compare.better"
    /// A metric value worse than the baseline's, and its change.
    case compareWorse = "compare.worse"
    /// The best value of a metric row.
    case compareBest = "compare.best"
    /// A value a run does not have.
    case compareMissing = "compare.missing"
    /// The note on a param row whose values are equal as numbers but not as text.
    case compareEqualAsNumbers = "compare.equal_as_numbers"
}

extension ThemeRole {
    /// The series roles in order: run N of an overlaid chart takes `series[N % 8]`.
    public static let series: [ThemeRole] = [.series1, .series2, .series3, .series4, .series5, .series6, .series7, .series8]
}
