import Foundation
import MLflowCore
import TerminalCore

/// Opens the comparison of `marks` (in that order): the loaded runs at once, all of them fresh
/// from the store behind it.
func openComparison(_ state: inout DashboardState, of marks: [RunMarks.Mark]) -> [Effect] {
    var effects = cancelPending(state.compare.load) + cancelPending(state.compare.figuresLoad)
    let returnTo = state.focus == .compare ? state.compare.returnTo : state.focus
    var compare = CompareState()
    // The view's settings stay for the next comparison; what depends on the runs does not.
    compare.options = ComparisonOptions(allRows: state.compare.options.allRows, systemTags: state.compare.options.systemTags,
                                        metricValue: state.compare.options.metricValue)
    compare.transposed = state.compare.transposed
    compare.compared = marks
    compare.selectedRunId = marks.first?.runId
    compare.returnTo = returnTo
    let wanted = Set(marks.map(\.runId))
    for run in state.runs.runs where wanted.contains(run.info.runId) { compare.runs[run.info.runId] = run }
    compare.rebuild()
    let id = state.makeRequestId()
    compare.load = .loading(requestId: id)
    state.compare = compare
    state.focus = .compare
    effects.append(.loadComparedRuns(requestId: id, runIds: marks.map(\.runId)))
    return effects
}

/// `r`: the compared runs read afresh, the view as it is (options, cursors, figures kept).
func reloadComparison(_ state: inout DashboardState) -> [Effect] {
    guard !state.compare.compared.isEmpty else { return [] }
    var effects = cancelPending(state.compare.load)
    let id = state.makeRequestId()
    state.compare.load = .loading(requestId: id)
    effects.append(.loadComparedRuns(requestId: id, runIds: state.compare.compared.map(\.runId)))
    return effects
}

/// The comparison's part of the reducer.
func reduceCompare(_ state: inout DashboardState, _ action: CompareAction) -> [Effect] {
    switch action {
    case .moveRows(let delta): moveCompareRows(&state, by: delta)
    case .movePages(let pages): moveCompareRows(&state, by: pages * max(1, CompareLayout(state).bodyRows - 1))
    case .moveToFirstRow: moveCompareRows(&state, by: Int.min / 2)
    case .moveToLastRow: moveCompareRows(&state, by: Int.max / 2)
    case .moveColumns(let delta): moveCompareColumns(&state, by: delta)
    case .transpose:
        state.compare.transposed.toggle()
        state.compare.scroll = 0
        state.compare.columnScroll = 0
        state.compare.rebuild()
        revealCompareCursors(&state)
    case .toggleAllRows:
        state.compare.options.allRows.toggle()
        changed(&state, say: state.compare.options.allRows ? "showing every row" : "showing the rows that differ")
    case .toggleSystemTags:
        state.compare.options.systemTags.toggle()
        changed(&state, say: state.compare.options.systemTags ? "showing mlflow.* tags" : "hiding mlflow.* tags")
    case .cycleMetricValue:
        let next: MetricValueMode
        switch state.compare.options.metricValue {
        case .latest: next = .min
        case .min: next = .max
        case .max: next = .best
        case .best, .atStep: next = .latest
        }
        return setMetricValue(&state, next)
    case .beginStep:
        state.compare.prompt = .step
        state.compare.stepDraft = state.compare.options.metricValue.step.map(String.init) ?? ""
    case .flipDirection: flipDirection(&state)
    case .setBaseline:
        guard let id = state.compare.selectedRunId, let column = state.compare.view.comparison?.columns.first(where: { $0.runId == id }) else { return [] }
        state.compare.options.baselineRunId = id
        changed(&state, say: "changes against \(column.header)")
    case .beginRowFilter:
        state.compare.prompt = .rowFilter
    case .copyMarkdown:
        guard let comparison = state.compare.view.comparison else { return [] }
        let text = CompareMarkdown.text(comparison)
        let rows = comparison.sections.reduce(0) { $0 + $1.rows.count }
        state.status.showMessage("copied the comparison as a Markdown table (\(rows) row\(rows == 1 ? "" : "s"), \(comparison.columns.count) runs)", now: state.now)
        return [.copyToClipboard(text)]
    case .close:
        state.compare.prompt = nil
        state.focus = state.compare.returnTo == .compare ? .runs : state.compare.returnTo
    case let .runsLoaded(id, runs, missing):
        guard state.compare.load.pendingRequestId == id else { return [] }
        state.compare.load = .loaded
        state.compare.runs = Dictionary(runs.map { ($0.info.runId, $0) }, uniquingKeysWith: { _, last in last })
        state.compare.missingRunIds = missing
        if !missing.isEmpty {
            state.marks.remove(Set(missing))
            state.status.showError("\(missing.count) marked run\(missing.count == 1 ? " is" : "s are") gone from the store: \(missing.joined(separator: ", "))", now: state.now)
        }
        state.compare.rebuild()
        revealCompareCursors(&state)
        return loadComparisonFigures(&state)
    case let .figuresLoaded(id, figures):
        guard state.compare.figuresLoad.pendingRequestId == id else { return [] }
        state.compare.figuresLoad = .loaded
        state.compare.figuresProgress = nil
        state.compare.figures.merge(figures)
        state.compare.rebuild()
    case let .figuresProgress(id, done):
        guard state.compare.figuresLoad.pendingRequestId == id else { return [] }
        state.compare.figuresProgress?.done = done
    }
    return []
}

/// After an option changed: the comparison anew, the cursors kept on their row and run.
private func changed(_ state: inout DashboardState, say message: String) {
    state.compare.rebuild()
    revealCompareCursors(&state)
    state.status.showMessage(message, now: state.now)
}

/// Shows each metric's `mode` value, reading what it needs from the store.
func setMetricValue(_ state: inout DashboardState, _ mode: MetricValueMode) -> [Effect] {
    state.compare.options.metricValue = mode
    changed(&state, say: "metrics: " + (mode.step.map { "value at step \($0) (or the nearest step before it)" } ?? mode.name))
    return loadComparisonFigures(&state)
}

/// Asks for the summaries or histories the metric value needs and does not have yet. Histories
/// are read whole, so that any step asked for next is answered from them.
func loadComparisonFigures(_ state: inout DashboardState) -> [Effect] {
    var effects = cancelPending(state.compare.figuresLoad)
    state.compare.figuresLoad = .idle
    state.compare.figuresProgress = nil
    guard let reading = MetricFigures.reading(for: state.compare.options.metricValue) else { return effects }
    let fullReading: MetricFigures.Reading = reading == .summaries ? .summaries : .histories(upTo: nil)
    let wanted = MetricFigures.wanted(for: state.compare.comparedRuns.map(\.run), options: state.compare.options)
        .filter { !state.compare.figures.holds($0, for: fullReading) }
    guard !wanted.isEmpty else { return effects }
    let id = state.makeRequestId()
    state.compare.figuresLoad = .loading(requestId: id)
    state.compare.figuresProgress = CompareState.FiguresProgress(done: 0, total: wanted.count)
    effects.append(.loadComparisonFigures(requestId: id, items: wanted, reading: fullReading))
    return effects
}

/// `x`: the other direction counts as better for the metric under the cursor.
func flipDirection(_ state: inout DashboardState) {
    guard let selected = state.compare.selectedRow, selected.section == .metrics else {
        state.status.showMessage("x flips which direction is better for a metric row: move to one", now: state.now)
        return
    }
    if state.compare.options.flippedMetrics.remove(selected.key) == nil { state.compare.options.flippedMetrics.insert(selected.key) }
    let goal = state.compare.options.goal(forMetric: selected.key)
    changed(&state, say: "\(selected.key): \(goal == .lowerIsBetter ? "lower" : "higher") is better")
}

/// Moves the row cursor: over keys, or over runs when transposed.
func moveCompareRows(_ state: inout DashboardState, by delta: Int) {
    if state.compare.transposed { moveCompareRun(&state, by: delta) } else { moveCompareKey(&state, by: delta) }
    revealCompareCursors(&state)
}

/// Moves the column cursor: over runs, or over keys when transposed.
func moveCompareColumns(_ state: inout DashboardState, by delta: Int) {
    if state.compare.transposed { moveCompareKey(&state, by: delta) } else { moveCompareRun(&state, by: delta) }
    revealCompareCursors(&state)
}

private func moveCompareKey(_ state: inout DashboardState, by delta: Int) {
    let view = state.compare.view
    guard !view.rowLines.isEmpty else { return }
    let current = state.compare.selectedRow.flatMap { view.rowIndex[$0] } ?? 0
    let next = min(max(0, current.addingReportingOverflow(delta).partialValue), view.rowLines.count - 1)
    state.compare.selectedRow = view.rowID(at: delta < 0 && current.addingReportingOverflow(delta).overflow ? 0 : next)
}

private func moveCompareRun(_ state: inout DashboardState, by delta: Int) {
    guard let columns = state.compare.view.comparison?.columns, !columns.isEmpty else { return }
    let current = columns.firstIndex { $0.runId == state.compare.selectedRunId } ?? 0
    let sum = current.addingReportingOverflow(delta)
    let next = sum.overflow ? (delta < 0 ? 0 : columns.count - 1) : min(max(0, sum.partialValue), columns.count - 1)
    state.compare.selectedRunId = columns[next].runId
}

/// Scrolls so that the cursor's row and column are on screen.
func revealCompareCursors(_ state: inout DashboardState) {
    let layout = CompareLayout(state)
    let view = state.compare.view
    let runIndex = view.comparison?.columns.firstIndex { $0.runId == state.compare.selectedRunId } ?? 0
    let keyIndex = state.compare.selectedRow.flatMap { view.rowIndex[$0] } ?? 0
    // Rows: lines (normal, the first row's heading kept in view) or runs (transposed).
    let rowTarget = state.compare.transposed ? runIndex : (keyIndex == 0 ? 0 : view.rowLines[safe: keyIndex] ?? 0)
    var cursor = ListCursor(selected: rowTarget, scroll: state.compare.scroll)
    cursor.reveal(height: layout.bodyRows)
    state.compare.scroll = cursor.scroll
    // Columns: runs (normal) or keys (transposed), as many as fit the room beside the fixed column.
    let widths = state.compare.transposed ? view.keyWidths : view.runWidths
    let target = state.compare.transposed ? keyIndex : runIndex
    state.compare.columnScroll = CompareLayout.scroll(toShow: target, widths: widths, from: state.compare.columnScroll, room: layout.columnsRoom)
}

/// A key typed while the comparison's row filter or step prompt is open.
func handleComparePromptKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let prompt = state.compare.prompt else { return [] }
    func edit(_ change: (inout String) -> Void) {
        switch prompt {
        case .rowFilter:
            var text = state.compare.options.rowFilter ?? ""
            change(&text)
            state.compare.options.rowFilter = text.isEmpty ? nil : text
            state.compare.rebuild()
            revealCompareCursors(&state)
        case .step:
            change(&state.compare.stepDraft)
        }
    }
    switch key {
    case .char(let c): edit { $0.append(c) }
    case .backspace: edit { if !$0.isEmpty { $0.removeLast() } }
    case .ctrl("u"): edit { $0 = "" }
    case .escape:
        state.compare.prompt = nil
        if prompt == .rowFilter { edit { $0 = "" } }
    case .enter:
        state.compare.prompt = nil
        guard prompt == .step else { return [] }
        let text = state.compare.stepDraft.trimmingCharacters(in: .whitespaces)
        guard let step = Int64(text) else {
            state.status.showError("step: '\(text)' is not a whole number", now: state.now)
            return []
        }
        return setMetricValue(&state, .atStep(step))
    case .ctrl("c"): return reduce(&state, .quit)
    case .ctrl("z"): return reduce(&state, .suspend)
    default: break
    }
    return []
}
