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
        MarkdownTable(columns: columns, rows: rows, rightAligned: numericColumns).render()
    }

    /// The widest a table column gets; longer values are cut with `…`.
    static let maxColumnWidth = 40

    /// Columns before `droppableFrom` are always shown (the widest narrowed if need be); the others
    /// are added left to right while they fit, and a note says how many did not.
    func table(width: Int) -> String {
        let safeRows = rows.map { $0.map { SafeText.sanitize($0) } }
        let safeColumns = columns.map { SafeText.sanitize($0) }
        var widths = safeColumns.indices.map { index in
            let values = safeRows.map { index < $0.count ? DisplayWidth.of($0[index]) : 0 }.max() ?? 0
            return min(TextTable.maxColumnWidth, max(values, min(DisplayWidth.of(safeColumns[index]), max(values, 8))))
        }
        let gap = 2
        var visible = Array(safeColumns.indices.prefix(droppableFrom))
        var used = visible.reduce(0) { $0 + widths[$1] } + gap * max(0, visible.count - 1)
        while used > width, let widest = visible.max(by: { widths[$0] < widths[$1] }), widths[widest] > 6 {
            widths[widest] -= 1
            used -= 1
        }
        for index in safeColumns.indices.dropFirst(droppableFrom) {
            let needed = widths[index] + (visible.isEmpty ? 0 : gap)
            guard used + needed <= width else { break }
            visible.append(index)
            used += needed
        }
        func line(_ cells: [String]) -> String {
            let text = visible.map { index in
                DisplayWidth.pad(index < cells.count ? cells[index] : "", to: widths[index], alignRight: numericColumns.contains(index))
            }.joined(separator: String(repeating: " ", count: gap))
            return String(text.reversed().drop(while: { $0 == " " }).reversed())
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
    if isatty(STDOUT_FILENO) == 1, let size = TerminalSize.of(STDOUT_FILENO) { return size.width }
    if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    return 120
}

/// The size of the terminal behind a file descriptor (the one place that asks the kernel).
enum TerminalSize {
    /// Columns and rows of the terminal `fd` is, or nil when it is none (or reports no size).
    static func of(_ fd: Int32) -> Size? {
        var size = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0 else { return nil }
        return Size(width: Int(size.ws_col), height: Int(size.ws_row))
    }
}
