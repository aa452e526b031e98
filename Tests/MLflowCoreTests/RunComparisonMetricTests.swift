import Foundation
import MLflowCore
import Testing

/// Metric values by mode, best marking, baseline changes, and the time a large comparison takes.
@Suite struct RunComparisonMetricTests {
    let runs = [
        comparedRun("a1", name: "a", metrics: ["val_loss": 0.5, "acc": 0.8]),
        comparedRun("b2", name: "b", metrics: ["val_loss": 0.4, "acc": 0.9]),
        comparedRun("c3", name: "c", metrics: ["val_loss": 0.0, "acc": 0.8]),
    ]

    @Test func changesAgainstTheFirstRunOrAChosenBaseline() throws {
        let c = try RunComparison.build(runs)
        #expect(c.baselineColumn == 0)
        let loss = try #require(c.row(.metrics, "val_loss")?.metric)
        #expect(loss.goal == .lowerIsBetter)
        #expect(loss.changes[0] == nil)
        let b = try #require(loss.changes[1])
        #expect(abs(b.absolute - -0.1) < 1e-12)
        #expect(abs((b.relative ?? 0) - -0.2) < 1e-12)
        #expect(b.verdict == .better)
        let acc = try #require(c.row(.metrics, "acc")?.metric)
        #expect(acc.changes[2]?.verdict == .same)
        #expect(acc.changes[1]?.verdict == .better)

        let fromZero = try RunComparison.build(runs, options: ComparisonOptions(baselineRunId: "c3"))
        #expect(fromZero.baselineColumn == 2)
        let change = try #require(fromZero.row(.metrics, "val_loss")?.metric?.changes[0])
        #expect(change.relative == nil)  // the baseline is 0
        #expect(change.verdict == .worse)
        #expect(throws: ComparisonError.unknownBaseline("zz")) { try RunComparison.build(runs, options: ComparisonOptions(baselineRunId: "zz")) }
    }

    /// Rebuilding the metric rows alone gives what a whole build with the same options gives.
    @Test func rebuildingTheMetricsAloneIsABuild() throws {
        let first = try RunComparison.build(runs)
        let options = ComparisonOptions(baselineRunId: "b2", flippedMetrics: ["acc"])
        let rebuilt = try first.rebuildingMetrics(runs, options: options)
        let whole = try RunComparison.build(runs, options: options)
        #expect(rebuilt.baselineColumn == whole.baselineColumn)
        for key in ["val_loss", "acc"] {
            let a = try #require(rebuilt.row(.metrics, key)?.metric)
            let b = try #require(whole.row(.metrics, key)?.metric)
            #expect(a.bestColumns == b.bestColumns && a.flipped == b.flipped && a.goal == b.goal)
            #expect(a.changes.map { $0?.absolute } == b.changes.map { $0?.absolute })
        }
        #expect(rebuilt.row(.metrics, "acc")?.metric?.bestColumns == [0, 2], "flipped: lower acc is better")
        #expect(throws: ComparisonError.unknownBaseline("zz")) { try first.rebuildingMetrics(runs, options: ComparisonOptions(baselineRunId: "zz")) }
    }

    @Test func aNonFiniteBaselineHasNoRelativeChangeNorVerdict() throws {
        let c = try RunComparison.build([comparedRun("a1", metrics: ["m": .nan, "n": .infinity]), comparedRun("b2", metrics: ["m": 1, "n": 2])])
        let m = try #require(c.row(.metrics, "m")?.metric?.changes[1])
        #expect(m.absolute.isNaN && m.relative == nil && m.verdict == nil)
        let n = try #require(c.row(.metrics, "n")?.metric?.changes[1])
        #expect(n.absolute == -.infinity && n.relative == nil && n.verdict == nil)
    }

    @Test func bestIsMarkedPerDirectionAndTheCallerCanFlipARow() throws {
        let c = try RunComparison.build(runs)
        #expect(c.row(.metrics, "val_loss")?.metric?.bestColumns == [2])
        #expect(c.row(.metrics, "acc")?.metric?.bestColumns == [1])
        let flipped = try RunComparison.build(runs, options: ComparisonOptions(flippedMetrics: ["val_loss"]))
        let loss = try #require(flipped.row(.metrics, "val_loss")?.metric)
        #expect(loss.flipped && loss.goal == .higherIsBetter)
        #expect(loss.bestColumns == [0])
        #expect(loss.changes[1]?.verdict == .worse)
        #expect(flipped.row(.metrics, "acc")?.metric?.bestColumns == [1])
        // Ties are all best.
        let tie = try RunComparison.build([comparedRun("a1", metrics: ["acc": 1]), comparedRun("b2", metrics: ["acc": 1]), comparedRun("c3", metrics: ["acc": 0])])
        #expect(tie.row(.metrics, "acc")?.metric?.bestColumns == [0, 1])
    }

    func summary(_ values: [Double]) -> MetricSummary {
        MetricSummary.of(values.enumerated().map { Metric(key: "k", value: $1, timestamp: Int64($0), step: Int64($0)) })
    }

    @Test func minMaxAndBestComeFromTheSummariesTheCallerRead() throws {
        var figures = MetricFigures()
        figures.setSummary(summary([0.9, 0.3, .nan, 0.6]), runId: "a1", key: "val_loss")
        figures.setSummary(summary([0.5, .infinity, 0.2]), runId: "b2", key: "val_loss")
        figures.setSummary(summary([.nan, .infinity]), runId: "c3", key: "val_loss")
        figures.setSummary(summary([0.1, 0.95]), runId: "a1", key: "acc")
        let keys = RunComparison.metricKeys(of: runs.map(\.run), options: ComparisonOptions())
        #expect(keys == ["acc", "val_loss"])
        func values(_ mode: MetricValueMode, _ key: String = "val_loss") throws -> [String] {
            let c = try RunComparison.build(runs, options: ComparisonOptions(allRows: true, metricValue: mode), figures: figures)
            return (c.row(.metrics, key)?.cells ?? []).map { $0.number.map { "\($0)" } ?? "missing" }
        }
        #expect(try values(.min) == ["0.3", "0.2", "inf"])  // no finite point: the infinity it has
        #expect(try values(.max) == ["0.9", "0.5", "inf"])
        #expect(try values(.best) == ["0.3", "0.2", "inf"])
        #expect(try values(.best, "acc") == ["0.95", "missing", "missing"])  // a summary not read counts as missing
        let best = try RunComparison.build(runs, options: ComparisonOptions(metricValue: .best), figures: figures)
        #expect(best.row(.metrics, "val_loss")?.metric?.steps == [1, 2, nil])
        #expect(best.row(.metrics, "val_loss")?.metric?.bestColumns == [1])
        let flipped = try RunComparison.build(runs, options: ComparisonOptions(metricValue: .best, flippedMetrics: ["val_loss"]), figures: figures)
        #expect(flipped.row(.metrics, "val_loss")?.cells.first?.number == 0.9)
        var onlyNaN = MetricFigures()
        onlyNaN.setSummary(summary([.nan]), runId: "a1", key: "acc")
        let nan = try RunComparison.build(runs, options: ComparisonOptions(allRows: true, metricValue: .min), figures: onlyNaN)
        #expect(nan.row(.metrics, "acc")?.cells.first?.number?.isNaN == true)
    }

    @Test func atAStepTheNearestLoggedStepAtOrBeforeIt() throws {
        var figures = MetricFigures()
        let history = [(0, 0.9), (5, 0.5), (10, 0.3), (5, 0.45)].enumerated().map { index, point in
            Metric(key: "val_loss", value: point.1, timestamp: Int64(index), step: Int64(point.0))
        }
        figures.setHistory(history, runId: "a1", key: "val_loss")
        figures.setHistory([Metric(key: "val_loss", value: 0.7, timestamp: 1, step: -2)], runId: "b2", key: "val_loss")
        figures.setHistory([Metric(key: "val_loss", value: 0.1, timestamp: 1, step: 8)], runId: "c3", key: "val_loss")
        func cells(_ step: Int64) throws -> [String] {
            let c = try RunComparison.build(runs, options: ComparisonOptions(allRows: true, metricValue: .atStep(step)), figures: figures)
            return (c.row(.metrics, "val_loss")?.cells ?? []).map { $0.number.map { "\($0)" } ?? "missing" }
        }
        #expect(try cells(7) == ["0.45", "0.7", "missing"])  // step 5, logged twice: the later point
        #expect(try cells(10) == ["0.3", "0.7", "0.1"])
        #expect(try cells(-3) == ["missing", "missing", "missing"])
        #expect(try cells(-2) == ["missing", "0.7", "missing"])
        let c = try RunComparison.build(runs, options: ComparisonOptions(metricValue: .atStep(9)), figures: figures)
        #expect(c.row(.metrics, "val_loss")?.metric?.steps == [5, -2, 8])
    }

    @Test func hiddenRowsAreCountedPerSection() throws {
        let c = try RunComparison.build([
            comparedRun("a1", params: ["a": "1", "b": "2", "c": "3"], tags: ["t": "x"], metrics: ["m": 1, "n": 2]),
            comparedRun("b2", params: ["a": "1", "b": "2", "c": "4"], tags: ["t": "x"], metrics: ["m": 1, "n": 3]),
        ])
        #expect(c.hidden(.params) == 2)
        #expect(c.hidden(.metrics) == 1)
        #expect(c.hidden(.tags) == 1)
        // Same experiment, status, start, duration, user; no source or git commit in either.
        #expect(c.rows(.run).map(\.key) == [])
        #expect(c.hidden(.run) == 7)
    }

    /// 200 runs of 1,000 params and 20 metrics each; prints the time (the target, under 100 ms,
    /// is for a release build: `swift build -c release`).
    @Test func benchmarkTwoHundredRunsOfAThousandParams() throws {
        let runs = (0..<200).map { r -> ComparedRun in
            let params = (0..<1_000).map { p in KeyValue(key: "param_" + String(1_000 + p), value: p % 2 == 0 ? "same-\(p)" : "v\(r)-\(p)") }
            let metrics = (0..<20).map { m in Metric(key: "metric_\(m)", value: Double(r * m) / 7, timestamp: 1, step: 10) }
            let info = RunInfo(runId: String(r * 7_919, radix: 16) + String(repeating: "0", count: 26), runName: "run-\(r % 50)",
                               experimentId: "1", status: .finished, startTime: Int64(r), endTime: Int64(r + 1_000))
            return ComparedRun(run: Run(info: info, params: params, tags: [KeyValue(key: "team", value: "t\(r % 3)")], metrics: metrics))
        }
        var times: [Double] = []
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let c = try RunComparison.build(runs)
            let elapsed = ContinuousClock.now - start
            times.append(Double(elapsed.components.seconds) * 1_000 + Double(elapsed.components.attoseconds) / 1e15)
            #expect(c.section(.params)?.rows.count == 500)
            #expect(c.section(.params)?.hiddenEqualRows == 500)
        }
        print("RunComparison.build, 200 runs x 1,000 params: \(times.map { String(format: "%.1f ms", $0) }.joined(separator: ", "))")
    }
}

/// The fast path of `ValueText.significant` writes what `printf`'s `%g` writes.
@Suite struct SignificantDigitsTests {
    @Test func everyValueIsWrittenAsPrintfWritesIt() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0.1, 0.10, 0.274, -0.036, 0.5, 1.5, 2.5, 0.125, 999_999.5, 999_999.4, 99_999.95, 1e-4, 9.999995e-5,
                                0.000123456789, 123_456.5, 1_234_567, 1e9, -7.25, 0.0001, 100, 1e5, 1e6, 0.30000000000000004]
        for _ in 0..<20_000 {
            let exponent = Double.random(in: -6...10, using: &generator)
            values.append((Bool.random(using: &generator) ? 1 : -1) * pow(10, exponent))
            values.append(Double(Int.random(in: -1_000_000...1_000_000, using: &generator)) / pow(10, Double(Int.random(in: 0...8, using: &generator))))
        }
        for value in values {
            for digits in [3, 6] {
                #expect(ValueText.significant(value, digits: digits) == String(format: "%.\(digits)g", value), "\(value) \(digits)")
                #expect(ValueText.significant(value, digits: digits, plus: true) == String(format: "%+.\(digits)g", value), "\(value) \(digits)")
            }
        }
    }
}
