import GRDB
import MLflowCore

/// Metric history: full pages, and the sampled form behind `get-history-bulk-interval`.
enum MetricReader {
    /// One page of a history in MLflow's order, `get_metric_history`'s query.
    static func history(_ db: Database, runId: String, key: String, limit: Int, offset: Int) throws -> [Metric] {
        let sql = SQL("SELECT key, value, timestamp, step, is_nan, run_uuid FROM metrics WHERE run_uuid = ")
            + SQL.string(runId) + SQL(" AND key = ") + SQL.string(key)
            + SQL(" ORDER BY timestamp, step, value LIMIT ? OFFSET ?", [limit.databaseValue, offset.databaseValue])
        return try db.map(sql) { row in
            RunReader.metric(key: row.string(0), row, value: 1, timestamp: 2, step: 3, isNan: 4)
        }
    }

    /// At most `maxPoints` points of one run's history, the same points as
    /// `SqlAlchemyStore._sample_rows_with_window_functions` picks.
    ///
    /// MLflow orders the points by (step, timestamp, value, is_nan), cuts them into
    /// `NTILE(maxPoints)` buckets, keeps the first point of each bucket, and then makes sure the
    /// last point is there, replacing the last sample when the result is already full.
    /// Running that window query over a million rows takes seconds in SQLite, so the same ranks
    /// are found from an index-only scan of the steps, and only the rows at those ranks are read.
    static func sample(_ db: Database, runId: String, key: String, maxPoints: Int, steps: StepRange?, schema: Schema) throws -> [Metric] {
        var filter = SQL(" WHERE run_uuid = ") + SQL.string(runId) + SQL(" AND key = ") + SQL.string(key)
        if let steps {
            filter.append(" AND step >= ? AND step <= ?", steps.from.databaseValue, steps.to.databaseValue)
        }
        let index = schema.hasStepIndex ? " INDEXED BY index_metrics_run_uuid_key_step" : ""
        let stepSQL = SQL("SELECT step FROM metrics\(index)") + filter + SQL(" ORDER BY step")
        var allSteps: [Int64] = []
        allSteps.reserveCapacity(1 << 16)
        let stepRows = try db.rows(stepSQL)
        // step is NOT NULL in MLflow's schema; SQLite reads a NULL as 0 here.
        while let row = try stepRows.next() { allSteps.append(row.integer(0)) }

        let count = allSteps.count
        guard count > 0 else { return [] }
        let ranks = sampleRanks(count: count, maxPoints: maxPoints)
        let picked = try rows(db, at: ranks + [count - 1], steps: allSteps, filter: filter, index: index)
        var sampled = ranks.compactMap { picked[$0] }
        if let last = picked[count - 1], ranks.last != count - 1 {
            if sampled.count >= maxPoints {
                sampled[sampled.count - 1] = last
            } else {
                sampled.append(last)
            }
        }
        return sampled.map {
            Metric(key: key, value: $0.isNan ? .nan : SQLStoreInfinity.restore($0.value), timestamp: $0.timestamp, step: $0.step)
        }
    }

    /// The rank of the first row of each `NTILE(maxPoints)` bucket over `count` ordered rows.
    static func sampleRanks(count: Int, maxPoints: Int) -> [Int] {
        guard count > maxPoints else { return Array(0..<count) }
        // NTILE: the first `count % maxPoints` buckets hold one row more than the others.
        let small = count / maxPoints
        let bigBuckets = count % maxPoints
        return (0..<maxPoints).map { bucket in
            bucket < bigBuckets ? bucket * (small + 1) : bigBuckets * (small + 1) + (bucket - bigBuckets) * small
        }
    }

    /// One stored point, with the columns MLflow orders samples by.
    struct Point: Sendable {
        var step: Int64
        var timestamp: Int64
        var value: Double
        var isNan: Bool

        /// SQLite's order of (step, timestamp, value, is_nan) for numeric values.
        static func precedes(_ a: Point, _ b: Point) -> Bool {
            if a.step != b.step { return a.step < b.step }
            if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
            if a.value != b.value { return a.value < b.value }
            return !a.isNan && b.isNan
        }
    }

    /// The rows at the given ranks of the (step, timestamp, value, is_nan) order. Ranks fall in
    /// groups of equal steps; only those groups are read and ordered, unless they are so large
    /// that one ordered scan of the whole history is cheaper.
    private static func rows(_ db: Database, at ranks: [Int], steps: [Int64], filter: SQL, index: String) throws -> [Int: Point] {
        var groups: [Int64: (start: Int, size: Int)] = [:]
        var rowsToRead = 0
        for rank in ranks where groups[steps[rank]] == nil {
            let step = steps[rank]
            let start = firstIndex(of: step, in: steps, below: rank)
            let end = firstIndex(above: step, in: steps, from: rank)
            groups[step] = (start, end - start)
            rowsToRead += end - start
        }
        if rowsToRead > max(50_000, steps.count / 4) {
            return try scan(db, at: ranks, filter: filter)
        }
        var byStep: [Int64: [Point]] = [:]
        for chunk in Array(groups.keys).sorted().chunked(500) {
            var sql = SQL("SELECT step, timestamp, value, is_nan FROM metrics\(index)") + filter
            sql.text += " AND step IN (" + Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")"
            sql.values += chunk.map(\.databaseValue)
            let rows = try db.rows(sql)
            while let row = try rows.next() {
                let point = point(row)
                byStep[point.step, default: []].append(point)
            }
        }
        var result: [Int: Point] = [:]
        for step in byStep.keys {
            byStep[step]?.sort(by: Point.precedes)
        }
        for rank in ranks {
            let step = steps[rank]
            guard let group = groups[step], let points = byStep[step], rank - group.start < points.count else { continue }
            result[rank] = points[rank - group.start]
        }
        return result
    }

    /// The rows at `ranks` from one ordered pass over the whole filtered history.
    private static func scan(_ db: Database, at ranks: [Int], filter: SQL) throws -> [Int: Point] {
        let wanted = Set(ranks)
        let sql = SQL("SELECT step, timestamp, value, is_nan FROM metrics") + filter + SQL(" ORDER BY step, timestamp, value, is_nan")
        var result: [Int: Point] = [:]
        var rank = 0
        let rows = try db.rows(sql)
        while let row = try rows.next() {
            if wanted.contains(rank) { result[rank] = point(row) }
            rank += 1
        }
        return result
    }

    private static func point(_ row: RawRow) -> Point {
        Point(step: row.int64(0) ?? 0, timestamp: row.int64(1) ?? 0, value: row.double(2) ?? 0, isNan: row.bool(3))
    }

    /// The first index of `step` in the sorted `steps`, searching down from `rank`.
    private static func firstIndex(of step: Int64, in steps: [Int64], below rank: Int) -> Int {
        var low = 0
        var high = rank
        while low < high {
            let mid = (low + high) / 2
            if steps[mid] < step { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first index after `rank` whose step is greater than `step`.
    private static func firstIndex(above step: Int64, in steps: [Int64], from rank: Int) -> Int {
        var low = rank
        var high = steps.count
        while low < high {
            let mid = (low + high) / 2
            if steps[mid] <= step { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
