import Foundation
import MLflowClient
import TerminalCore

/// How `runboard compare` prints a comparison in each output format. The cells and notes come
/// from `ComparisonText`, as in the dashboard's comparison view and its Markdown copy.
struct CompareOutput {
    var comparison: RunComparison

    func render(_ format: OutputFormat, width: Int) -> String {
        switch format {
        case .json: return String(decoding: CompareJSON.bytes(comparison), as: UTF8.self)
        case .csv: return csv()
        case .md:
            let grid = ComparisonText.grid(comparison, markdown: true, hiddenHint: "--all-rows shows them")
            return MarkdownTable(columns: grid.headers, rows: grid.rows, notes: grid.notes).render()
        case .table: return table(width: width)
        }
    }

    /// An aligned table that fits `width`: the key column always, then as many run columns as fit.
    func table(width: Int) -> String {
        let grid = ComparisonText.grid(comparison, markdown: false, hiddenHint: "--all-rows shows them")
        var text = TextTable(columns: grid.headers, rows: grid.rows, droppableFrom: 1).render(.table, width: width)
        for note in grid.notes { text += TerminalSafe.sanitize(note) + "\n" }
        return text
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
                let cells = row.cells.map { cell in field(ComparisonText.exactValue(cell), quoteEmpty: cell.text?.isEmpty == true) }
                lines.append(([field(section.kind.rawValue), field(row.key)] + cells).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
