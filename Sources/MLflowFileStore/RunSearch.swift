import MLflowCore

extension FileStore {
    /// One page of a run search: the first page reads the tree, later pages come from the
    /// snapshot the first one stored (while it is kept), so rows never shift between pages.
    func searchRunsNow(_ query: RunQuery, pageSize: Int, pageToken: String?) throws -> Page<Run> {
        guard pageSize >= 1 else { throw MLflowError.invalidArgument("pageSize must be at least 1, got \(pageSize)") }
        if let maxResults = query.maxResults, maxResults < 0 {
            throw MLflowError.invalidArgument("maxResults must not be negative, got \(maxResults)")
        }
        let token = try OffsetPageToken.decode(pageToken)
        let selection = try RunSelection(filter: query.filter, orderBy: query.orderBy)
        if let id = token.snapshot, let runs = state.withLock({ $0.snapshot(id, query: query) }) {
            return OffsetPageToken.page(runs, offset: token.offset, size: pageSize, snapshot: id)
        }
        var runs = selection.apply(to: readRuns(experimentIds: query.experimentIds, view: query.viewType))
        if let maxResults = query.maxResults, runs.count > maxResults { runs.removeSubrange(maxResults...) }
        let page = OffsetPageToken.page(runs, offset: token.offset, size: pageSize)
        guard page.nextPageToken != nil else { return page }
        let id = state.withLock { $0.storeSnapshot(runs, query: query) }
        return OffsetPageToken.page(runs, offset: token.offset, size: pageSize, snapshot: id)
    }
}

/// A run filter and order, parsed once and applied in memory with MLflow's semantics.
struct RunSelection {
    var filter: SearchFilter
    var orderBy: [OrderBy]

    /// Parses both; a syntax error is thrown as `SearchSyntaxError`.
    init(filter: String?, orderBy: [String]) throws {
        self.filter = try SearchFilter.parse(filter ?? "")
        self.orderBy = try OrderBy.parseList(orderBy)
    }

    /// The matching runs in order.
    func apply(to runs: [Run]) -> [Run] {
        RunOrdering.sort(runs.filter(filter.matches), by: orderBy)
    }
}
