import MLflowCore
import Testing

struct MetricSummaryTests {
    func point(_ value: Double, step: Int64, timestamp: Int64) -> Metric {
        Metric(key: "m", value: value, timestamp: timestamp, step: step)
    }

    @Test func emptyHistoryHasNoExtremes() {
        let summary = MetricSummaryAccumulator().summary
        #expect(summary == .empty)
        #expect(summary.count == 0)
        #expect(summary.min == nil && summary.max == nil)
        #expect(summary.best(.lowerIsBetter) == nil)
        #expect(summary.finiteCount == 0)
    }

    @Test func onePointIsBothEnds() {
        let summary = MetricSummary.of([point(0.25, step: 7, timestamp: 70)])
        let only = MetricExtreme(value: 0.25, step: 7, timestamp: 70)
        #expect(summary.count == 1)
        #expect(summary.min == only)
        #expect(summary.max == only)
        #expect(summary.best(.higherIsBetter) == only)
    }

    @Test func nanAndInfinitiesAreCountedNotExtremes() {
        let points = [
            point(.nan, step: 0, timestamp: 0), point(1.5, step: 1, timestamp: 10), point(.infinity, step: 2, timestamp: 20),
            point(-.infinity, step: 3, timestamp: 30), point(-0.5, step: 4, timestamp: 40),
            // MLflow's SQL stores keep ±infinity as ±DBL_MAX: still infinities.
            point(.greatestFiniteMagnitude, step: 5, timestamp: 50), point(-.greatestFiniteMagnitude, step: 6, timestamp: 60),
        ]
        let summary = MetricSummary.of(points)
        #expect(summary.count == 7)
        #expect(summary.nanCount == 1)
        #expect(summary.positiveInfinityCount == 2)
        #expect(summary.negativeInfinityCount == 2)
        #expect(summary.infinityCount == 4)
        #expect(summary.finiteCount == 2)
        #expect(summary.min == MetricExtreme(value: -0.5, step: 4, timestamp: 40))
        #expect(summary.max == MetricExtreme(value: 1.5, step: 1, timestamp: 10))
    }

    @Test func onlyNonFinitePointsHaveNoExtremes() {
        let summary = MetricSummary.of([point(.nan, step: 0, timestamp: 0), point(.infinity, step: 1, timestamp: 1)])
        #expect(summary.count == 2)
        #expect(summary.min == nil)
        #expect(summary.max == nil)
        #expect(summary.best(forKey: "loss") == nil)
    }

    @Test func largestFiniteBelowDoubleMaxIsFinite() {
        let big = Double.greatestFiniteMagnitude.nextDown
        let summary = MetricSummary.of([point(big, step: 0, timestamp: 0), point(-big, step: 1, timestamp: 1)])
        #expect(summary.infinityCount == 0)
        #expect(summary.max?.value == big)
        #expect(summary.min?.value == -big)
    }

    @Test(arguments: [false, true])
    func tiesGoToTheFirstPointInHistoryOrder(reversed: Bool) {
        // History order is (timestamp, step): the tie at timestamp 5 comes first whatever order
        // the points are fed in; at equal timestamps the lower step wins.
        var points = [
            point(3, step: 9, timestamp: 8), point(1, step: 4, timestamp: 20), point(1, step: 2, timestamp: 5),
            point(3, step: 1, timestamp: 8), point(1, step: 8, timestamp: 5), point(3, step: 0, timestamp: 30),
        ]
        if reversed { points.reverse() }
        let summary = MetricSummary.of(points)
        #expect(summary.min == MetricExtreme(value: 1, step: 2, timestamp: 5))
        #expect(summary.max == MetricExtreme(value: 3, step: 1, timestamp: 8))
    }

    @Test func feedingPointsOneByOneMatchesTheWhole() {
        var accumulator = MetricSummaryAccumulator()
        let points = (0..<1_000).map { point(Double(($0 * 7919) % 1_009) - 500, step: Int64($0), timestamp: Int64($0) * 3) }
        for p in points { accumulator.add(value: p.value, step: p.step, timestamp: p.timestamp) }
        #expect(accumulator.summary == MetricSummary.of(points))
        let low = points.min { $0.value < $1.value }
        let high = points.max { $0.value < $1.value }
        #expect(accumulator.summary.min?.value == low?.value)
        #expect(accumulator.summary.max?.value == high?.value)
        #expect(accumulator.summary.min?.step == low?.step)
    }

    @Test func bestFollowsTheGoal() {
        let summary = MetricSummary.of([point(0.2, step: 1, timestamp: 1), point(0.9, step: 2, timestamp: 2)])
        #expect(summary.best(.lowerIsBetter)?.step == 1)
        #expect(summary.best(.higherIsBetter)?.step == 2)
        #expect(summary.best(forKey: "val_loss")?.value == 0.2)
        #expect(summary.best(forKey: "accuracy")?.value == 0.9)
    }
}

struct MetricGoalTests {
    @Test(arguments: [
        "loss", "LOSS", "val_loss", "train/loss", "train/err", "error", "val-error", "rmse", "mse", "mae", "mape",
        "perplexity", "wer", "cer", "eval/test.rmse", "valLoss", "trainMSE", "MSELoss", "top5_err", "nll", "loss2",
        "Val Loss", "l1loss",
    ])
    func lowerIsBetterForLossesAndErrors(key: String) {
        #expect(MetricGoal(key: key) == .lowerIsBetter, "\(key)")
    }

    @Test(arguments: [
        "accuracy", "acc", "f1", "auc", "precision", "recall", "val_acc", "terror_rate", "errand", "mistress",
        "lossless_ratio", "neg_mean_squared_error", "neg_log_loss", "learning_rate", "", "maestro", "cerberus",
    ])
    func higherIsBetterOtherwise(key: String) {
        #expect(MetricGoal(key: key) == .higherIsBetter, "\(key)")
    }

    @Test func betterComparesByGoal() {
        #expect(MetricGoal.lowerIsBetter.isBetter(1, than: 2))
        #expect(!MetricGoal.lowerIsBetter.isBetter(2, than: 1))
        #expect(MetricGoal.higherIsBetter.isBetter(2, than: 1))
    }
}

struct MetricSummaryLazyPositionTests {
    @Test func positionIsAskedOnlyForPossibleExtremesAndTheResultIsTheSame() {
        let values: [Double] = [5, 3, 7, 4, 6, 3, 7, .nan, .infinity, 4.5, 2, 8, 5]
        var eager = MetricSummaryAccumulator()
        var lazy = MetricSummaryAccumulator()
        var asked: [Int] = []
        for (index, value) in values.enumerated() {
            eager.add(value: value, step: Int64(index), timestamp: 100 - Int64(index))
            lazy.add(value: value) {
                asked.append(index)
                return (Int64(index), 100 - Int64(index))
            }
        }
        #expect(lazy.summary == eager.summary)
        // Interior points (4, 6, 4.5, 5 once a wider range is known) never ask.
        #expect(!asked.contains(3) && !asked.contains(4) && !asked.contains(9) && !asked.contains(12), "\(asked)")
        // Ties (3 and 7 again, later in the file but earlier in time) do ask, and win.
        #expect(asked.contains(5) && asked.contains(6))
        #expect(eager.summary.min?.step == 10)
    }
}

/// Merging the summaries of parts of a history gives the summary of the whole.
struct MetricSummaryMergeTests {
    func point(_ value: Double, step: Int64, timestamp: Int64) -> Metric {
        Metric(key: "m", value: value, timestamp: timestamp, step: step)
    }

    @Test func emptyIsNeutral() {
        let some = MetricSummary.of([point(1, step: 0, timestamp: 5), point(.nan, step: 1, timestamp: 6)])
        #expect(some.merged(with: .empty) == some)
        #expect(MetricSummary.empty.merged(with: some) == some)
        #expect(MetricSummary.merging([]) == .empty)
    }

    @Test func tiesGoToTheFirstInHistoryOrderWhateverThePartOrder() {
        let early = [point(1, step: 3, timestamp: 10), point(9, step: 4, timestamp: 10)]
        let late = [point(1, step: 2, timestamp: 20), point(9, step: 1, timestamp: 20), point(5, step: 0, timestamp: 20)]
        let sameTime = [point(1, step: 1, timestamp: 10), point(9, step: 9, timestamp: 10)]
        let whole = MetricSummary.of(early + late + sameTime)
        #expect(whole.min == MetricExtreme(value: 1, step: 1, timestamp: 10))
        #expect(whole.max == MetricExtreme(value: 9, step: 4, timestamp: 10))
        let parts = [MetricSummary.of(early), MetricSummary.of(late), MetricSummary.of(sameTime)]
        #expect(MetricSummary.merging(parts) == whole)
        #expect(MetricSummary.merging(parts.reversed()) == whole)
        #expect(parts[1].merged(with: parts[2]).merged(with: parts[0]) == whole)
    }

    @Test func nonFiniteCountsAddUpAndAreNeverExtremes() {
        let a = [point(.nan, step: 0, timestamp: 0), point(.greatestFiniteMagnitude, step: 1, timestamp: 1)]
        let b = [point(-.greatestFiniteMagnitude, step: 2, timestamp: 2), point(-.infinity, step: 3, timestamp: 3), point(2, step: 4, timestamp: 4)]
        let merged = MetricSummary.of(a).merged(with: MetricSummary.of(b))
        #expect(merged == MetricSummary.of(a + b))
        #expect(merged.count == 5 && merged.nanCount == 1 && merged.positiveInfinityCount == 1 && merged.negativeInfinityCount == 2)
        #expect(merged.min == MetricExtreme(value: 2, step: 4, timestamp: 4))
    }

    @Test func anySplitOfARandomHistoryMergesToTheWhole() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let points = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                point(Double(Int.random(in: -3...3, using: &generator)), step: Int64.random(in: 0...5, using: &generator),
                      timestamp: Int64.random(in: 0...5, using: &generator))
            }
            let cut = Int.random(in: 0...points.count, using: &generator)
            let merged = MetricSummary.of(points[..<cut]).merged(with: MetricSummary.of(points[cut...]))
            #expect(merged == MetricSummary.of(points))
        }
    }
}
