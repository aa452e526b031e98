import MLflowCore
import TerminalCore

/// Moves the focused pane's cursor by `delta` lines, clamped.
func moveSelection(_ state: inout DashboardState, by delta: Int) {
    let height = listHeight(state)
    switch state.focus {
    case .experiments:
        state.experiments.cursor.move(by: delta, count: state.experiments.visible.count)
        state.experiments.cursor.reveal(height: height)
    case .runs:
        state.runs.cursor.move(by: delta, count: state.runs.rows.count)
        state.runs.cursor.reveal(height: height)
    case .detail:
        state.detail.metricCursor.move(by: delta, count: state.detail.run?.metrics.count ?? 0)
        state.detail.scroll = nil
    case .chart, .compare, .overlay, .artifacts, .pager, .image, .models, .downloads:
        break
    }
}

/// Keeps every cursor inside its window after a resize.
func revealSelections(_ state: inout DashboardState) {
    if state.focus == .compare { revealCompareCursors(&state) }
    let height = listHeight(state)
    state.experiments.cursor.reveal(height: height)
    state.runs.cursor.reveal(height: height)
}

/// Focuses the next (or previous) pane that has something to show.
func cycleFocus(_ state: inout DashboardState, by step: Int) {
    let order = Pane.allCases.filter { pane in
        switch pane {
        case .experiments, .runs: true
        case .detail: state.detail.runId != nil
        case .chart: state.chart.key != nil
        case .compare: !state.compare.compared.isEmpty
        case .overlay, .artifacts, .pager, .image, .models, .downloads: false
        }
    }
    guard let index = order.firstIndex(of: state.focus) else {
        state.focus = .experiments
        return
    }
    state.focus = order[(index + step + order.count) % order.count]
}

/// `Enter`: experiments open their runs, runs open their detail, a metric opens its chart.
func openSelected(_ state: inout DashboardState) -> [Effect] {
    switch state.focus {
    case .experiments:
        let ids = state.experiments.runExperimentIds
        guard !ids.isEmpty else { return [] }
        state.focus = .runs
        state.experiments.previewDueAt = nil
        return showRuns(&state, of: ids)
    case .runs:
        guard let run = state.runs.selected else { return [] }
        state.focus = .detail
        return loadRunDetail(&state, runId: run.info.runId)
    case .detail:
        return openChart(&state)
    case .chart, .compare, .overlay, .artifacts, .pager, .image, .models, .downloads:
        return []
    }
}

/// Points the runs pane at the runs of `ids`, loading them unless it shows them already.
/// `preview`: the experiments keep the focus (see `loadRuns`).
func showRuns(_ state: inout DashboardState, of ids: [String], preview: Bool = false) -> [Effect] {
    guard !ids.isEmpty else { return [] }
    if ids == state.runs.experimentIds, state.runs.load != .idle { return [] }
    state.runs.remember()
    state.runs.experimentIds = ids
    state.runs.collapsed = []
    state.runs.cursor = ListCursor()
    state.runs.columnsChosen = false
    state.runs.complete = false
    _ = showCachedRuns(&state)
    return loadRuns(&state, preview: preview)
}

/// How long the experiments cursor rests before the runs pane follows it.
let previewDelay: Int64 = 150

/// While the experiments are focused, the runs pane previews the runs of the experiments under the
/// cursor (or the marked ones): after the cursor rests for `previewDelay`, or at once for the first
/// experiments loaded.
func schedulePreview(_ state: inout DashboardState) {
    guard state.focus == .experiments, state.experiments.load == .loaded, state.openExperimentOnLoad == nil else {
        state.experiments.previewDueAt = nil
        return
    }
    let ids = state.experiments.runExperimentIds
    if ids.isEmpty || (ids == state.runs.experimentIds && state.runs.load != .idle) {
        state.experiments.previewDueAt = nil
    } else if state.experiments.previewDueAt == nil {
        state.experiments.previewDueAt = state.runs.experimentIds.isEmpty ? state.now : state.now + previewDelay
    }
}

/// `Esc`: back to the pane this one was opened from.
func goBack(_ state: inout DashboardState) {
    switch state.focus {
    case .experiments: break
    case .runs: state.focus = .experiments
    case .detail: state.focus = .runs
    case .chart:
        // Back where the chart was opened; the detail only when it shows the charted run.
        state.focus = state.chart.returnTo == .detail && state.detail.runId == state.chart.runId ? .detail : .runs
    case .compare:
        _ = reduceCompare(&state, .close)
    case .overlay: state.focus = state.overlay.returnTo
    case .artifacts: state.focus = state.artifacts.returnTo
    case .pager: state.focus = state.pager.returnTo
    case .image: state.focus = state.image.returnTo
    case .models: state.focus = state.models.returnTo
    case .downloads: state.focus = state.downloads.returnTo
    }
}

/// `space`: marks or unmarks the selected experiment or run.
func toggleMark(_ state: inout DashboardState) {
    switch state.focus {
    case .experiments:
        guard let id = state.experiments.selected?.experimentId else { return }
        if state.experiments.marked.remove(id) == nil { state.experiments.marked.insert(id) }
        state.experiments.cursor.move(by: 1, count: state.experiments.visible.count)
        state.experiments.cursor.reveal(height: listHeight(state))
    case .runs:
        guard let run = state.runs.selected else { return }
        state.marks.toggle(state.mark(for: run))
        state.runs.cursor.move(by: 1, count: state.runs.rows.count)
        state.runs.cursor.reveal(height: listHeight(state))
    default: break
    }
}

/// `z`: hides or shows the nested runs under the selected run.
func toggleCollapse(_ state: inout DashboardState) {
    guard state.focus == .runs, let row = state.runs.rows[safe: state.runs.cursor.selected], row.hasChildren else { return }
    let id = state.runs.runs[row.index].info.runId
    if state.runs.collapsed.remove(id) == nil { state.runs.collapsed.insert(id) }
    state.runs.rebuildRows()
}

/// Clicks select (in the focused list), the wheel scrolls.
func handleMouse(_ state: inout DashboardState, _ event: MouseEvent) -> [Effect] {
    if state.focus == .artifacts { return handleArtifactsMouse(&state, event) }
    if state.focus == .compare {
        switch event {
        case .scrollUp: moveCompareRows(&state, by: -3)
        case .scrollDown: moveCompareRows(&state, by: 3)
        case .click: break
        }
        return []
    }
    switch event {
    case .scrollUp: moveSelection(&state, by: -3)
    case .scrollDown: moveSelection(&state, by: 3)
    case .click(let x, let y):
        let layout = DashboardLayout(size: state.size)
        if let side = layout.side, side.contains(x: x, y: y) {
            state.focus = .experiments
        } else if layout.main.contains(x: x, y: y), state.focus == .experiments, layout.side != nil {
            state.focus = .runs
        }
        // Data rows start below the pane's border and header.
        let row = y - layout.main.y - 2
        guard row >= 0, row < layout.listRows else { return [] }
        switch state.focus {
        case .experiments:
            state.experiments.cursor.select(state.experiments.cursor.scroll + row, count: state.experiments.visible.count)
        case .runs:
            state.runs.cursor.select(state.runs.cursor.scroll + row, count: state.runs.rows.count)
        default: break
        }
    }
    return []
}

func zoomChart(_ state: inout DashboardState, by factor: Double) {
    zoomView(zoom: &state.chart.zoom, pan: &state.chart.pan, by: factor)
}

func panChart(_ state: inout DashboardState, by fraction: Double) {
    panView(zoom: state.chart.zoom, pan: &state.chart.pan, by: fraction)
}

/// Zooms a chart's view (the visible fraction of its x range, and where it starts) by `factor`
/// around its centre, from the whole range down to 1/1024 of it.
func zoomView(zoom: inout Double, pan: inout Double, by factor: Double) {
    let centre = pan + zoom / 2
    zoom = min(1, max(1.0 / 1024, zoom * factor))
    pan = min(max(0, centre - zoom / 2), 1 - zoom)
}

/// Moves a chart's view by `fraction` of its width, within the whole range.
func panView(zoom: Double, pan: inout Double, by fraction: Double) {
    pan = min(max(0, pan + fraction * zoom), 1 - zoom)
}

/// The x range a view shows of `full`: all of it at zoom 1.
func viewBounds(_ full: ClosedRange<Double>?, zoom: Double, pan: Double) -> ClosedRange<Double>? {
    guard let full, zoom < 1 else { return nil }
    let span = full.upperBound - full.lowerBound
    guard span > 0 else { return nil }
    let low = full.lowerBound + span * pan
    return low...(low + span * zoom)
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}

/// Lines a page of the detail pane moves.
func detailPage(_ state: DashboardState) -> Int {
    max(1, DashboardLayout(size: state.size).main.height - 3)
}

/// Scrolls the detail text to a line (the pane clamps it to the text when drawing).
func scrollDetail(_ state: inout DashboardState, to line: Int) {
    state.detail.scroll = max(0, line)
}
