import MLflowCore

/// Which runs the overlay shows, chosen in one place: the dashboard's marks, as the comparison takes them.
enum OverlayRuns {
    /// The marked runs, in marking order (from the runs list, or from the runs of an earlier query
    /// the dashboard keeps, for runs marked in another experiment), and how many marked runs are not
    /// loaded at hand; with none marked, the selected run and the runs nested under it (a sweep's
    /// parent and its children). Empty when there is no run to show.
    static func chosen(_ state: DashboardState) -> (runs: [Run], notLoaded: Int) {
        if state.focus == .compare {
            // From the comparison: its runs, in its column order, as it loaded them.
            let compared = state.compare.comparedRuns.map(\.run)
            return (compared, state.compare.compared.count - compared.count)
        }
        let runs = state.runs
        if !state.marks.isEmpty {
            let shown = Dictionary(runs.runs.map { ($0.info.runId, $0) }, uniquingKeysWith: { first, _ in first })
            var found: [Run] = []
            var notLoaded = 0
            for mark in state.marks.all {
                if let run = shown[mark.runId] ?? runs.cache.run(withId: mark.runId) { found.append(run) } else { notLoaded += 1 }
            }
            return (found, notLoaded)
        }
        guard let selected = runs.selected else { return ([], 0) }
        let id = selected.info.runId
        return ([selected] + runs.runs.filter { $0.parentRunId == id && $0.info.runId != id }, 0)
    }
}
