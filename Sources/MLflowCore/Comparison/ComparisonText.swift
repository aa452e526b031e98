/// A comparison as text for people: the words, cells and notes that the command line's table and
/// Markdown and the dashboard's comparison view (and its Markdown copy) all show, so that they
/// never disagree.
public enum ComparisonText {
    /// Shown for a value a run does not have (an empty string is shown as `""`).
    public static let missing = "—"

    /// Section headings: `params`, `metrics (best)`, `metrics (at step 100)`.
    public static func title(_ kind: ComparisonSectionKind, mode: MetricValueMode) -> String {
        guard kind == .metrics else { return kind.rawValue }
        if let step = mode.step { return "metrics (at step \(step))" }
        return "metrics (\(mode.name))"
    }

    /// What a row's key is followed by: `(equal as numbers)`, `(lower is better)`.
    public static func keyNotes(_ row: ComparisonRow) -> [String] {
        var notes: [String] = []
        if row.equalAsNumbers { notes.append("equal as numbers") }
        if let metric = row.metric {
            notes.append(metric.goal == .lowerIsBetter ? "lower is better" : "higher is better")
        }
        return notes
    }

    /// A row's key with its notes: `lr (equal as numbers)`.
    public static func keyLabel(_ row: ComparisonRow) -> String {
        keyNotes(row).reduce(row.key) { $0 + " (\($1))" }
    }

    /// A cell's value alone, for people: short numbers, `—` for missing, `""` for empty text,
    /// times local and short (ISO 8601 UTC with `isoTimes`, for text read elsewhere and later),
    /// durations as `1h02m`.
    public static func value(_ cell: ComparisonValue, isoTimes: Bool = false) -> String {
        switch cell {
        case .missing: return missing
        case .text(let text): return text.isEmpty ? "\"\"" : text
        case .number(let value): return ValueText.short(value)
        case .time(let millis): return isoTimes ? ValueText.time(millis) : ValueText.shortTime(millis)
        case .duration(let millis): return ValueText.duration(from: 0, to: millis)
        }
    }

    /// A cell's value exactly, for files (csv): full numbers, ISO times, milliseconds; empty for missing.
    public static func exactValue(_ cell: ComparisonValue) -> String {
        switch cell {
        case .missing: return ""
        case .text(let text): return text
        case .number(let value): return ValueText.number(value)
        case .time(let millis): return ValueText.time(millis)
        case .duration(let millis): return String(millis)
        }
    }

    /// The change against the baseline: `-0.1, -20%, better`; `same` when equal. Without the
    /// verdict (`-0.1, -20%`) where colour says it.
    public static func change(_ change: MetricChange, verdict: Bool = true) -> String {
        if change.verdict == .same { return "same" }
        var parts = [signed(change.absolute)]
        if let relative = change.relative { parts.append(percent(relative)) }
        if verdict, let word = change.verdict?.rawValue { parts.append(word) }
        return parts.joined(separator: ", ")
    }

    /// A relative change as a percentage with three significant digits: `+12.5%`, `-0.04%`.
    public static func percent(_ relative: Double) -> String {
        ValueText.significant(relative * 100, digits: 3, plus: true) + "%"
    }

    /// A number with its sign: `+0.1`, `-2`.
    public static func signed(_ value: Double) -> String {
        let text = ValueText.short(value)
        return value > 0 ? "+" + text : text
    }

    /// How a cell is marked in plain text.
    public enum BestMark: Sendable {
        /// `0.4 *`, as in an aligned table.
        case star
        /// `**0.4**`, as in Markdown.
        case bold
    }

    /// A cell for people: its value, the best value of a metric row marked, and the change
    /// against the baseline after it (`0.4 * (-0.1, -20%, better)`).
    /// Without `verdict`, the change leaves out `better` or `worse` (where colour says it).
    public static func cell(_ row: ComparisonRow, _ column: Int, best: BestMark, isoTimes: Bool = false, verdict: Bool = true) -> String {
        let cell = row.cells[column]
        var text = value(cell, isoTimes: isoTimes)
        guard let metric = row.metric, cell.number != nil else { return text }
        if metric.bestColumns.contains(column) {
            switch best {
            case .star: text += " *"
            case .bold: text = "**\(text)**"
            }
        }
        if let change = metric.changes[column], !change.absolute.isNaN { text += " (" + self.change(change, verdict: verdict) + ")" }
        return text
    }

    /// `3 equal params and 12 equal tags`, or nil when no section hides a row.
    public static func hiddenRows(_ comparison: RunComparison) -> String? {
        let parts = comparison.sections.filter { $0.hiddenEqualRows > 0 }.map { section -> String in
            "\(section.hiddenEqualRows) equal \(noun(section.kind, count: section.hiddenEqualRows))"
        }
        guard let last = parts.last else { return nil }
        return parts.count == 1 ? last : parts.dropLast().joined(separator: ", ") + " and " + last
    }

    /// `param`/`params`, `run attribute`/`run attributes` ...
    public static func noun(_ kind: ComparisonSectionKind, count: Int) -> String {
        let one: String
        switch kind {
        case .run: one = "run attribute"
        case .params: one = "param"
        case .metrics: one = "metric"
        case .tags: one = "tag"
        }
        return count == 1 ? one : one + "s"
    }

    /// A comparison laid out as a grid of text: a key column and one column per run (the
    /// baseline's header says so in Markdown), a heading row before each section that shows rows,
    /// and the notes to print below (the last says how many equal rows are hidden and, in
    /// `hiddenHint`, how to show them). The caller escapes and draws the cells (a Markdown table,
    /// an aligned one).
    public static func grid(
        _ comparison: RunComparison, markdown: Bool, hiddenHint: String
    ) -> (headers: [String], rows: [[String]], notes: [String]) {
        var headers = comparison.columns.map(\.header)
        let baseline = comparison.baselineColumn.flatMap { headers.count > 1 ? $0 : nil }
        if let baseline, markdown { headers[baseline] += " (baseline)" }
        var rows: [[String]] = []
        for section in comparison.sections where !section.rows.isEmpty {
            let name = title(section.kind, mode: comparison.metricValue)
            rows.append([markdown ? "**\(name)**" : "[\(name)]"] + Array(repeating: "", count: headers.count))
            for row in section.rows {
                rows.append([keyLabel(row)] + row.cells.indices.map { cell(row, $0, best: markdown ? .bold : .star, isoTimes: markdown) })
            }
        }
        var notes: [String] = []
        if rows.isEmpty { notes.append("(no differences)") }
        if let baseline, !markdown, comparison.section(.metrics)?.rows.isEmpty == false {
            notes.append("(changes against the baseline: \(comparison.columns[baseline].header))")
        }
        if let hidden = hiddenRows(comparison) {
            if markdown { notes.append("") }
            notes.append("(\(hidden) hidden: \(hiddenHint))")
        }
        return (["key"] + headers, rows, notes)
    }
}
