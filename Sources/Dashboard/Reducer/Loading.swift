import MLflowCore

/// Asks for the experiments of the current view, superseding an earlier request.
func loadExperiments(_ state: inout DashboardState) -> [Effect] {
    var effects = cancelPending(state.experiments.load)
    let id = state.makeRequestId()
    state.experiments.load = .loading(requestId: id)
    effects.append(.loadExperiments(requestId: id, view: state.experiments.showDeleted ? .all : .activeOnly))
    return effects
}

func experimentsLoaded(_ state: inout DashboardState, _ id: Int, _ experiments: [Experiment]) -> [Effect] {
    guard state.experiments.load.pendingRequestId == id else { return [] }
    state.experiments.replaceAll(experiments)
    state.experiments.load = .loaded
    let present = Set(experiments.map(\.experimentId))
    state.experiments.marked.formIntersection(present)
    // After the runs (they matter more), the run counts where the store counts cheaply.
    func withCounts(_ effects: [Effect]) -> [Effect] {
        guard !experiments.isEmpty else { return effects }
        let countsId = state.makeRequestId()
        state.experiments.runCountsRequestId = countsId
        return effects + [.loadRunCounts(requestId: countsId, experimentIds: experiments.map(\.experimentId))]
    }
    guard let wanted = state.openExperimentOnLoad else {
        // The runs pane shows the selected experiment's runs from the first frame on.
        return withCounts(state.focus == .experiments ? showRuns(&state, of: state.experiments.runExperimentIds, preview: true) : [])
    }
    state.openExperimentOnLoad = nil
    let match = state.experiments.visible.firstIndex { state.experiments.all[$0].experimentId == wanted }
        ?? state.experiments.visible.firstIndex { state.experiments.all[$0].name == wanted }
    guard let match else {
        state.status.showError("no experiment \(wanted)", now: state.now)
        state.openRunOnLoad = nil
        return withCounts([])
    }
    state.experiments.cursor.select(match, count: state.experiments.visible.count)
    state.experiments.cursor.reveal(height: listHeight(state))
    return withCounts(openSelected(&state))
}

/// The query behind the runs pane. It never carries the sort: the loaded runs are sorted in
/// memory, so choosing a sort key never asks a server to sort 20,000 runs again.
func runQuery(_ state: DashboardState) -> RunQuery {
    let filter = state.runs.searchFilter.trimmingCharacters(in: .whitespaces)
    return RunQuery(experimentIds: state.runs.experimentIds, filter: filter.isEmpty ? nil : filter)
}

/// How long a preview waits after its first page before asking for the rest: a cursor passing
/// over experiments costs the server one small page each, not every page of every experiment.
let previewPauseMilliseconds = 700

/// How long an opened experiment waits after its first page before asking for the rest: long
/// enough for that page to be drawn first, without the server's and the transfer's work on the
/// next pages competing with it for the CPU (the whole load takes seconds; this is invisible in it).
let openPauseMilliseconds = 50

/// Starts loading the runs pane's query from its first page. A list already on screen (from the
/// cache, or `r`) stays there while the new pages arrive behind it; otherwise the table fills page
/// by page. `preview`: the runs follow the experiments cursor (the rest comes after a pause).
func loadRuns(_ state: inout DashboardState, preview: Bool = false) -> [Effect] {
    var effects = cancelPending(state.runs.load)
    let id = state.makeRequestId()
    state.runs.load = .loading(requestId: id)
    if state.runs.complete {
        state.runs.reloading = []
    } else {
        state.runs.reloading = nil
        state.runs.runs = []
        state.runs.rebuildRows()
    }
    effects.append(.loadRuns(requestId: id, query: runQuery(state), firstPageSize: state.firstPageSize, pageSize: state.pageSize,
                             pauseAfterFirstPage: preview ? previewPauseMilliseconds : openPauseMilliseconds))
    return effects
}

/// Shows the cached list of the current query at once, if there is one, with the cursor on the
/// run it was on; returns whether there was.
func showCachedRuns(_ state: inout DashboardState) -> Bool {
    guard let entry = state.runs.cache.entry(for: state.runs.cacheKey) else { return false }
    state.runs.runs = entry.runs
    state.runs.complete = true
    state.runs.reloading = nil
    if !state.runs.columnsChosen { state.runs.columns = RunColumns.defaults(entry.runs, preferred: state.runs.preferredColumns) }
    state.runs.rebuildRows()
    if let id = entry.selectedRunId, let row = state.runs.rows.firstIndex(where: { state.runs.runs[$0.index].info.runId == id }) {
        state.runs.cursor = ListCursor(selected: row, scroll: entry.scroll)
    }
    state.runs.cursor.reveal(height: listHeight(state))
    return true
}

/// Appends a page of runs (or gathers it behind the table during a reload); the first page picks
/// the default columns.
func runsPageLoaded(_ state: inout DashboardState, _ id: Int, _ page: [Run], done: Bool) -> [Effect] {
    guard state.runs.load.pendingRequestId == id else { return [] }
    if state.runs.reloading != nil {
        state.runs.reloading?.append(contentsOf: page)
        guard done else { return [] }
        state.runs.replaceRuns(state.runs.reloading ?? [])
        state.runs.reloading = nil
    } else {
        state.runs.runs += page
    }
    if done {
        state.runs.load = .loaded
        state.runs.complete = true
        state.live.lastRefresh = state.now
        // Every active run of one experiment is loaded: that is its count (stores that cannot count).
        let query = runQuery(state)
        if query.experimentIds.count == 1, query.filter == nil, query.viewType == .activeOnly, query.maxResults == nil {
            state.experiments.runCounts[query.experimentIds[0]] = state.runs.runs.count
        }
    }
    if !state.runs.columnsChosen { state.runs.columns = RunColumns.defaults(state.runs.runs, preferred: state.runs.preferredColumns) }
    state.runs.rebuildRows()
    if let wanted = state.openRunOnLoad, let row = state.runs.rows.firstIndex(where: { state.runs.runs[$0.index].info.runId == wanted }) {
        state.openRunOnLoad = nil
        state.runs.cursor.select(row, count: state.runs.rows.count)
        state.runs.cursor.reveal(height: listHeight(state))
        return openSelected(&state)
    }
    if done, let wanted = state.openRunOnLoad {
        state.openRunOnLoad = nil
        state.status.showError("no run \(wanted) in this experiment", now: state.now)
    }
    state.runs.cursor.reveal(height: listHeight(state))
    return []
}

/// `r`: reloads the focused pane's data.
func refreshNow(_ state: inout DashboardState) -> [Effect] {
    switch state.focus {
    case .experiments: return loadExperiments(&state)
    case .runs: return state.runs.experimentIds.isEmpty ? [] : loadRuns(&state)
    case .detail: return state.detail.runId.map { loadRunDetail(&state, runId: $0) } ?? []
    case .compare: return reloadComparison(&state)
    case .chart: return loadChartHistory(&state, maxPoints: state.chart.points.count > chartSampleSize ? nil : chartSampleSize)
    case .overlay: return reloadOverlay(&state)
    case .artifacts: return reloadArtifacts(&state)
    case .pager: return reloadPager(&state)
    case .image: return reloadImage(&state)
    case .models: return reloadModels(&state)
    case .downloads: return []
    }
}

/// Asks for the current state of the runs still running.
func refreshActiveRuns(_ state: inout DashboardState) -> [Effect] {
    guard state.runs.refreshRequestId == nil else { return [] }
    let ids = state.runs.runs.filter { $0.info.status.isActive }.map(\.info.runId)
    guard !ids.isEmpty else { return [] }
    let id = state.makeRequestId()
    state.runs.refreshRequestId = id
    state.runs.refreshAsked = ids
    state.live.lastRefresh = state.now
    return [.refreshRuns(requestId: id, experimentIds: state.runs.experimentIds, runIds: ids)]
}

/// Replaces refreshed runs in place (selection and scroll stay on the same run) and drops the
/// ones the answer no longer has (deleted or purged meanwhile). The run detail of a refreshed run
/// gets its new values, sparklines and exact figures, with the cursor on the same metric.
func runsRefreshed(_ state: inout DashboardState, _ id: Int, _ fresh: [Run]) -> [Effect] {
    guard state.runs.refreshRequestId == id else { return [] }
    state.runs.refreshRequestId = nil
    var byId: [String: Run] = [:]
    for run in fresh { byId[run.info.runId] = run }
    let gone = Set(state.runs.refreshAsked).subtracting(byId.keys)
    state.runs.refreshAsked = []
    var runs = state.runs.runs
    for index in runs.indices {
        if let run = byId[runs[index].info.runId] { runs[index] = run }
    }
    if !gone.isEmpty {
        runs.removeAll { gone.contains($0.info.runId) }
        state.status.showMessage(gone.count == 1 ? "a run was deleted meanwhile" : "\(gone.count) runs were deleted meanwhile", now: state.now)
    }
    state.runs.replaceRuns(runs)
    guard let detailId = state.detail.runId, let run = byId[detailId], state.detail.load == .loaded,
          let old = state.detail.run, old != run
    else { return [] }
    // The same metric stays under the cursor, by key; the metrics whose latest point moved lose
    // their exact figures (≈ again) until they are read anew.
    let selected = state.detail.selectedMetric?.key
    forgetMovedSummaries(&state, old: old, new: run)
    state.detail.run = run
    if let selected, let index = run.metrics.firstIndex(where: { $0.key == selected }) {
        state.detail.metricCursor.select(index, count: run.metrics.count)
    } else {
        state.detail.metricCursor.select(state.detail.metricCursor.selected, count: run.metrics.count)
    }
    return loadDetailHistories(&state, run)
}

/// Number of points asked for a chart before the full history is requested.
let chartSampleSize = 1_000
/// Points per sparkline in the detail pane.
let sparklineSampleSize = 100

/// Loads one run for the detail pane.
func loadRunDetail(_ state: inout DashboardState, runId: String) -> [Effect] {
    var effects = cancelPending(state.detail.load) + cancelPending(state.detail.historiesLoad) + cancelPending(state.detail.summariesLoad)
    if state.detail.summariesLoad.isLoading { state.detail.summariesLoad = .idle }
    let id = state.makeRequestId()
    if state.detail.runId != runId {
        state.detail = DetailState()
        state.detail.runId = runId
        // A run opens at its top (status, times, ids); moving the metric cursor follows it again.
        state.detail.scroll = 0
        state.detail.run = state.runs.runs.first { $0.info.runId == runId }
    }
    state.detail.load = .loading(requestId: id)
    effects.append(.loadRun(requestId: id, runId: runId))
    return effects
}

/// Shows the loaded run and asks for its metrics' sampled histories.
func runLoaded(_ state: inout DashboardState, _ id: Int, _ run: Run) -> [Effect] {
    guard state.detail.load.pendingRequestId == id else { return [] }
    if let old = state.detail.run { forgetMovedSummaries(&state, old: old, new: run) }
    state.detail.run = run
    state.detail.load = .loaded
    state.detail.metricCursor.select(state.detail.metricCursor.selected, count: run.metrics.count)
    return loadDetailHistories(&state, run)
}

/// Drops the exact figures of the metrics whose latest point moved (they show ≈ again until read anew).
func forgetMovedSummaries(_ state: inout DashboardState, old: Run, new: Run) {
    let oldLatest = Dictionary(old.metrics.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
    for metric in new.metrics where oldLatest[metric.key] != metric { state.detail.summaries[metric.key] = nil }
}

/// Asks for the sparklines' samples of a run's metrics and the exact figures still unknown.
func loadDetailHistories(_ state: inout DashboardState, _ run: Run) -> [Effect] {
    let keys = run.metrics.map(\.key)
    guard !keys.isEmpty else { return [] }
    var effects = cancelPending(state.detail.historiesLoad)
    let historyId = state.makeRequestId()
    state.detail.historiesLoad = .loading(requestId: historyId)
    effects.append(.loadMetricHistories(requestId: historyId, runId: run.info.runId, keys: keys, maxPoints: sparklineSampleSize))
    // The exact figures still unknown, the metric under the cursor first (those of metrics whose
    // latest point has not moved stay as they are).
    let selected = state.detail.selectedMetric?.key
    let unknown = keys.filter { state.detail.summaries[$0] == nil }
    let ordered = unknown.filter { $0 == selected } + unknown.filter { $0 != selected }
    effects += cancelPending(state.detail.summariesLoad)
    state.detail.summaryProgress = nil
    guard !ordered.isEmpty else {
        state.detail.summariesLoad = .loaded
        return effects
    }
    let summariesId = state.makeRequestId()
    state.detail.summariesLoad = .loading(requestId: summariesId)
    state.detail.summaryProgress = nil
    effects.append(.loadMetricSummaries(requestId: summariesId, runId: run.info.runId, keys: ordered))
    return effects
}

/// Keeps one metric's exact summary; the load is done when every metric of the run has one.
func metricSummaryLoaded(_ state: inout DashboardState, _ id: Int, key: String, _ summary: MetricSummary) {
    guard state.detail.summariesLoad.pendingRequestId == id else { return }
    state.detail.summaries[key] = summary
    state.detail.summaryProgress = nil
    let keys = Set(state.detail.run?.metrics.map(\.key) ?? [])
    if keys.isSubset(of: state.detail.summaries.keys) { state.detail.summariesLoad = .loaded }
}

/// Opens the chart of the selected metric (detail) or of the run's first metric (runs).
func openChart(_ state: inout DashboardState) -> [Effect] {
    let run: Run?
    let key: String?
    switch state.focus {
    case .detail:
        run = state.detail.run
        key = state.detail.selectedMetric?.key
    case .runs:
        run = state.runs.selected
        key = run?.metrics.first?.key
    default:
        return []
    }
    guard let run, let key else {
        state.status.showMessage("no metric to chart", now: state.now)
        return []
    }
    let sameChart = state.chart.runId == run.info.runId && state.chart.key == key
    let from = state.focus
    state.focus = .chart
    state.chart.returnTo = from
    if sameChart, state.chart.load == .loaded { return [] }
    state.chart = ChartState()
    state.chart.returnTo = from
    state.chart.runId = run.info.runId
    state.chart.runName = run.info.runName
    state.chart.key = key
    return loadChartHistory(&state, maxPoints: chartSampleSize)
}

/// Asks for the chart's history: sampled, or complete when `maxPoints` is nil.
func loadChartHistory(_ state: inout DashboardState, maxPoints: Int?) -> [Effect] {
    guard let runId = state.chart.runId, let key = state.chart.key else { return [] }
    var effects = cancelPending(state.chart.load)
    let id = state.makeRequestId()
    state.chart.load = .loading(requestId: id)
    state.chart.complete = maxPoints == nil
    state.chart.loadedPoints = maxPoints == nil ? 0 : nil
    effects.append(.loadChartHistory(requestId: id, runId: runId, key: key, maxPoints: maxPoints))
    return effects
}

/// After a zoom or pan of a sampled history: asks for a denser sample of the steps in view (the
/// one in flight is cancelled); at zoom 1, or with the complete history, drops the window.
func loadChartWindow(_ state: inout DashboardState) -> [Effect] {
    var effects = state.chart.window.map { cancelPending($0.load) } ?? []
    guard !state.chart.complete, state.chart.load == .loaded, let runId = state.chart.runId, let key = state.chart.key,
          let steps = state.chart.visibleSteps
    else {
        state.chart.window = nil
        return effects
    }
    if let window = state.chart.window, window.steps == steps, window.load != .idle, !window.load.isFailed { return [] }
    let id = state.makeRequestId()
    state.chart.window = ChartWindow(steps: steps, load: .loading(requestId: id))
    effects.append(.loadChartWindow(requestId: id, runId: runId, key: key, steps: steps, maxPoints: chartSampleSize))
    return effects
}

/// A cancel effect for a request still in flight.
func cancelPending(_ load: LoadState) -> [Effect] {
    load.pendingRequestId.map { [.cancel(requestId: $0)] } ?? []
}
