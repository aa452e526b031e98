import MLflowCore
import TerminalCore

/// Applies one action to the state and returns the store work it asks for. Pure: no I/O, no clock.
public func reduce(_ state: inout DashboardState, _ action: Action) -> [Effect] {
    let effects = reduceAction(&state, action)
    schedulePreview(&state)
    return effects + followKittyImage(&state)
}

func reduceAction(_ state: inout DashboardState, _ action: Action) -> [Effect] {
    switch action {
    case .key(let key): return handleKey(&state, key)
    case .mouse(let event): return handleMouse(&state, event)
    case .resize(let size):
        state.size = size
        revealSelections(&state)
        return state.focus == .overlay ? revealOverlayCursor(&state) : []
    case .tick(let now): return tick(&state, now: now) + tickArtifacts(&state)
    case .start:
        return loadExperiments(&state)
    case .quit:
        state.quitting = true
        return [.quit]
    case .suspend: state.suspendRequested = true
    case .resumed: state.suspendRequested = false
    case .moveUp: moveSelection(&state, by: -1)
    case .moveDown: moveSelection(&state, by: 1)
    case .pageUp where state.focus == .detail: scrollDetail(&state, to: (state.detail.scroll ?? 0) - detailPage(state))
    case .pageDown where state.focus == .detail: scrollDetail(&state, to: (state.detail.scroll ?? 0) + detailPage(state))
    case .moveToTop where state.focus == .detail: scrollDetail(&state, to: 0)
    case .moveToBottom where state.focus == .detail: scrollDetail(&state, to: Int.max / 2)
    case .pageUp: moveSelection(&state, by: -max(1, listHeight(state) - 1))
    case .pageDown: moveSelection(&state, by: max(1, listHeight(state) - 1))
    case .moveToTop: moveSelection(&state, by: Int.min / 2)
    case .moveToBottom: moveSelection(&state, by: Int.max / 2)
    case .focusNextPane: cycleFocus(&state, by: 1)
    case .focusPreviousPane: cycleFocus(&state, by: -1)
    case .openSelected: return openSelected(&state)
    case .goBack: goBack(&state)
    case .toggleMark: toggleMark(&state)
    case .clearMarks: clearMarks(&state)
    case .markAllShown where state.focus == .runs: markAllShown(&state)
    case .markAllShown: break
    case .compareMarkedRuns: return compareMarkedRuns(&state)
    case .compare(let action): return reduceCompare(&state, action)
    case .toggleCollapse: toggleCollapse(&state)
    case .toggleDeletedExperiments:
        state.experiments.showDeleted.toggle()
        return loadExperiments(&state)
    case .beginExperimentFilter: state.input = .experimentFilter
    case .beginRunTextFilter: state.input = .runTextFilter
    case .beginRunSearchFilter:
        state.input = .runSearchFilter
        state.runs.searchDraft = state.runs.searchFilter
        checkSearchDraft(&state)
    case .beginCommand:
        state.input = .command
        state.commandDraft = ""
    case .toggleHelp: state.showHelp.toggle()
    case .cycleSort: return cycleSort(&state)
    case .reverseSort: return reverseSort(&state)
    case .refreshNow: return refreshNow(&state)
    case .toggleAutoRefresh:
        state.live.auto.toggle()
        state.status.showMessage(state.live.auto ? "live refresh on" : "live refresh off", now: state.now)
    case .copySelectedRunId:
        guard let id = selectedRunId(state) else { return [] }
        state.status.showMessage("copied run id \(id)", now: state.now)
        return [.copyToClipboard(id)]
    case .openChart: return openChart(&state)
    case .openColumnPicker: openColumnPicker(&state)
    case .cycleChartXAxis:
        state.chart.xAxis = state.chart.xAxis.next
        return loadChartWindow(&state)
    case .toggleChartLogScale: state.chart.logY.toggle()
    case .cycleChartSmoothing:
        state.chart.smoothing = state.chart.smoothing == 0 ? 0.6 : state.chart.smoothing < 0.9 ? 0.9 : 0
    case .zoomChartIn:
        zoomChart(&state, by: 0.5)
        return loadChartWindow(&state)
    case .zoomChartOut:
        zoomChart(&state, by: 2)
        return loadChartWindow(&state)
    case .panChartLeft:
        panChart(&state, by: -0.25)
        return loadChartWindow(&state)
    case .panChartRight:
        panChart(&state, by: 0.25)
        return loadChartWindow(&state)
    case .resetChartView:
        state.chart.zoom = 1
        state.chart.pan = 0
        return loadChartWindow(&state)
    case .loadFullHistory: return loadChartHistory(&state, maxPoints: nil)
    case .openOverlay: return openOverlay(&state)
    case .overlay(let action): return overlayAction(&state, action)
    case .openArtifacts: return openArtifactsOfFocusedRun(&state)
    case .artifacts(let action): return reduceArtifacts(&state, action)
    case .pager(let action): return reducePager(&state, action)
    case .image(let action): return reduceImage(&state, action)
    case .openModels: return openModels(&state)
    case .models(let action): return reduceModels(&state, action)
    case .openDownloads: return openDownloads(&state)
    case .downloads(let action): return reduceDownloads(&state, action)
    case .runCommand(let text): return runCommand(&state, text)
    case let .experimentsLoaded(id, experiments): return experimentsLoaded(&state, id, experiments)
    case let .runsPageLoaded(id, runs, done): return runsPageLoaded(&state, id, runs, done: done)
    case let .runsRefreshed(id, runs): return runsRefreshed(&state, id, runs)
    case let .runLoaded(id, run): return runLoaded(&state, id, run)
    case let .metricHistoriesLoaded(id, histories):
        guard state.detail.historiesLoad.pendingRequestId == id else { return [] }
        state.detail.histories = histories
        state.detail.historiesLoad = .loaded
    case let .metricSummaryLoaded(id, key, summary): metricSummaryLoaded(&state, id, key: key, summary)
    case let .metricSummaryProgress(id, key, points):
        guard state.detail.summariesLoad.pendingRequestId == id else { return [] }
        state.detail.summaryProgress = SummaryProgress(key: key, points: points)
    case let .chartHistoryLoaded(id, points):
        guard state.chart.load.pendingRequestId == id else { return [] }
        state.chart.points = points
        state.chart.load = .loaded
        state.chart.loadedPoints = nil
        return loadChartWindow(&state)
    case let .chartHistoryProgress(id, points):
        guard state.chart.load.pendingRequestId == id else { return [] }
        state.chart.loadedPoints = points
    case let .chartWindowLoaded(id, points):
        guard state.chart.window?.load.pendingRequestId == id else { return [] }
        state.chart.window?.points = points
        state.chart.window?.load = .loaded
    case let .runCountsLoaded(id, counts):
        guard state.experiments.runCountsRequestId == id else { return [] }
        state.experiments.runCountsRequestId = nil
        state.experiments.runCounts.merge(counts) { _, new in new }
    case let .requestFailed(id, message): requestFailed(&state, id, message)
    case .storeRetrying(let notice):
        // Shown at once and kept until the retry is due (or the usual time, if longer).
        state.status.showError(notice.sentence, now: state.now)
        let due = state.now + Int64((min(max(notice.delaySeconds, 0), 600) * 1_000).rounded())
        state.status.extendError(until: due + 1_000)
    }
    return []
}

/// Expires messages, turns the spinner and asks for a refresh of running runs when due.
func tick(_ state: inout DashboardState, now: Int64) -> [Effect] {
    state.now = now
    state.status.expire(now: now)
    if state.isLoading { state.spinnerFrame &+= 1 }
    if let due = state.experiments.previewDueAt, now >= due {
        state.experiments.previewDueAt = nil
        return showRuns(&state, of: state.experiments.runExperimentIds, preview: true)
    }
    guard state.live.auto, state.runs.complete, state.runs.hasActiveRuns,
          now - state.live.lastRefresh >= state.live.interval
    else { return [] }
    return refreshActiveRuns(&state)
}

/// Marks a failed request's pane and shows the error, unless the request is stale.
func requestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) {
    var matched = false
    if state.experiments.load.pendingRequestId == id { state.experiments.load = .failed(message); matched = true }
    if state.runs.load.pendingRequestId == id {
        // A failed reload behind the table leaves the list it had on screen.
        state.runs.load = state.runs.reloading != nil ? .loaded : .failed(message)
        state.runs.reloading = nil
        matched = true
    }
    if state.detail.load.pendingRequestId == id { state.detail.load = .failed(message); matched = true }
    if state.detail.historiesLoad.pendingRequestId == id { state.detail.historiesLoad = .failed(message); matched = true }
    if state.detail.summariesLoad.pendingRequestId == id {
        // The figures stay marked as approximate; the error says why.
        state.detail.summariesLoad = .failed(message)
        state.detail.summaryProgress = nil
        state.status.showError("exact min/max: \(message)", now: state.now)
        return
    }
    if state.chart.load.pendingRequestId == id { state.chart.load = .failed(message); matched = true }
    if state.chart.window?.load.pendingRequestId == id { state.chart.window?.load = .failed(message); matched = true }
    if overlayRequestFailed(&state, id, message) { matched = true }
    if artifactsRequestFailed(&state, id, message) { matched = true }
    if pagerRequestFailed(&state, id, message) { matched = true }
    if imageRequestFailed(&state, id, message) { matched = true }
    if modelsRequestFailed(&state, id, message) { matched = true }
    if downloadsRequestFailed(&state, id, message) { matched = true }
    if id == state.runs.refreshRequestId {
        state.runs.refreshRequestId = nil
        state.runs.refreshAsked = []
        matched = true
    }
    if matched { state.status.showError(message, now: state.now) }
}

/// Data rows a list pane shows at the current size.
func listHeight(_ state: DashboardState) -> Int {
    DashboardLayout(size: state.size).listRows
}

/// The id of the run the focused pane is about.
func selectedRunId(_ state: DashboardState) -> String? { state.focusedRunId }
