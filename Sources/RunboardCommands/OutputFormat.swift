import ArgumentParser
import Foundation
import TerminalCore

/// How a command prints its results.
public enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    /// Aligned columns that fit the terminal width; control characters shown as escapes.
    case table
    /// Stable JSON (documented in the README); values exact, JSON-escaped.
    case json
    /// RFC 4180 CSV with every column; control characters shown as escapes.
    case csv
    /// A Markdown table; control characters shown as escapes, pipes escaped.
    case md
}

/// A table of strings: the shared shape of every command's output.
public struct TextTable: Sendable {
    public var columns: [String]
    public var rows: [[String]]
    /// Columns whose values are numbers, aligned right in tables.
    public var numericColumns: Set<Int> = []
    /// Columns dropped first when the table is too wide (the rest keep their order).
    public var droppableFrom: Int

    public init(columns: [String], rows: [[String]], numericColumns: Set<Int> = [], droppableFrom: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.numericColumns = numericColumns
        self.droppableFrom = droppableFrom ?? columns.count
    }

    /// Renders as csv, md or an aligned table of at most `width` columns.
    public func render(_ format: OutputFormat, width: Int) -> String {
        switch format {
        case .csv: return csv()
        case .md: return markdown()
        case .table, .json: return table(width: width)
        }
    }

    func csv() -> String {
        func field(_ raw: String) -> String {
            let text = SafeText.sanitize(raw)
            if text.contains(where: { $0 == "," || $0 == "\"" }) || text.hasPrefix(" ") || text.hasSuffix(" ") {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        return ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    func markdown() -> String {
        func cell(_ raw: String) -> String {
            SafeText.sanitize(raw).replacingOccurrences(of: "|", with: "\\|")
        }
        var lines = ["| " + columns.map(cell).joined(separator: " | ") + " |"]
        lines.append("|" + columns.indices.map { numericColumns.contains($0) ? " ---: |" : " --- |" }.joined())
        for row in rows { lines.append("| " + row.map(cell).joined(separator: " | ") + " |") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Columns are narrowed to fit `width`; when even that is too wide, the droppable columns go
    /// from the right and a note says how many are hidden.
    func table(width: Int) -> String {
        let safeRows = rows.map { $0.map { SafeText.sanitize($0) } }
        let safeColumns = columns.map { SafeText.sanitize($0) }
        var natural = safeColumns.indices.map { index in
            max(DisplayWidth.of(safeColumns[index]), safeRows.map { index < $0.count ? DisplayWidth.of($0[index]) : 0 }.max() ?? 0)
        }
        var visible = Array(safeColumns.indices)
        let minimum = 6
        func total(_ cols: [Int]) -> Int { cols.reduce(0) { $0 + min(natural[$1], max(minimum, natural[$1])) } + 2 * max(0, cols.count - 1) }
        func minimumTotal(_ cols: [Int]) -> Int { cols.reduce(0) { $0 + min(natural[$1], minimum) } + 2 * max(0, cols.count - 1) }
        while minimumTotal(visible) > width, let last = visible.last, last >= droppableFrom { visible.removeLast() }
        // Shrink the widest visible columns until the whole fits.
        while total(visible) > width {
            guard let widest = visible.max(by: { natural[$0] < natural[$1] }), natural[widest] > minimum else { break }
            natural[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            visible.map { index in
                DisplayWidth.pad(index < cells.count ? cells[index] : "", to: natural[index], alignRight: numericColumns.contains(index))
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        var out = [line(safeColumns)]
        out += safeRows.map(line)
        let hidden = safeColumns.count - visible.count
        if hidden > 0 { out.append("(\(hidden) more column\(hidden == 1 ? "" : "s") not shown: widen the terminal or use --format csv or json)") }
        return out.joined(separator: "\n") + "\n"
    }
}

/// The terminal's width in columns: the terminal's own, else `$COLUMNS`, else 120.
public func terminalWidth() -> Int {
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
        return Int(size.ws_col)
    }
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    return 120
}
