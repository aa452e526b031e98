extension MetricSummary {
    /// The summary of two parts of one history together, as if every point had been added to one
    /// `MetricSummaryAccumulator`: counts add up, and of two equal extremes the first in history
    /// order (timestamp, then step) is kept, whichever part it came from.
    public func merged(with other: MetricSummary) -> MetricSummary {
        MetricSummary(
            count: count + other.count,
            min: Self.earlierOrBetter(min, other.min, isBetter: <),
            max: Self.earlierOrBetter(max, other.max, isBetter: >),
            nanCount: nanCount + other.nanCount,
            positiveInfinityCount: positiveInfinityCount + other.positiveInfinityCount,
            negativeInfinityCount: negativeInfinityCount + other.negativeInfinityCount)
    }

    /// The summary of every part of a history together (`empty` for no parts).
    public static func merging<Parts: Sequence>(_ parts: Parts) -> MetricSummary where Parts.Element == MetricSummary {
        parts.reduce(.empty) { $0.merged(with: $1) }
    }

    /// `a` unless `b` is better, or equal and earlier in history order.
    private static func earlierOrBetter(
        _ a: MetricExtreme?, _ b: MetricExtreme?, isBetter: (Double, Double) -> Bool
    ) -> MetricExtreme? {
        guard let a else { return b }
        guard let b else { return a }
        if isBetter(b.value, a.value) || (b.value == a.value && MetricSummaryAccumulator.isEarlier(b, than: a)) { return b }
        return a
    }
}
