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
