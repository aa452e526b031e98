import MLflowCore
import TerminalCore

/// Points per run asked for each small chart of the grid, and for a chart opened full size.
let overlayGridSamples = 200
let overlayChartSamples = 1_000

/// `p`: opens the overlay of the chosen runs (`OverlayRuns.chosen`) on the grid of their metrics.
func openOverlay(_ state: inout DashboardState) -> [Effect] {
    guard state.focus == .runs || state.focus == .detail || state.focus == .compare else { return [] }
    let (runs, notLoaded) = OverlayRuns.chosen(state)
    guard !runs.isEmpty else {
        state.status.showMessage(notLoaded > 0
            ? "the marked runs are not loaded: open their experiment, or compare them with ="
            : "nothing to plot: mark runs with space, or select a run", now: state.now)
        return []
    }
    let keys = MetricDifference.ranked(runs)
    guard !keys.isEmpty else {
        state.status.showMessage("the chosen runs have no metrics to plot", now: state.now)
        return []
    }
    var effects = cancelOverlayLoads(state.overlay)
    var overlay = OverlayState()
    overlay.options = state.overlay.options
    overlay.runIds = runs.map(\.info.runId)
    let names = Dictionary(state.experiments.all.map { ($0.experimentId, $0.name) }, uniquingKeysWith: { first, _ in first })
    let compared = runs.map { ComparedRun(run: $0, experimentName: names[$0.info.experimentId]) }
    for (id, label) in zip(overlay.runIds, RunLabels.labels(compared)) { overlay.labels[id] = label }
    overlay.keys = keys
    overlay.returnTo = state.focus
    state.overlay = overlay
    state.focus = .overlay
    effects += loadVisibleOverlays(&state)
    if notLoaded > 0 {
        state.status.showMessage("\(notLoaded) marked run\(notLoaded == 1 ? " is" : "s are") not loaded and not plotted: open their experiment first", now: state.now)
    }
    return effects
}

/// Cancels every metric load of an overlay (its zoomed window's too).
func cancelOverlayLoads(_ overlay: OverlayState) -> [Effect] {
    overlay.loads.values.flatMap(cancelPending) + (overlay.window.map { cancelPending($0.load) } ?? [])
}

/// After a zoom or pan of the full chart: asks for a denser sample of the steps in view (as the
/// metric chart does), unless it is there or on its way; at full view the window is dropped.
func loadOverlayWindow(_ state: inout DashboardState) -> [Effect] {
    let overlay = state.overlay
    var effects: [Effect] = []
    guard case .chart(let key) = overlay.mode, overlay.zoom < 1, let base = overlay.overlays[key],
          let bounds = viewBounds(base.xRange(overlay.options), zoom: overlay.zoom, pan: overlay.pan),
          let steps = base.steps(covering: bounds, overlay.options) else {
        if let window = overlay.window {
            effects += cancelPending(window.load)
            state.overlay.window = nil
        }
        return effects
    }
    if let window = overlay.window, window.key == key, window.steps == steps, !window.load.isFailed { return [] }
    if let window = overlay.window { effects += cancelPending(window.load) }
    let id = state.makeRequestId()
    state.overlay.window = OverlayWindow(key: key, steps: steps, overlay: MetricOverlay(key: key, runIds: overlay.runIds, maxPoints: overlayChartSamples),
                                         load: .loading(requestId: id))
    effects.append(.loadOverlayHistories(requestId: id, runIds: overlay.runIds, key: key, maxPoints: overlayChartSamples, steps: steps))
    return effects
}

/// Asks for the metrics in view that have not been asked for: the grid's page, or the full
/// chart's metric with its denser sample.
func loadVisibleOverlays(_ state: inout DashboardState) -> [Effect] {
    var effects: [Effect] = []
    switch state.overlay.mode {
    case .grid:
        for key in visibleGridKeys(state) where state.overlay.overlays[key] == nil {
            effects += loadOverlay(&state, key: key, maxPoints: overlayGridSamples)
        }
    case .chart(let key):
        if (state.overlay.overlays[key]?.maxPoints ?? 0) < overlayChartSamples {
            effects += loadOverlay(&state, key: key, maxPoints: overlayChartSamples)
        }
    }
    return effects
}

/// The metrics on the grid's page.
func visibleGridKeys(_ state: DashboardState) -> ArraySlice<String> {
    let layout = OverlayGridLayout(state)
    let keys = state.overlay.keys
    let first = min(keys.count, state.overlay.scrollRow * layout.columns)
    return keys[first..<min(keys.count, first + layout.columns * layout.rows)]
}

/// Asks for `key`'s sampled histories of every run of the overlay. The sample already there
/// (a coarser one) stays on screen while the new batches replace it run by run.
func loadOverlay(_ state: inout DashboardState, key: String, maxPoints: Int) -> [Effect] {
    var effects = cancelPending(state.overlay.loads[key] ?? .idle)
    let id = state.makeRequestId()
    state.overlay.loads[key] = .loading(requestId: id)
    var overlay = state.overlay.sample(key, maxPoints: maxPoints)
    overlay.maxPoints = maxPoints
    state.overlay.overlays[key] = overlay
    effects.append(.loadOverlayHistories(requestId: id, runIds: overlay.runIds, key: key, maxPoints: maxPoints))
    return effects
}

/// `r` in the overlay: asks for the metrics in view again.
func reloadOverlay(_ state: inout DashboardState) -> [Effect] {
    var effects = cancelOverlayLoads(state.overlay)
    state.overlay.loads = [:]
    state.overlay.overlays = [:]
    state.overlay.window = nil
    effects += loadVisibleOverlays(&state)
    return effects
}

/// The overlay's own actions: its prompt and the store's answers (stale ones dropped by id).
func overlayAction(_ state: inout DashboardState, _ action: OverlayAction) -> [Effect] {
    switch action {
    case .beginMetricPrompt:
        state.overlay.metricDraft = ""
    case .moveLeft:
        if state.overlay.mode == .grid { return moveOverlayCursor(&state, by: -1) }
    case .moveRight:
        if state.overlay.mode == .grid { return moveOverlayCursor(&state, by: 1) }
    case let .batchLoaded(id, key, batch):
        if state.overlay.window?.load.pendingRequestId == id {
            state.overlay.window?.overlay.add(batch)
            state.overlay.mergeWindow()
            return []
        }
        guard state.overlay.loads[key]?.pendingRequestId == id else { return [] }
        state.overlay.overlays[key]?.add(batch)
        if state.overlay.window?.key == key { state.overlay.mergeWindow() }
    case let .loadFinished(id, key):
        if state.overlay.window?.load.pendingRequestId == id {
            state.overlay.window?.load = .loaded
            return []
        }
        guard state.overlay.loads[key]?.pendingRequestId == id else { return [] }
        state.overlay.loads[key] = .loaded
        // A chart zoomed before its sample arrived asks for its window now.
        if state.overlay.mode == .chart(key: key) { return loadOverlayWindow(&state) }
    }
    return []
}

/// Marks the metric whose request failed; true when the request was the overlay's.
func overlayRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    if state.overlay.window?.load.pendingRequestId == id {
        // The chart keeps its coarser sample; the title says the window failed.
        state.overlay.window?.load = .failed(message)
        return true
    }
    guard let key = state.overlay.loads.first(where: { $0.value.pendingRequestId == id })?.key else { return false }
    state.overlay.loads[key] = .failed(message)
    return true
}

/// A key in the overlay: its prompt while open, else the grid's or the full chart's table, then
/// the global one.
func handleOverlayKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    if state.overlay.metricDraft != nil { return handleOverlayPromptKey(&state, key) }
    guard let action = Keymap.action(for: key, in: [state.overlay.keyContext, .global]) else { return [] }
    return overlayKeyAction(&state, action)
}

/// What a bound key does in the overlay; the chart keys act as in the metric chart.
func overlayKeyAction(_ state: inout DashboardState, _ action: Action) -> [Effect] {
    let grid = state.overlay.mode == .grid
    let page = OverlayGridLayout(state)
    switch action {
    case .moveUp where grid: return moveOverlayCursor(&state, by: -page.columns)
    case .moveDown where grid: return moveOverlayCursor(&state, by: page.columns)
    case .pageUp where grid: return moveOverlayCursor(&state, by: -page.columns * page.rows)
    case .pageDown where grid: return moveOverlayCursor(&state, by: page.columns * page.rows)
    case .moveToTop where grid: return moveOverlayCursor(&state, by: Int.min / 2)
    case .moveToBottom where grid: return moveOverlayCursor(&state, by: Int.max / 2)
    case .openSelected where grid:
        guard let key = state.overlay.currentKey else { return [] }
        return openOverlayChart(&state, key: key)
    case .goBack:
        if grid {
            goBack(&state)
            return []
        }
        state.overlay.mode = .grid
        state.overlay.zoom = 1
        return loadOverlayWindow(&state) + revealOverlayCursor(&state)
    case .cycleChartXAxis:
        state.overlay.options.xAxis = state.overlay.options.xAxis.next
        return loadOverlayWindow(&state)
    case .toggleChartLogScale: state.overlay.options.logY.toggle()
    case .cycleChartSmoothing:
        let weight = state.overlay.options.smoothing
        state.overlay.options.smoothing = weight == 0 ? 0.6 : weight < 0.9 ? 0.9 : 0
    case .zoomChartIn where !grid:
        zoomView(zoom: &state.overlay.zoom, pan: &state.overlay.pan, by: 0.5)
        return loadOverlayWindow(&state)
    case .zoomChartOut where !grid:
        zoomView(zoom: &state.overlay.zoom, pan: &state.overlay.pan, by: 2)
        return loadOverlayWindow(&state)
    case .panChartLeft where !grid:
        panView(zoom: state.overlay.zoom, pan: &state.overlay.pan, by: -0.25)
        return loadOverlayWindow(&state)
    case .panChartRight where !grid:
        panView(zoom: state.overlay.zoom, pan: &state.overlay.pan, by: 0.25)
        return loadOverlayWindow(&state)
    case .resetChartView where !grid:
        state.overlay.zoom = 1
        state.overlay.pan = 0
        return loadOverlayWindow(&state)
    case .overlay(let inner): return overlayAction(&state, inner)
    default: return reduce(&state, action)
    }
    return []
}

/// Opens `key` full size, from the whole x range.
func openOverlayChart(_ state: inout DashboardState, key: String) -> [Effect] {
    state.overlay.mode = .chart(key: key)
    state.overlay.cursor = state.overlay.keys.firstIndex(of: key) ?? state.overlay.cursor
    state.overlay.zoom = 1
    state.overlay.pan = 0
    return loadOverlayWindow(&state) + loadVisibleOverlays(&state)
}

/// Moves the grid's cursor, scrolls it into view and asks for the metrics that came into view.
func moveOverlayCursor(_ state: inout DashboardState, by delta: Int) -> [Effect] {
    let count = state.overlay.keys.count
    guard count > 0 else { return [] }
    let target = state.overlay.cursor.addingReportingOverflow(delta)
    state.overlay.cursor = target.overflow ? (delta < 0 ? 0 : count - 1) : min(max(0, target.partialValue), count - 1)
    return revealOverlayCursor(&state)
}

/// Scrolls the grid so the cursor's row shows, then asks for what came into view.
func revealOverlayCursor(_ state: inout DashboardState) -> [Effect] {
    let layout = OverlayGridLayout(state)
    let row = state.overlay.cursor / max(1, layout.columns)
    if row < state.overlay.scrollRow { state.overlay.scrollRow = row }
    if row >= state.overlay.scrollRow + layout.rows { state.overlay.scrollRow = row - layout.rows + 1 }
    state.overlay.scrollRow = max(0, state.overlay.scrollRow)
    return loadVisibleOverlays(&state)
}

/// Typing a metric after `m`: Tab completes over the runs' metrics, Enter opens its chart.
func handleOverlayPromptKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard var draft = state.overlay.metricDraft else { return [] }
    switch key {
    case .char(let c): draft.append(c)
    case .backspace: if !draft.isEmpty { draft.removeLast() }
    case .ctrl("u"): draft = ""
    case .tab:
        let matches = state.overlay.completions(draft)
        if matches.count == 1 {
            draft = matches[0]
        } else if matches.isEmpty {
            state.status.showMessage("no metric matches", now: state.now)
        } else {
            let prefix = commonPrefix(matches.filter { $0.lowercased().hasPrefix(draft.lowercased()) })
            if prefix.count > draft.count { draft = prefix }
            let shown = matches.prefix(8).map { SafeText.sanitize($0) }.joined(separator: "  ")
            state.status.showMessage(matches.count > 8 ? "\(shown)  (+\(matches.count - 8) more)" : shown, now: state.now)
        }
    case .escape:
        state.overlay.metricDraft = nil
        return []
    case .enter:
        let matches = state.overlay.completions(draft)
        guard let chosen = state.overlay.keys.first(where: { $0 == draft }) ?? matches.first else {
            state.status.showError("no metric of these runs matches '\(SafeText.sanitize(draft))'", now: state.now)
            return []
        }
        state.overlay.metricDraft = nil
        return openOverlayChart(&state, key: chosen)
    case .ctrl("c"): return reduce(&state, .quit)
    case .ctrl("z"): return reduce(&state, .suspend)
    default: break
    }
    state.overlay.metricDraft = draft
    return []
}

/// The longest text all of `words` start with (nil-safe for an empty list).
func commonPrefix(_ words: [String]) -> String {
    guard var prefix = words.first else { return "" }
    for word in words.dropFirst() {
        while !word.hasPrefix(prefix) { prefix.removeLast() }
    }
    return prefix
}
