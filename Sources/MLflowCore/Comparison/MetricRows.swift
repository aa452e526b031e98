/// Rows of metrics: the value each mode picks, the best values and the changes against a baseline.
enum MetricRows {
    /// One row per metric key of the runs' latest metrics accepted by `include` (in key order, or in
    /// the order of `options.metricKeys`).
    static func build(
        _ runs: [Run], options: ComparisonOptions, figures: MetricFigures, baseline: Int?, include: (String) -> Bool
    ) -> [ComparisonRow] {
        let keyLists = runs.map { run in run.metrics.map { KeyValue(key: $0.key, value: "") } }
        // The keys and which runs have them, found as for params.
        let present = TextRows.build(keyLists, only: options.metricKeys, include: include)
        var latestByRun: [[String: Metric]] = []
        if options.metricValue == .latest {
            latestByRun = runs.map { run in
                var byKey: [String: Metric] = [:]
                byKey.reserveCapacity(run.metrics.count)
                for metric in run.metrics { byKey[metric.key] = metric }
                return byKey
            }
        }
        return present.map { keyed in
            let key = keyed.key
            let goal = options.goal(forMetric: key)
            var cells = [ComparisonValue](repeating: .missing, count: runs.count)
            var steps = [Int64?](repeating: nil, count: runs.count)
            for (column, run) in runs.enumerated() where !keyed.cells[column].isMissing {
                let picked: (value: Double, step: Int64?)?
                switch options.metricValue {
                case .latest:
                    picked = latestByRun[column][key].map { ($0.value, $0.step) }
                case .min, .max, .best:
                    picked = figures.summary(runId: run.info.runId, key: key).flatMap { summary in
                        extreme(of: summary, mode: options.metricValue, goal: goal)
                    }
                case .atStep(let step):
                    picked = figures.history(runId: run.info.runId, key: key).flatMap { at(step, in: $0) }
                }
                if let picked {
                    cells[column] = .number(normalized(picked.value))
                    steps[column] = picked.step
                }
            }
            let figures = MetricRowFigures(
                goal: goal, flipped: options.flippedMetrics.contains(key), bestColumns: bestColumns(cells, goal: goal),
                changes: changes(cells, baseline: baseline, goal: goal), steps: steps)
            return ComparisonRow(key: key, cells: cells, differs: RowEquality.differs(cells), equalAsNumbers: false, metric: figures)
        }
    }

    /// A SQL store's ±`greatestFiniteMagnitude` as the ±infinity it stands for.
    static func normalized(_ value: Double) -> Double {
        switch MetricSummary.kind(of: value) {
        case .positiveInfinity: .infinity
        case .negativeInfinity: -.infinity
        case .nan, .finite: value
        }
    }

    /// The finite extreme a summary holds for `mode`, with its step. A history without a finite
    /// value gives the infinity nearest that end (the lowest: -inf, else +inf; the highest: the
    /// other way round), else NaN; an empty history gives nothing.
    static func extreme(of summary: MetricSummary, mode: MetricValueMode, goal: MetricGoal) -> (value: Double, step: Int64?)? {
        let lowest: Bool
        switch mode {
        case .min: lowest = true
        case .max: lowest = false
        default: lowest = goal == .lowerIsBetter
        }
        if let point = lowest ? summary.min : summary.max { return (point.value, point.step) }
        guard summary.count > 0 else { return nil }
        let first: Double = lowest ? -.infinity : .infinity
        let firstCount = lowest ? summary.negativeInfinityCount : summary.positiveInfinityCount
        let secondCount = lowest ? summary.positiveInfinityCount : summary.negativeInfinityCount
        if firstCount > 0 { return (first, nil) }
        if secondCount > 0 { return (-first, nil) }
        return (.nan, nil)
    }

    /// The point at the highest step at or before `step`; of several points at that step, the one
    /// logged last (then the highest value, as MLflow picks a latest metric).
    static func at(_ step: Int64, in points: [Metric]) -> (value: Double, step: Int64?)? {
        var chosen: Metric?
        for point in points where point.step <= step {
            guard let current = chosen else {
                chosen = point
                continue
            }
            if point.step != current.step {
                if point.step > current.step { chosen = point }
            } else if point.timestamp != current.timestamp {
                if point.timestamp > current.timestamp { chosen = point }
            } else if MetricSampling.storedValue(point.value) > MetricSampling.storedValue(current.value) {
                chosen = point
            }
        }
        return chosen.map { ($0.value, $0.step) }
    }

    /// Every column holding the best finite value, when at least two runs have a finite value.
    static func bestColumns(_ cells: [ComparisonValue], goal: MetricGoal) -> [Int] {
        var best: Double?
        var finite = 0
        for cell in cells {
            guard let value = cell.number, value.isFinite else { continue }
            finite += 1
            if let current = best {
                if goal.isBetter(value, than: current) { best = value }
            } else {
                best = value
            }
        }
        guard finite >= 2, let best else { return [] }
        return cells.indices.filter { cells[$0].number == best }
    }

    /// Each value's change against the baseline column's value.
    static func changes(_ cells: [ComparisonValue], baseline: Int?, goal: MetricGoal) -> [MetricChange?] {
        guard let baseline, let base = cells[baseline].number else { return [MetricChange?](repeating: nil, count: cells.count) }
        return cells.indices.map { column -> MetricChange? in
            guard column != baseline, let value = cells[column].number else { return nil }
            let absolute = value - base
            let finite = value.isFinite && base.isFinite
            let relative = finite && base != 0 ? absolute / abs(base) : nil
            var verdict: MetricVerdict?
            if finite {
                verdict = value == base ? .same : goal.isBetter(value, than: base) ? .better : .worse
            }
            return MetricChange(absolute: absolute, relative: relative, verdict: verdict)
        }
    }
}
