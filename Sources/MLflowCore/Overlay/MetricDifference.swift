/// Which metrics differ most across runs, for the order of a grid of overlaid charts.
public enum MetricDifference {
    /// Every metric key the runs have, those whose latest values differ most across the runs first
    /// (by `spread`); keys that only one run has, or whose values are all equal, come last; ties
    /// by key.
    public static func ranked(_ runs: [Run]) -> [String] {
        var values: [String: [Double]] = [:]
        for run in runs {
            for metric in run.metrics { values[metric.key, default: []].append(metric.value) }
        }
        let scored = values.map { (key: $0.key, score: spread($0.value)) }
        return scored.sorted { a, b in a.score != b.score ? a.score > b.score : a.key < b.key }.map(\.key)
    }

    /// How much values differ, whatever their scale: the range of the finite values over the
    /// largest magnitude among them (0 when fewer than two finite values or all equal; at most 2).
    /// Non-finite values, when finite ones are there too, count as a difference of 1.
    public static func spread(_ values: [Double]) -> Double {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return 0 }
        let nonFinite = values.count - finite.count
        var score = 0.0
        if finite.count >= 2, high > low {
            let magnitude = Swift.max(abs(low), abs(high))
            score = magnitude > 0 ? (high - low) / magnitude : 0
        }
        if nonFinite > 0, !finite.isEmpty { score = Swift.max(score, 1) }
        return score
    }
}
