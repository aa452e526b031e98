import MLflowCore

/// Which runs the overlay shows, chosen in one place so the choice can follow the dashboard's marks.
enum OverlayRuns {
    /// The marked runs, in the runs list's order; with none marked, the selected run and the runs
    /// nested under it (a sweep's parent and its children). Empty when there is no run to show.
    static func chosen(_ runs: RunsState) -> [Run] {
        if !runs.marked.isEmpty {
            return runs.runs.filter { runs.marked.contains($0.info.runId) }
        }
        guard let selected = runs.selected else { return [] }
        let id = selected.info.runId
        return [selected] + runs.runs.filter { $0.parentRunId == id && $0.info.runId != id }
    }
}
