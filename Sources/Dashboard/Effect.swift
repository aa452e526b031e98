import MLflowCore

/// Work `reduce` asks for; an effect runner performs it off the loop and answers with actions
/// carrying the same request id.
public enum Effect: Sendable, Hashable {
    case loadExperiments(requestId: Int, view: ViewType)
    /// Every run of `query`: a first page of `firstPageSize`, then (after `pauseAfterFirstPage`
    /// milliseconds, so that a preview the cursor leaves at once asks the store for no more) pages
    /// of `pageSize`, each answered as `runsPageLoaded`.
    case loadRuns(requestId: Int, query: RunQuery, firstPageSize: Int, pageSize: Int, pauseAfterFirstPage: Int = 0)
    /// The current state of the given runs (those still running), answered as `runsRefreshed`.
    case refreshRuns(requestId: Int, experimentIds: [String], runIds: [String])
    case loadRun(requestId: Int, runId: String)
    /// Sampled histories of a run's metrics for sparklines, answered as `metricHistoriesLoaded`.
    case loadMetricHistories(requestId: Int, runId: String, keys: [String], maxPoints: Int)
    /// The exact summary (count, min, max) of each of a run's metrics, in `keys` order, each
    /// answered as `metricSummaryLoaded` as soon as it is known, with `metricSummaryProgress` while
    /// a store reads a whole history for it.
    case loadMetricSummaries(requestId: Int, runId: String, keys: [String])
    /// A metric's history for the chart: sampled to `maxPoints`, or complete when nil (then its
    /// progress is told as `chartHistoryProgress` page by page).
    case loadChartHistory(requestId: Int, runId: String, key: String, maxPoints: Int?)
    /// A sample of `maxPoints` of the steps in a zoomed chart's view, answered as `chartWindowLoaded`.
    case loadChartWindow(requestId: Int, runId: String, key: String, steps: StepRange, maxPoints: Int)
    /// The sampled histories of `key` for the overlay's runs, up to 100 runs per request, each
    /// batch answered as `overlay(.batchLoaded)` as it arrives, then `overlay(.loadFinished)`.
    case loadOverlayHistories(requestId: Int, runIds: [String], key: String, maxPoints: Int, steps: StepRange? = nil)
    /// Active run counts of experiments, where the store counts cheaply; answered as
    /// `runCountsLoaded` (empty when it cannot or failed: the counts are a nicety).
    case loadRunCounts(requestId: Int, experimentIds: [String])
    /// The full runs of `runIds` (a comparison's, possibly from several experiments), answered as
    /// `CompareAction.runsLoaded` with the ids the store no longer has.
    case loadComparedRuns(requestId: Int, runIds: [String])
    /// The summaries or histories of `items`, answered as `CompareAction.figuresLoaded`, with
    /// `figuresProgress` as they are read.
    case loadComparisonFigures(requestId: Int, items: [RunMetricKey], reading: MetricFigures.Reading)
    /// Store work of the artifact tree (listings, folder totals).
    case artifacts(ArtifactsEffect)
    /// Store work of the pager (the first bytes of a file, then the rest).
    case pager(PagerEffect)
    /// Store work of the image preview (the file's bytes, decoded).
    case image(ImageEffect)
    /// Store work of the models view.
    case models(ModelsEffect)
    /// Downloads to disk, and the destination prompt's path completion.
    case downloads(DownloadsEffect)
    /// Stops the work of an earlier request; its answers would be dropped anyway.
    case cancel(requestId: Int)
    /// Puts text on the terminal's clipboard (OSC 52), which the backend writes.
    case copyToClipboard(String)
    case quit
}
