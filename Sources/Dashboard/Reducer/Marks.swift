import MLflowCore
import TerminalCore

/// Above this many runs, `a` asks before marking every run the filter shows.
let markAllConfirmationThreshold = 300

/// `u`: forgets every mark, in every experiment.
func clearMarks(_ state: inout DashboardState) {
    let count = state.marks.count
    state.marks.clear()
    state.status.showMessage(count == 0 ? "no runs were marked" : "unmarked \(Format.count(count)) run\(count == 1 ? "" : "s")", now: state.now)
}

/// `a`: marks every run the runs table shows (the filters applied), asking first above
/// `markAllConfirmationThreshold`.
func markAllShown(_ state: inout DashboardState, confirmed: Bool = false) {
    let count = state.runs.rows.count
    guard count > 0 else {
        state.status.showMessage("no runs to mark", now: state.now)
        return
    }
    if count > markAllConfirmationThreshold, !confirmed {
        state.input = .confirmMarkAll(count: count)
        return
    }
    let before = state.marks.count
    state.marks.add(state.runs.rows.map { state.mark(for: state.runs.runs[$0.index]) })
    let added = state.marks.count - before
    state.status.showMessage("marked \(Format.count(added)) more run\(added == 1 ? "" : "s") (\(Format.count(state.marks.count)) marked)", now: state.now)
}

/// `y` or `n` to the question of `a`.
func answerMarkAll(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    switch key {
    case .char("y"), .char("Y"):
        state.input = .none
        markAllShown(&state, confirmed: true)
    case .char("n"), .char("N"), .escape, .char("q"):
        state.input = .none
        state.status.showMessage("nothing marked", now: state.now)
    case .ctrl("c"):
        state.input = .none
        return reduce(&state, .quit)
    default:
        break
    }
    return []
}

/// The runs `=` and `:compare` compare: the marked ones, in marking order; with none marked, the
/// selected run and the runs nested under it (a sweep's parent and its children), when it has any.
func runsToCompare(_ state: DashboardState) -> [RunMarks.Mark]? {
    if !state.marks.isEmpty { return state.marks.all }
    guard let parent = state.runs.selected else { return nil }
    var childrenOf: [String: [Run]] = [:]
    for run in state.runs.runs {
        if let parentId = run.parentRunId, parentId != run.info.runId { childrenOf[parentId, default: []].append(run) }
    }
    var compared = [parent]
    var seen: Set<String> = [parent.info.runId]
    var index = 0
    while index < compared.count {
        for child in childrenOf[compared[index].info.runId] ?? [] where seen.insert(child.info.runId).inserted {
            compared.append(child)
        }
        index += 1
    }
    guard compared.count > 1 else { return nil }
    return compared.map { state.mark(for: $0) }
}

/// `=` or `:compare`: opens the comparison of the marked runs (or of the selected sweep), or says
/// what to do.
func compareMarkedRuns(_ state: inout DashboardState) -> [Effect] {
    guard let marks = runsToCompare(state) else {
        state.status.showMessage("mark runs with space (a marks all shown), or select a run with nested runs, to compare", now: state.now)
        return []
    }
    return openComparison(&state, of: marks)
}
