import GRDB
import MLflowCore

/// The exact summary of one metric history, in one pass over the run's rows of that key.
///
/// MLflow's SQL store keeps NaN as the value 0 with `is_nan = 1` and a logged ±infinity as
/// ±`Double.greatestFiniteMagnitude` (`sanitize_metric_value`); both are counted apart and are never
/// a finite extreme. Exact duplicates are one row (the table's primary key), as `get-history`
/// returns them.
///
/// Why one stepped scan rather than SQL aggregates: SQLite gives a bare column the value of the
/// row holding a lone `min()` or `max()`, so the positions of both extremes take two aggregate
/// passes (the second one also needs NaN and the infinities kept out with a CASE per row), and
/// on the 1,000,000-point benchmark metric those two passes cost more than one pass that
/// hands each value to `MetricSummaryAccumulator` (step and time are read only for a possible
/// new extreme): both walk the same covering primary-key index, and the accumulator settles ties
/// by history order whatever the scan order.
enum MetricSummaryReader {
    /// The summary of `key` in run `runId`; empty when there are no rows.
    static func summary(_ db: Database, runId: String, key: String) throws -> MetricSummary {
        try summary(db, runId: runId, key: key, timestamps: TimestampRange())
    }

    /// The summary of the rows of `key` in run `runId` whose timestamp is in `timestamps`: a range
    /// scan of the primary key (key, timestamp, ...), as `EXPLAIN QUERY PLAN` shows.
    static func summary(_ db: Database, runId: String, key: String, timestamps: TimestampRange) throws -> MetricSummary {
        var accumulator = MetricSummaryAccumulator()
        var sql = SQL("SELECT value, is_nan, step, timestamp FROM metrics WHERE key = ") + SQL.string(key)
            + SQL(" AND run_uuid = ") + SQL.string(runId)
        if let after = timestamps.after { sql.append(" AND timestamp > ?", after.databaseValue) }
        if let through = timestamps.through { sql.append(" AND timestamp <= ?", through.databaseValue) }
        let rows = try db.rows(sql)
        while let row = try rows.next() {
            // value is NOT NULL in MLflow's schema; a NULL from a damaged file reads as NaN.
            let value = row.bool(1) ? Double.nan : (row.double(0) ?? .nan)
            // Step and time are decoded only for a point that may be a new extreme.
            accumulator.add(value: value) { (row.integer(2), row.integer(3)) }
        }
        return accumulator.summary
    }
}

/// Timestamps `after < t <= through`; a nil end is open. Consecutive ranges that share their
/// bounds cover every timestamp exactly once.
struct TimestampRange: Sendable, Hashable {
    var after: Int64?
    var through: Int64?

    /// `count` ranges cutting `low...high` at even points, the first and last open-ended so that
    /// rows outside the span are counted too; one unbounded range when the span is empty.
    static func split(low: Int64, high: Int64, into count: Int) -> [TimestampRange] {
        guard count > 1, high > low else { return [TimestampRange()] }
        // In Double: a span of timestamps near the limits of Int64 would overflow.
        let width = (Double(high) - Double(low)) / Double(count)
        var cuts: [Int64] = []
        for index in 1..<count {
            let cut = Int64(exactly: (Double(low) + width * Double(index)).rounded(.down)) ?? high
            if cut > (cuts.last ?? .min), cut < high { cuts.append(cut) }
        }
        var ranges: [TimestampRange] = []
        var previous: Int64?
        for cut in cuts {
            ranges.append(TimestampRange(after: previous, through: cut))
            previous = cut
        }
        ranges.append(TimestampRange(after: previous, through: nil))
        return ranges
    }
}
