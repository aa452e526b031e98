import MLflowCore
import Testing

private func points(_ values: [Double], start: Int64 = 1_000_000, stepEvery: Int64 = 1, msEvery: Int64 = 2_000) -> [Metric] {
    values.enumerated().map { i, v in Metric(key: "loss", value: v, timestamp: start + Int64(i) * msEvery, step: Int64(i) * stepEvery) }
}

private func run(_ id: String, metrics: [String: Double]) -> Run {
    Run(info: RunInfo(runId: id, runName: id, experimentId: "1", userId: "u", status: .finished, startTime: 0, endTime: 1),
        params: [], tags: [], metrics: metrics.map { Metric(key: $0.key, value: $0.value, timestamp: 1, step: 1) }.sorted { $0.key < $1.key })
}

@Suite struct MetricOverlayTests {
    /// A zoomed chart's window: one step range that covers the view in every run (their x values
    /// need not agree on time axes), and the denser points replace only those inside it.
    @Test func theStepsInViewCoverEveryRunAndTheWindowReplacesOnlyThem() {
        var overlay = MetricOverlay(key: "loss", runIds: ["a", "b", "c"], maxPoints: 100)
        overlay.add(["a": points(Array(repeating: 1, count: 31)),                                       // step i at 2 s each
                     "b": points(Array(repeating: 2, count: 31), start: 5_000_000, stepEvery: 10, msEvery: 1_000), // step 10i at 1 s each
                     "c": []])
        let relative = OverlayOptions(xAxis: .relativeTime)
        // 10 s to 20 s after each run's first point: steps 5...10 of a, 100...200 of b.
        #expect(overlay.steps(covering: 10...20, relative) == StepRange(from: 5, to: 200))
        #expect(overlay.steps(covering: 10.5...19.5, relative) == StepRange(from: 5, to: 200), "widened to the points around the view")
        // On the step axis: a has 3 and 4, b (every 10 steps) has the view between 0 and 10.
        #expect(overlay.steps(covering: 3...4, OverlayOptions(xAxis: .step)) == StepRange(from: 0, to: 10))
        #expect(MetricOverlay(key: "loss", runIds: ["a"], maxPoints: 1).steps(covering: 0...1, relative) == nil)
        var window = MetricOverlay(key: "loss", runIds: ["a", "b", "c"], maxPoints: 100)
        let dense = (5...10).map { Metric(key: "loss", value: 9, timestamp: 1_000_000 + $0 * 2_000, step: $0) }
        window.add(["a": dense])
        let merged = overlay.merging(window, steps: StepRange(from: 5, to: 10))
        #expect(merged.histories["a"]?.count == 31)
        #expect(merged.histories["a"]?.filter { $0.value == 9 }.map(\.step) == Array(5...10))
        #expect(merged.histories["a"]?.map(\.step) == Array(0...30))
        #expect(merged.histories["b"] == overlay.histories["b"], "a run whose window has not arrived keeps its sample")
    }

    @Test func batchesHoldAtMostAHundredRunsInOrder() {
        let ids = (0..<250).map { "r\($0)" }
        let batches = MetricOverlay.batches(ids)
        #expect(batches.map(\.count) == [100, 100, 50])
        #expect(batches.flatMap { $0 } == ids)
        #expect(MetricOverlay.batches([]).isEmpty)
    }

    @Test func batchesArriveInAnyOrderAndLinesKeepRunOrder() {
        var overlay = MetricOverlay(key: "loss", runIds: ["a", "b", "c", "a"], maxPoints: 10)
        #expect(overlay.runIds == ["a", "b", "c"])
        overlay.add(["c": points([3, 2]), "zz": points([9])])
        #expect(overlay.arrivedCount == 1)
        #expect(!overlay.isComplete)
        #expect(overlay.lines(OverlayOptions()).map(\.runId) == ["c"])
        #expect(overlay.lines(OverlayOptions()).map(\.index) == [2])
        overlay.add(["a": points([1, 0.5]), "b": []])
        #expect(overlay.isComplete)
        #expect(overlay.runsWithPoints == 2)
        let lines = overlay.lines(OverlayOptions())
        #expect(lines.map(\.runId) == ["a", "c"])
        #expect(lines.map(\.index) == [0, 2])
        #expect(lines[0].x == [0, 1])
        #expect(lines[0].y == [1, 0.5])
    }

    @Test func xAxesAreStepsWallTimeAndTimeSinceEachRunsOwnFirstPoint() {
        var overlay = MetricOverlay(key: "loss", runIds: ["a", "b"], maxPoints: 10)
        overlay.add(["a": points([1, 2, 3], start: 10_000, stepEvery: 5), "b": points([4, 5], start: 70_000)])
        let steps = overlay.lines(OverlayOptions(xAxis: .step))
        #expect(steps[0].x == [0, 5, 10])
        let wall = overlay.lines(OverlayOptions(xAxis: .wallTime))
        #expect(wall[0].x == [10, 12, 14])
        #expect(wall[1].x == [70, 72])
        let relative = overlay.lines(OverlayOptions(xAxis: .relativeTime))
        #expect(relative[0].x == [0, 2, 4])
        #expect(relative[1].x == [0, 2])
        #expect(overlay.xRange(OverlayOptions(xAxis: .step)) == 0...10)
    }

    @Test func logScaleDropsAndCountsValuesAtOrBelowZeroKeepingGapsAndMarkers() {
        var overlay = MetricOverlay(key: "loss", runIds: ["a"], maxPoints: 10)
        overlay.add(["a": points([1, 0, -2, .nan, .infinity, 10])])
        let line = overlay.lines(OverlayOptions(logY: true))[0]
        #expect(line.droppedNonPositive == 2)
        #expect(line.x == [0, 3, 4, 5])
        #expect(line.y[0] == 1)
        #expect(line.y[1].isNaN)
        #expect(line.y[2] == .infinity)
        #expect(line.y[3] == 10)
        #expect(overlay.lines(OverlayOptions())[0].droppedNonPositive == 0)
    }

    @Test func smoothingReplacesTheValuesWithTheirEMA() {
        var overlay = MetricOverlay(key: "loss", runIds: ["a"], maxPoints: 10)
        overlay.add(["a": points([1, 3, 5])])
        let line = overlay.lines(OverlayOptions(smoothing: 0.5))[0]
        #expect(line.y == Smoothing.ema([1, 3, 5], weight: 0.5))
        #expect(line.y != [1, 3, 5])
    }

    @Test func metricsThatDifferMostAcrossRunsComeFirst() {
        let runs = [
            run("a", metrics: ["acc": 0.90, "loss": 1.0, "same": 5, "only": 3, "lr": 0.1]),
            run("b", metrics: ["acc": 0.91, "loss": 0.2, "same": 5, "lr": 0.001]),
        ]
        #expect(MetricDifference.ranked(runs) == ["lr", "loss", "acc", "only", "same"])
        #expect(MetricDifference.spread([2, 2]) == 0)
        #expect(MetricDifference.spread([1]) == 0)
        #expect(MetricDifference.spread([-1, 1]) == 2)
        #expect(MetricDifference.spread([1, .nan]) == 1)
        #expect(MetricDifference.spread([.nan, .nan]) == 0)
    }
}
