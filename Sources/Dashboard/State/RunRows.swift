import MLflowCore

extension RunsState {
    /// Recomputes `rows` from `runs`, the text filter, the sort and the collapsed parents,
    /// keeping the cursor on the same run when it is still shown.
    public mutating func rebuildRows() {
        rebuildRows(keeping: selected?.info.runId)
    }

    /// Replaces the loaded runs (a reload completed), keeping the cursor on the same run by id.
    public mutating func replaceRuns(_ fresh: [Run]) {
        let keep = selected?.info.runId
        runs = fresh
        rebuildRows(keeping: keep)
    }

    private mutating func rebuildRows(keeping keep: String?) {
        let needle = textFilter.lowercased()
        var order = Array(runs.indices)
        if !needle.isEmpty {
            order = order.filter { RunsState.matches(runs[$0], needle) }
        }
        if !sort.isEmpty { order = RunOrdering.sortedIndices(order, of: runs, by: sort) }
        rows = RunsState.nest(order, runs: runs, collapsed: collapsed)
        if let keep, let index = rows.firstIndex(where: { runs[$0.index].info.runId == keep }) {
            cursor.selected = index
        } else {
            cursor.select(cursor.selected, count: rows.count)
        }
    }

    /// Whether a run's name, id or user contains `needle` (already lowercased).
    static func matches(_ run: Run, _ needle: String) -> Bool {
        run.info.runName.lowercased().contains(needle) || run.info.runId.lowercased().contains(needle)
            || run.info.userId.lowercased().contains(needle)
    }

    /// Puts nested runs under their parent (when the parent is among `order`), in `order`'s order.
    /// Runs whose parent links form a cycle (or point at themselves) are still shown, as roots.
    static func nest(_ order: [Int], runs: [Run], collapsed: Set<String>) -> [RunRow] {
        // Each run id is hashed once; the rest works on indices.
        var position: [String: Int] = [:]
        position.reserveCapacity(order.count)
        for index in order { position[runs[index].info.runId] = index }
        var parentOf = [Int](repeating: -1, count: runs.count)
        var hasParent = false
        for index in order {
            if let parent = runs[index].parentRunId, let parentIndex = position[parent], parentIndex != index {
                parentOf[index] = parentIndex
                hasParent = true
            }
        }
        if !hasParent { return order.map { RunRow(index: $0, depth: 0) } }
        var children: [Int: [Int]] = [:]
        var roots: [Int] = []
        for index in order {
            if parentOf[index] >= 0 { children[parentOf[index], default: []].append(index) } else { roots.append(index) }
        }
        var rows: [RunRow] = []
        rows.reserveCapacity(order.count)
        var visited = [Bool](repeating: false, count: runs.count)
        /// `hidden`: under a collapsed parent, reached but not shown.
        func visit(_ index: Int, depth: Int, hidden: Bool = false) {
            guard !visited[index] else { return }
            visited[index] = true
            let kids = children[index] ?? []
            let isCollapsed = !kids.isEmpty && collapsed.contains(runs[index].info.runId)
            if !hidden { rows.append(RunRow(index: index, depth: depth, hasChildren: !kids.isEmpty, collapsed: isCollapsed)) }
            for kid in kids { visit(kid, depth: depth + 1, hidden: hidden || isCollapsed) }
        }
        for root in roots { visit(root, depth: 0) }
        // A cycle has no root: its runs are shown at the top level rather than lost.
        for index in order where !visited[index] { visit(index, depth: 0) }
        return rows
    }
}

/// Picks the metric and param columns of the runs table.
public enum RunColumns {
    /// The names that more than one kind of column among `columns` uses (a metric and a param
    /// both called `lr`): their headers must say which is which.
    public static func ambiguousKeys(_ columns: [RunColumn]) -> Set<String> {
        var kinds: [String: Set<String>] = [:]
        for column in columns { kinds[column.key, default: []].insert(String(column.qualifiedName.prefix { $0 != "." })) }
        return Set(kinds.filter { $0.value.count > 1 }.keys)
    }

    /// The `preferred` columns that some of the first runs have, or the most varying ones when none.
    public static func defaults(_ runs: [Run], preferred: [RunColumn], sample: Int = 500) -> [RunColumn] {
        guard !preferred.isEmpty else { return ranked(runs, sample: sample) }
        let available = Set(available(runs, sample: sample))
        let present = preferred.filter(available.contains)
        return present.isEmpty ? ranked(runs, sample: sample) : present
    }

    /// Every metric, then every param, then every tag (MLflow's own `mlflow.*` tags last) some of
    /// the first `sample` runs have, each sorted by key.
    public static func available(_ runs: [Run], sample: Int = 500) -> [RunColumn] {
        var metrics = Set<String>(), params = Set<String>(), tags = Set<String>()
        for run in runs.prefix(sample) {
            for metric in run.metrics { metrics.insert(metric.key) }
            for param in run.params { params.insert(param.key) }
            for tag in run.tags { tags.insert(tag.key) }
        }
        let userTags = tags.filter { !$0.hasPrefix("mlflow.") }.sorted()
        let systemTags = tags.filter { $0.hasPrefix("mlflow.") }.sorted()
        return metrics.sorted().map(RunColumn.metric) + params.sorted().map(RunColumn.param) + (userTags + systemTags).map(RunColumn.tag)
    }

    /// The default columns, best first: the metrics (3) and params (2) that vary most, then the other
    /// metrics and params that vary, up to 16 in all. The table shows as many as its width allows.
    public static func ranked(_ runs: [Run], sample: Int = 500) -> [RunColumn] {
        let first = mostVarying(runs, sample: sample)
        let more = mostVarying(runs, metrics: 16, params: 16, sample: sample, minimumDistinct: 2).filter { !first.contains($0) }
        let metrics = more.filter { if case .metric = $0 { true } else { false } }
        let params = more.filter { if case .param = $0 { true } else { false } }
        return Array((first + metrics + params).prefix(16))
    }

    /// The metrics (up to 3) and params (up to 2) whose values vary most over a sample of runs
    /// (those with at least `minimumDistinct` values).
    public static func mostVarying(
        _ runs: [Run], metrics: Int = 3, params: Int = 2, sample: Int = 500, minimumDistinct: Int = 1
    ) -> [RunColumn] {
        let sampled = runs.prefix(sample)
        var metricValues: [String: Set<Double>] = [:]
        var paramValues: [String: Set<String>] = [:]
        for run in sampled {
            for metric in run.metrics { metricValues[metric.key, default: []].insert(metric.value.isNaN ? .infinity : metric.value) }
            for param in run.params { paramValues[param.key, default: []].insert(param.value) }
        }
        func top<V>(_ values: [String: Set<V>], _ count: Int) -> [String] {
            values.filter { $0.value.count >= minimumDistinct }
                .sorted { a, b in a.value.count != b.value.count ? a.value.count > b.value.count : a.key < b.key }
                .prefix(count).map(\.key)
        }
        return top(metricValues, metrics).map(RunColumn.metric) + top(paramValues, params).map(RunColumn.param)
    }
}
