import Foundation
import MLflowClient

/// How `runboard compare` prints a comparison in each output format.
struct CompareOutput {
    var comparison: RunComparison

    func render(_ format: OutputFormat, width: Int) -> String {
        switch format {
        case .json: return String(decoding: CompareJSON.bytes(comparison), as: UTF8.self)
        case .csv: return csv()
        case .table, .md: return grid(format, width: width)
        }
    }

    /// Shown for a value a run does not have.
    static let missing = "—"

    /// Section headings: `metrics (best)`, `metrics (at step 100)`.
    func title(_ kind: ComparisonSectionKind) -> String {
        guard kind == .metrics else { return kind.rawValue }
        if let step = comparison.metricValue.step { return "metrics (at step \(step))" }
        return "metrics (\(comparison.metricValue.name))"
    }

    /// A key column and one column per run (the baseline's header says so); a heading row before
    /// each section that shows rows; notes on hidden rows below.
    func grid(_ format: OutputFormat, width: Int) -> String {
        let markdown = format == .md
        var headers = comparison.columns.map(\.header)
        // The table keeps its headers short (they are cut to the values' width): a note names the baseline.
        let baseline = comparison.baselineColumn.flatMap { headers.count > 1 ? $0 : nil }
        if let baseline, markdown { headers[baseline] += " (baseline)" }
        var rows: [[String]] = []
        for section in comparison.sections where !section.rows.isEmpty {
            let heading = markdown ? "**\(title(section.kind))**" : "[\(title(section.kind))]"
            rows.append([heading] + Array(repeating: "", count: headers.count))
            for row in section.rows {
                var key = row.key
                if row.equalAsNumbers { key += " (equal as numbers)" }
                if let metric = row.metric {
                    key += metric.goal == .lowerIsBetter ? " (lower is better)" : " (higher is better)"
                }
                rows.append([key] + row.cells.indices.map { cellText(row, $0, format: format) })
            }
        }
        var text = TextTable(columns: ["key"] + headers, rows: rows, droppableFrom: 1).render(format, width: width)
        if rows.isEmpty { text += "(no differences)\n" }
        if let baseline, !markdown, comparison.section(.metrics)?.rows.isEmpty == false {
            text += "(changes against the baseline: \(TerminalSafe.sanitize(comparison.columns[baseline].header)))\n"
        }
        if let note = hiddenNote() { text += (markdown ? "\n" : "") + note + "\n" }
        return text
    }

    /// `(3 equal params and 12 equal tags hidden: --all-rows shows them)`, or nil when none is.
    func hiddenNote() -> String? {
        let parts = comparison.sections.filter { $0.hiddenEqualRows > 0 }.map { section -> String in
            let noun: String
            switch section.kind {
            case .run: noun = section.hiddenEqualRows == 1 ? "run attribute" : "run attributes"
            case .params: noun = section.hiddenEqualRows == 1 ? "param" : "params"
            case .metrics: noun = section.hiddenEqualRows == 1 ? "metric" : "metrics"
            case .tags: noun = section.hiddenEqualRows == 1 ? "tag" : "tags"
            }
            return "\(section.hiddenEqualRows) equal \(noun)"
        }
        guard !parts.isEmpty else { return nil }
        let list = parts.count == 1 ? parts[0] : parts.dropLast().joined(separator: ", ") + " and " + (parts.last ?? "")
        return "(\(list) hidden: --all-rows shows them)"
    }

    /// A cell for people: a short number, the best marked, the change against the baseline.
    /// Times are local and short in a table, ISO 8601 UTC in Markdown (read elsewhere, later).
    func cellText(_ row: ComparisonRow, _ column: Int, format: OutputFormat) -> String {
        let cell = row.cells[column]
        if case .time(let millis) = cell, format == .md { return Format.time(millis) }
        var text = Self.plain(cell, forPeople: true)
        guard let metric = row.metric, cell.number != nil else { return text }
        if metric.bestColumns.contains(column) { text = format == .md ? "**\(text)**" : text + " *" }
        if let change = metric.changes[column], !change.absolute.isNaN { text += " (" + Self.describe(change) + ")" }
        return text
    }

    /// `-0.1, -20%, better`; `same` when equal.
    static func describe(_ change: MetricChange) -> String {
        if change.verdict == .same { return "same" }
        var parts = [signed(change.absolute)]
        if let relative = change.relative { parts.append(String(format: "%+.3g%%", relative * 100)) }
        if let verdict = change.verdict { parts.append(verdict.rawValue) }
        return parts.joined(separator: ", ")
    }

    static func signed(_ value: Double) -> String {
        let text = Format.short(value)
        return value > 0 ? "+" + text : text
    }

    /// A cell's value alone: for people (short numbers, local times, `1h02m`) or exact (csv).
    static func plain(_ cell: ComparisonValue, forPeople: Bool) -> String {
        switch cell {
        case .missing: return forPeople ? missing : ""
        case .text(let text): return forPeople && text.isEmpty ? "\"\"" : text
        case .number(let value): return forPeople ? Format.short(value) : Format.number(value)
        case .time(let millis): return forPeople ? Format.shortTime(millis) : Format.time(millis)
        case .duration(let millis): return forPeople ? Format.duration(from: 0, to: millis) : String(millis)
        }
    }

    /// `section,key,<one column per run>`: every row shown, exact values; a missing value is an
    /// empty field and an empty string a quoted one (`""`); times in ISO 8601, durations in ms.
    func csv() -> String {
        func field(_ raw: String, quoteEmpty: Bool = false) -> String {
            let text = TerminalSafe.sanitize(raw)
            if (quoteEmpty && text.isEmpty) || text.contains(where: { $0 == "," || $0 == "\"" }) || text.hasPrefix(" ") || text.hasSuffix(" ") {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        var lines = [(["section", "key"] + comparison.columns.map(\.header)).map { field($0) }.joined(separator: ",")]
        for section in comparison.sections {
            for row in section.rows {
                let cells = row.cells.map { cell in field(Self.plain(cell, forPeople: false), quoteEmpty: cell.text?.isEmpty == true) }
                lines.append(([field(section.kind.rawValue), field(row.key)] + cells).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
