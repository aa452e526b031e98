import MLflowCore

/// The experiments pane: every experiment of the view, the `/` filter, the marks.
public struct ExperimentsState: Sendable, Hashable {
    public private(set) var all: [Experiment] = []
    public var load: LoadState = .idle
    public var showDeleted = false
    public var filter = ""
    /// Indices into `all` that pass the filter, in order.
    public private(set) var visible: [Int] = []
    public var cursor = ListCursor()
    /// Ids of experiments marked with `space`; their runs are shown together.
    public var marked: Set<String> = []
    /// When the runs pane should start showing the runs of the experiments under the cursor
    /// (milliseconds since the epoch): set when the cursor moves, so that scrolling through the
    /// list asks the store once, after the cursor rests.
    public var previewDueAt: Int64?
    /// Active runs per experiment id, where known (counted by the store, or every run loaded).
    public var runCounts: [String: Int] = [:]
    var runCountsRequestId: Int?

    public init() {}

    /// The experiment under the cursor.
    public var selected: Experiment? {
        guard visible.indices.contains(cursor.selected) else { return nil }
        return all[visible[cursor.selected]]
    }

    /// Replaces the experiments (a reload, or deleted ones shown or hidden), keeping the cursor on
    /// the same experiment by id, not on the same row.
    public mutating func replaceAll(_ experiments: [Experiment]) {
        let keep = selected?.experimentId
        all = experiments
        refilter(keeping: keep)
    }

    /// Recomputes `visible` after `filter` changed, keeping the selected experiment.
    public mutating func refilter() {
        refilter(keeping: selected?.experimentId)
    }

    private mutating func refilter(keeping keep: String?) {
        let needle = filter.lowercased()
        visible = all.indices.filter { index in
            needle.isEmpty || all[index].name.lowercased().contains(needle)
        }
        if let keep, let index = visible.firstIndex(where: { all[$0].experimentId == keep }) {
            cursor.selected = index
        } else {
            cursor.select(cursor.selected, count: visible.count)
        }
    }

    /// The experiments whose runs the runs pane shows: the marked ones, else the selected one.
    public var runExperimentIds: [String] {
        if !marked.isEmpty {
            return all.filter { marked.contains($0.experimentId) }.map(\.experimentId)
        }
        return selected.map { [$0.experimentId] } ?? []
    }
}
