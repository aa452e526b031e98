/// A GitHub-flavoured Markdown table of strings, safe to paste: every cell through `SafeText`
/// (control characters as visible escapes, so a newline cannot end a row) and `|` escaped.
public struct MarkdownTable: Sendable {
    public var columns: [String]
    public var rows: [[String]]
    /// Columns aligned right (`---:`), numbers mostly.
    public var rightAligned: Set<Int>
    /// Lines of text after the table (control characters escaped as in the cells).
    public var notes: [String]

    public init(columns: [String], rows: [[String]], rightAligned: Set<Int> = [], notes: [String] = []) {
        self.columns = columns
        self.rows = rows
        self.rightAligned = rightAligned
        self.notes = notes
    }

    /// One cell's text as Markdown shows it.
    public static func cell(_ raw: String) -> String {
        SafeText.sanitize(raw).replacing("|", with: "\\|")
    }

    /// The table, a line per row, then the notes, ending with a newline. Rows shorter than the
    /// header are padded.
    public func render() -> String {
        var lines = ["| " + columns.map(Self.cell).joined(separator: " | ") + " |"]
        lines.append("|" + columns.indices.map { rightAligned.contains($0) ? " ---: |" : " --- |" }.joined())
        for row in rows {
            let cells = columns.indices.map { $0 < row.count ? Self.cell(row[$0]) : "" }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        lines += notes.map { SafeText.sanitize($0) }
        return lines.joined(separator: "\n") + "\n"
    }
}
