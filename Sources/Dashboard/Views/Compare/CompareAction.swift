import MLflowCore

/// What the comparison view does: its keys' intents (imperative) and the store's answers (past tense).
public enum CompareAction: Sendable, Hashable {
    /// Moves the cursor by rows (keys; runs when transposed); `pages` moves by screenfuls.
    case moveRows(Int)
    case movePages(Int)
    case moveToFirstRow
    case moveToLastRow
    /// Moves the cursor by columns (runs; keys when transposed), scrolling them sideways.
    case moveColumns(Int)
    /// Runs as rows, keys as columns, and back.
    case transpose
    /// All rows, or only those that differ.
    case toggleAllRows
    /// MLflow's own `mlflow.*` tags shown or not.
    case toggleSystemTags
    /// Metric values: latest, min, max, best, latest ...
    case cycleMetricValue
    /// `@`: asks for a step to show the metrics at.
    case beginStep
    /// Flips which direction is better for the metric row under the cursor.
    case flipDirection
    /// Measures the changes against the run under the cursor.
    case setBaseline
    /// `/`: filters the rows by key as typed.
    case beginRowFilter
    /// Puts the comparison on the clipboard as a Markdown table.
    case copyMarkdown
    /// Back to the pane the comparison was opened from.
    case close

    /// The compared runs as the store has them now; `missing` are ids it no longer has.
    case runsLoaded(requestId: Int, [Run], missing: [String])
    /// Summaries or histories asked for a metric value other than the latest.
    case figuresLoaded(requestId: Int, MetricFigures)
    /// How many of the asked figures are read.
    case figuresProgress(requestId: Int, done: Int)
}
