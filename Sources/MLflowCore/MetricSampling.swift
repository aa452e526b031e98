/// Sampling of metric histories as an MLflow server with a SQL backend answers
/// `get-history-bulk-interval`, so that a local store returns the same points for the same history.
///
/// MLflow's SQL store (`sqlalchemy_store.py`, `_sample_metric_history_single_run` and
/// `_sample_rows_with_window_functions`) keeps the points of the step range, orders them by
/// `(step, timestamp, value, is_nan)`, splits them into `max_results` buckets with `NTILE`, keeps the
/// first point of each bucket and finally makes sure the last point in that order is present,
/// putting it in place of the final sample when the result is already full.
///
/// The SQL store stores NaN as the value 0 with `is_nan = 1`, clamps ±infinity to
/// ±`Double.greatestFiniteMagnitude`, and collapses points equal in (step, timestamp, value,
/// is_nan) into one row (its primary key). The ordering here does the same; returned points keep
/// their real values.
public enum MetricSampling {
    /// At most `maxPoints` points of `history` (in any order), in (step, timestamp, value) order.
    ///
    /// `steps` keeps only the points inside the range before sampling. `maxPoints` below 1 counts
    /// as 1, which gives just the last point, as MLflow does.
    public static func sample(_ history: [Metric], maxPoints: Int, steps: StepRange? = nil) -> [Metric] {
        let limit = max(1, maxPoints)
        var points = history
        if let steps { points.removeAll { !steps.contains($0.step) } }
        guard !points.isEmpty else { return [] }
        let ordered = deduplicated(sortedForSampling(points))
        var rows = bucketStarts(count: ordered.count, buckets: limit).map { ordered[$0] }
        guard let last = ordered.last else { return rows }
        if let final = rows.last, SamplingKey(final) == SamplingKey(last) { return rows }
        if rows.count >= limit {
            rows[rows.count - 1] = last
        } else {
            rows.append(last)
        }
        return rows
    }

    /// The index of the first row of each `NTILE(buckets)` bucket over `count` ordered rows.
    ///
    /// SQL's NTILE gives the first `count % buckets` buckets one row more than the others, and one
    /// bucket per row when there are fewer rows than buckets.
    public static func bucketStarts(count: Int, buckets: Int) -> [Int] {
        guard count > 0, buckets > 0 else { return [] }
        let used = min(count, buckets)
        let size = count / buckets
        let larger = count % buckets
        return (0..<used).map { bucket in bucket * size + min(bucket, larger) }
    }

    /// Whether `a` comes before `b` in the order `get-history` pages in: (timestamp, step, value),
    /// with values compared as MLflow's SQL store keeps them (NaN as 0, ±infinity clamped).
    public static func isInHistoryOrder(_ a: Metric, _ b: Metric) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        if a.step != b.step { return a.step < b.step }
        return storedValue(a.value) < storedValue(b.value)
    }

    /// A metric value as MLflow's SQL store keeps it in its `value` column.
    public static func storedValue(_ value: Double) -> Double {
        if value.isNaN { return 0 }
        if value == .infinity { return .greatestFiniteMagnitude }
        if value == -.infinity { return -.greatestFiniteMagnitude }
        return value
    }

    /// The points in sampling order; equal keys keep their original order.
    static func sortedForSampling(_ points: [Metric]) -> [Metric] {
        let keys = points.map(SamplingKey.init)
        let order = keys.indices.sorted { (a: Int, b: Int) -> Bool in
            keys[a] == keys[b] ? a < b : keys[a] < keys[b]
        }
        return order.map { points[$0] }
    }

    /// Drops points whose sampling key equals the previous one's (one SQL row per key).
    static func deduplicated(_ ordered: [Metric]) -> [Metric] {
        var result: [Metric] = []
        result.reserveCapacity(ordered.count)
        var previous: SamplingKey?
        for point in ordered {
            let key = SamplingKey(point)
            if key != previous { result.append(point) }
            previous = key
        }
        return result
    }
}

/// The columns the SQL store orders sampled rows by: step, timestamp, value, is_nan.
struct SamplingKey: Comparable {
    var step: Int64
    var timestamp: Int64
    var value: Double
    var isNaN: Bool

    init(_ metric: Metric) {
        step = metric.step
        timestamp = metric.timestamp
        value = MetricSampling.storedValue(metric.value)
        isNaN = metric.value.isNaN
    }

    static func < (a: SamplingKey, b: SamplingKey) -> Bool {
        if a.step != b.step { return a.step < b.step }
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        if a.value != b.value { return a.value < b.value }
        return !a.isNaN && b.isNaN
    }
}
