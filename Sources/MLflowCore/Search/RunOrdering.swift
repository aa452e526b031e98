/// Run order as an MLflow server with a SQL store returns it.
///
/// For each `OrderBy` in turn: runs that have a value come first, in the asked direction; for
/// metrics, runs whose latest value is NaN come next (tied with each other), and runs without the
/// metric last; for params, tags and `end_time`, runs without a value come last. That placement
/// holds in both directions. Strings compare byte for byte, metric ±infinity as
/// ±`Double.greatestFiniteMagnitude` (so +infinity ties with the largest finite value), times as
/// numbers, `status` by its name, `run_name` by the run's name. Then `start_time` descending
/// (unless an `OrderBy` names it; a missing start time last) and `run_id` ascending.
///
/// MLflow's file store (`SearchUtils.sort`) places NaN and missing values the same way but keeps
/// ±infinity apart from the largest finite values; we follow the SQL store everywhere so that
/// all stores agree.
public enum RunOrdering {
    /// Sorts runs as an MLflow server with a SQL backend does for these order_by entries, then by
    /// MLflow's default tie-breakers (start_time DESC, run_id ASC).
    public static func sort(_ runs: [Run], by orderBy: [OrderBy]) -> [Run] {
        runs.enumerated()
            .sorted { a, b in
                if areInIncreasingOrder(a.element, b.element, by: orderBy) { return true }
                if areInIncreasingOrder(b.element, a.element, by: orderBy) { return false }
                return a.offset < b.offset
            }
            .map(\.element)
    }

    /// The comparison behind `sort`, for callers that merge sorted pages.
    public static func areInIncreasingOrder(_ a: Run, _ b: Run, by orderBy: [OrderBy]) -> Bool {
        for entry in orderBy {
            let order = compare(a, b, entry)
            if order != 0 { return order < 0 }
        }
        if !orderBy.contains(where: { $0.key == .attribute("start_time") }) {
            // SQLite sorts NULL as the smallest value, so a missing start time comes last when descending.
            let order = compareOptional(b.info.startTime, a.info.startTime, nullsLast: false)
            if order != 0 { return order < 0 }
        }
        return SearchText.less(a.info.runId, b.info.runId)
    }

    /// -1, 0 or 1: where `a` goes relative to `b` for one entry.
    private static func compare(_ a: Run, _ b: Run, _ entry: OrderBy) -> Int {
        switch entry.key {
        case .metric(let name):
            let x = metricRank(a, name), y = metricRank(b, name)
            if x.rank != y.rank { return x.rank < y.rank ? -1 : 1 }
            guard x.rank == 0 else { return 0 }
            return directed(x.value < y.value ? -1 : (x.value > y.value ? 1 : 0), entry.ascending)
        case .param(let name):
            return compareStrings(a.params.storedValue(for: name), b.params.storedValue(for: name), entry.ascending)
        case .tag(let name):
            return compareStrings(a.tags.storedValue(for: name), b.tags.storedValue(for: name), entry.ascending)
        case .attribute(let name):
            switch name {
            case "start_time": return compareTimes(a.info.startTime, b.info.startTime, entry.ascending)
            case "end_time": return compareTimes(a.info.endTime, b.info.endTime, entry.ascending)
            case "run_id": return compareStrings(a.info.runId, b.info.runId, entry.ascending)
            case "run_name": return compareStrings(a.info.runName, b.info.runName, entry.ascending)
            case "status": return compareStrings(a.info.status.rawValue, b.info.status.rawValue, entry.ascending)
            case "user_id": return compareStrings(a.info.userId, b.info.userId, entry.ascending)
            case "artifact_uri": return compareStrings(a.info.artifactUri, b.info.artifactUri, entry.ascending)
            case "lifecycle_stage":
                return compareStrings(a.info.lifecycleStage.rawValue, b.info.lifecycleStage.rawValue, entry.ascending)
            default: return 0
            }
        case .dataset:
            return 0
        }
    }

    /// 0 for a value, 1 for NaN, 2 for no such metric (MLflow's `CASE` column).
    private static func metricRank(_ run: Run, _ name: String) -> (rank: Int, value: Double) {
        guard let metric = run.metrics.first(where: { SearchText.equal($0.key, name) }) else { return (2, 0) }
        if metric.value.isNaN { return (1, 0) }
        return (0, SearchText.sqlStored(metric.value))
    }

    private static func directed(_ order: Int, _ ascending: Bool) -> Int { ascending ? order : -order }

    private static func compareStrings(_ a: String?, _ b: String?, _ ascending: Bool) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (x?, y?):
            if SearchText.equal(x, y) { return 0 }
            return directed(SearchText.less(x, y) ? -1 : 1, ascending)
        }
    }

    private static func compareTimes(_ a: Int64?, _ b: Int64?, _ ascending: Bool) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return 1
        case (_, nil): return -1
        case let (x?, y?): return directed(x == y ? 0 : (x < y ? -1 : 1), ascending)
        }
    }

    /// Ascending order with NULL smallest, as SQLite sorts without a `CASE` column.
    private static func compareOptional(_ a: Int64?, _ b: Int64?, nullsLast: Bool) -> Int {
        switch (a, b) {
        case (nil, nil): return 0
        case (nil, _): return nullsLast ? 1 : -1
        case (_, nil): return nullsLast ? -1 : 1
        case let (x?, y?): return x == y ? 0 : (x < y ? -1 : 1)
        }
    }
}
