extension RunComparison {
    /// The run section's row keys, in order.
    public static let runRowKeys = ["experiment", "status", "start", "duration", "user", "source", "git commit"]

    /// Compares `runs` (one column each, in the order given).
    ///
    /// Metric values come from the runs' latest metrics, or, for the other modes, from `figures`
    /// (exact summaries for min, max and best; histories for a value at a step), which the caller
    /// fills from a store for the keys `metricKeys(of:options:)` names. Throws
    /// `ComparisonError.unknownBaseline` when `options.baselineRunId` is not one of the runs.
    public static func build(
        _ runs: [ComparedRun], options: ComparisonOptions = ComparisonOptions(), figures: MetricFigures = MetricFigures()
    ) throws -> RunComparison {
        let baseline = try baselineIndex(runs, options: options)
        let matches = rowFilter(options.rowFilter)
        let plain = runs.map(\.run)
        let runRows = runSection(runs).filter { matches($0.key) }
        let paramRows = TextRows.build(plain.map(\.params), only: options.paramKeys, include: matches)
        let metricRows = MetricRows.build(plain, options: options, figures: figures, baseline: baseline, include: matches)
        let tagRows = TextRows.build(plain.map(\.tags), only: nil) { key in
            (options.systemTags || !isSystemTag(key)) && matches(key)
        }
        let sections = [(ComparisonSectionKind.run, runRows), (.params, paramRows), (.metrics, metricRows), (.tags, tagRows)]
            .map { kind, rows in section(kind, rows, allRows: options.allRows) }
        return RunComparison(
            columns: ComparisonHeaders.columns(runs), baselineColumn: baseline, metricValue: options.metricValue, sections: sections)
    }

    /// This comparison with its metric rows built anew for `options`' metric value, baseline and
    /// flipped directions and for `figures`, its other sections kept as they are: for a change of
    /// those alone, on the runs it was built from (`runs`, as given to `build`) and the same rows.
    public func rebuildingMetrics(
        _ runs: [ComparedRun], options: ComparisonOptions, figures: MetricFigures = MetricFigures()
    ) throws -> RunComparison {
        let baseline = try Self.baselineIndex(runs, options: options)
        let rows = MetricRows.build(runs.map(\.run), options: options, figures: figures, baseline: baseline, include: Self.rowFilter(options.rowFilter))
        var copy = self
        if let index = copy.sections.firstIndex(where: { $0.kind == .metrics }) {
            copy.sections[index] = Self.section(.metrics, rows, allRows: options.allRows)
        }
        copy.baselineColumn = baseline
        copy.metricValue = options.metricValue
        return copy
    }

    /// The column of `options.baselineRunId`, or the first; nil without runs.
    static func baselineIndex(_ runs: [ComparedRun], options: ComparisonOptions) throws -> Int? {
        guard let id = options.baselineRunId else { return runs.isEmpty ? nil : 0 }
        guard let index = runs.firstIndex(where: { $0.run.info.runId == id }) else { throw ComparisonError.unknownBaseline(id) }
        return index
    }

    /// The metric keys a comparison of `runs` shows rows for (before hiding equal rows): the keys
    /// whose figures a caller reads for the min, max, best and at-step modes.
    public static func metricKeys(of runs: [Run], options: ComparisonOptions) -> [String] {
        let matches = rowFilter(options.rowFilter)
        let lists = runs.map { run in run.metrics.map { KeyValue(key: $0.key, value: "") } }
        return TextRows.build(lists, only: options.metricKeys, include: matches).map(\.key)
    }

    /// Whether `key` is one of MLflow's own tags (`mlflow.*`).
    public static func isSystemTag(_ key: String) -> Bool { key.hasPrefix("mlflow.") }

    /// A case-insensitive substring test; everything matches an empty or absent filter.
    static func rowFilter(_ filter: String?) -> (String) -> Bool {
        guard let filter, !filter.isEmpty else { return { _ in true } }
        let needle = filter.lowercased()
        return { key in key.lowercased().contains(needle) }
    }

    /// The section of `rows`: the rows that differ, or all of them, and the count of hidden ones.
    static func section(_ kind: ComparisonSectionKind, _ rows: [ComparisonRow], allRows: Bool) -> ComparisonSection {
        if allRows { return ComparisonSection(kind: kind, rows: rows, hiddenEqualRows: 0) }
        let shown = rows.filter(\.differs)
        return ComparisonSection(kind: kind, rows: shown, hiddenEqualRows: rows.count - shown.count)
    }

    /// Experiment, status, start, duration, user, source and git commit of each run.
    static func runSection(_ runs: [ComparedRun]) -> [ComparisonRow] {
        func row(_ key: String, _ cell: (ComparedRun) -> ComparisonValue) -> ComparisonRow {
            TextRows.textRow(key: key, cells: runs.map(cell))
        }
        func tag(_ key: String) -> (ComparedRun) -> ComparisonValue {
            { compared in compared.run.tag(key).map(ComparisonValue.text) ?? .missing }
        }
        let rows = [
            row("experiment") { .text($0.experimentName ?? $0.run.info.experimentId) },
            row("status") { .text($0.run.info.status.rawValue) },
            row("start") { $0.run.info.startTime.map(ComparisonValue.time) ?? .missing },
            row("duration") { compared in
                let info = compared.run.info
                guard let start = info.startTime, let end = info.endTime, end >= start else { return .missing }
                return .duration(end - start)
            },
            row("user") { .text($0.run.info.userId) },
            row("source", tag(SystemTag.sourceName)),
            row("git commit", tag(SystemTag.gitCommit)),
        ]
        // Equal as numbers means nothing for these.
        return rows.map { row in
            var row = row
            row.equalAsNumbers = false
            return row
        }
    }
}
