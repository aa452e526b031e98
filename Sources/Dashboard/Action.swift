import MLflowCore
import TerminalCore

/// Everything that can change the state: input, intents (imperative) and store results (past tense).
public enum Action: Sendable, Hashable {
    // Input from the terminal and the clock.
    case key(Key)
    case mouse(MouseEvent)
    case resize(Size)
    /// The clock advanced; expires errors, turns the spinner, triggers live refresh.
    case tick(now: Int64)

    // Intents, mostly bound to keys.
    case start
    case quit
    /// Ctrl-Z: give the terminal back to the shell until `fg`.
    case suspend
    /// Back from a suspension (applied by the loop).
    case resumed
    case moveUp
    case moveDown
    case pageUp
    case pageDown
    case moveToTop
    case moveToBottom
    case focusNextPane
    case focusPreviousPane
    case openSelected
    case goBack
    case toggleMark
    /// Forgets every marked run, in every experiment.
    case clearMarks
    /// Marks every run the runs table shows (asking first when there are many).
    case markAllShown
    /// Opens the comparison of the marked runs (or of the selected run and its nested runs).
    case compareMarkedRuns
    case toggleCollapse
    case toggleDeletedExperiments
    case beginExperimentFilter
    case beginRunTextFilter
    case beginRunSearchFilter
    case beginCommand
    case toggleHelp
    case cycleSort
    case reverseSort
    case refreshNow
    case toggleAutoRefresh
    case copySelectedRunId
    case openChart
    case openColumnPicker
    case cycleChartXAxis
    case toggleChartLogScale
    case cycleChartSmoothing
    case zoomChartIn
    case zoomChartOut
    case panChartLeft
    case panChartRight
    case resetChartView
    case loadFullHistory
    /// What the comparison view does (its keys and its store answers).
    case compare(CompareAction)
    /// `p`: the overlaid charts of the marked runs (or of the selected run and its nested runs).
    case openOverlay
    /// An action of the overlay view (its prompt, its store answers).
    case overlay(OverlayAction)
    /// `A`: the artifacts of the selected run (its files, its logged models, its registered versions).
    case openArtifacts
    /// An action of the artifact tree.
    case artifacts(ArtifactsAction)
    /// An action of the pager.
    case pager(PagerAction)
    /// An action of the image preview.
    case image(ImageAction)
    /// `M`: the registered models.
    case openModels
    /// An action of the models view.
    case models(ModelsAction)
    /// `D`: the downloads panel.
    case openDownloads
    /// An action of the downloads (the panel, the destination prompt, the downloads' progress).
    case downloads(DownloadsAction)
    /// Runs a `:` command line (`sort metrics.loss desc`, `columns metrics.a params.b`, `filter ...`).
    case runCommand(String)

    // Store results, tagged with the request that asked for them.
    case experimentsLoaded(requestId: Int, [Experiment])
    /// One page of runs; `loaded` counts every run of the query so far.
    case runsPageLoaded(requestId: Int, [Run], done: Bool)
    case runsRefreshed(requestId: Int, [Run])
    case runLoaded(requestId: Int, Run)
    case metricHistoriesLoaded(requestId: Int, [String: [Metric]])
    case metricSummaryLoaded(requestId: Int, key: String, MetricSummary)
    /// Points of `key`'s history read so far for its exact summary.
    case metricSummaryProgress(requestId: Int, key: String, points: Int)
    case chartHistoryLoaded(requestId: Int, [Metric])
    /// Points of a complete history read so far.
    case chartHistoryProgress(requestId: Int, points: Int)
    case chartWindowLoaded(requestId: Int, [Metric])
    case runCountsLoaded(requestId: Int, [String: Int])
    case requestFailed(requestId: Int, message: String)
    /// A request to the server failed and is about to be tried again (said at once, with the attempt).
    case storeRetrying(RetryNotice)
}
