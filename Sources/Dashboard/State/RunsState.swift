import MLflowCore

/// One line of the runs table: a run and how deep it is nested.
public struct RunRow: Sendable, Hashable {
    /// Index into `RunsState.runs`.
    public var index: Int
    public var depth: Int
    public var hasChildren: Bool
    public var collapsed: Bool

    public init(index: Int, depth: Int, hasChildren: Bool = false, collapsed: Bool = false) {
        self.index = index
        self.depth = depth
        self.hasChildren = hasChildren
        self.collapsed = collapsed
    }
}

/// A column of the runs table beyond the fixed ones.
public enum RunColumn: Sendable, Hashable {
    case metric(String)
    case param(String)
    case tag(String)

    /// The column's name in MLflow's grammar (`metrics.loss`, `params.lr`, `tags.team`).
    public var qualifiedName: String {
        switch self {
        case .metric(let key): "metrics.\(key)"
        case .param(let key): "params.\(key)"
        case .tag(let key): "tags.\(key)"
        }
    }

    /// The column of a metric, param or tag sort key; nil for attributes and datasets.
    public init?(_ key: SearchKey) {
        switch key {
        case .metric(let name): self = .metric(name)
        case .param(let name): self = .param(name)
        case .tag(let name): self = .tag(name)
        case .attribute, .dataset: return nil
        }
    }

    /// The metric, param or tag name alone.
    public var key: String {
        switch self {
        case .metric(let key), .param(let key), .tag(let key): key
        }
    }

    public var searchKey: SearchKey {
        switch self {
        case .metric(let key): .metric(key)
        case .param(let key): .param(key)
        case .tag(let key): .tag(key)
        }
    }

    /// The run's value in this column as text (a metric formatted), nil when the run has none.
    public func text(of run: Run, format: (Double) -> String) -> String? {
        switch self {
        case .metric(let key): run.metric(key).map { format($0.value) }
        case .param(let key): run.param(key)
        case .tag(let key): run.tag(key)
        }
    }
}

/// The runs pane: loaded runs, background paging, filters, sort, marks and nesting.
public struct RunsState: Sendable, Hashable {
    /// Runs in load order (the store's order for the current query).
    public var runs: [Run] = []
    public var load: LoadState = .idle
    /// The live refresh in flight, if any.
    public var refreshRequestId: Int?
    /// The runs that refresh asked about: one missing from its answer was deleted meanwhile.
    public var refreshAsked: [String] = []
    /// Whether every page of the current query has arrived.
    public var complete = false
    /// Pages of a reload running behind the table: a list shown from the cache, or refreshed with
    /// `r`, stays on screen until the new one is complete, then replaces it (cursor kept by id).
    public var reloading: [Run]?
    /// Complete lists of earlier queries, shown at once when the user comes back to them.
    public var cache = RunsCache()
    public var experimentIds: [String] = []
    /// Substring over name, id and user (`f`).
    public var textFilter = ""
    /// The MLflow filter applied to the query.
    public var searchFilter = ""
    /// The MLflow filter being typed, and its syntax error if it does not parse.
    public var searchDraft = ""
    public var searchError: SearchSyntaxError?
    /// Sort entries; empty means the store's order.
    public var sort: [OrderBy] = []
    /// Parents whose children are hidden, by id.
    public var collapsed: Set<String> = []
    /// Metric and param columns shown after the fixed ones.
    public var columns: [RunColumn] = []
    /// Whether the user picked the columns (then loads do not replace them).
    public var columnsChosen = false
    /// Columns from the config file, shown (those the runs have) instead of the most varying ones.
    public var preferredColumns: [RunColumn] = []
    /// What the table shows, in order.
    public internal(set) var rows: [RunRow] = []
    public var cursor = ListCursor()

    public init() {}

    /// The run under the cursor.
    public var selected: Run? {
        guard rows.indices.contains(cursor.selected) else { return nil }
        let index = rows[cursor.selected].index
        return runs.indices.contains(index) ? runs[index] : nil
    }

    /// The cache's key for the current query.
    public var cacheKey: RunsCache.Key { RunsCache.Key(experimentIds: experimentIds, filter: searchFilter) }

    /// Keeps the current list in the cache (when complete), with the cursor's run.
    public mutating func remember() {
        guard complete, !experimentIds.isEmpty else { return }
        cache.store(RunsCache.Entry(runs: runs, selectedRunId: selected?.info.runId, scroll: cursor.scroll), for: cacheKey)
    }

    /// Whether any loaded run may still change.
    public var hasActiveRuns: Bool { runs.contains { $0.info.status.isActive } }
}
