import MLflowCore
import TerminalCore

/// A CSV or TSV file as a table: its header row kept on top, rows numbered, columns as wide as
/// their widest loaded cell (up to a limit), scrolled sideways a column at a time.
enum PagerTableView {
    static func draw(_ pager: PagerState, _ table: PagerTable, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty, let header = table.rows.first else {
            buffer.putTruncated(pager.isLoading ? "reading…" : "(no rows)", x: rect.x, y: rect.y, maxWidth: rect.width, style: context[.dim])
            return
        }
        let bodyCount = table.rows.count - 1
        let gutter = PagerLayout.gutterWidth(lines: bodyCount)
        let gap = 2
        let currentRow = currentMatchRow(pager, table)
        // The columns that fit from the first one shown.
        var columns: [(index: Int, x: Int, width: Int)] = []
        var x = rect.x + gutter
        var index = min(pager.column, max(0, table.widths.count - 1))
        while index < table.widths.count, x < rect.maxX {
            let width = max(1, min(table.widths[index], rect.maxX - x))
            columns.append((index, x, width))
            x += width + gap
            index += 1
        }
        func drawRow(_ fields: [String], y: Int, style: Style) {
            for column in columns {
                let field = column.index < fields.count ? SafeText.sanitize(fields[column.index]) : ""
                buffer.put(DisplayWidth.truncate(field, to: column.width), x: column.x, y: y, maxWidth: column.width, style: style)
            }
        }
        buffer.put(String(repeating: " ", count: gutter), x: rect.x, y: rect.y, maxWidth: gutter, style: context[.tableHeader])
        buffer.fill(rect.row(0), style: context[.tableHeader])
        drawRow(header, y: rect.y, style: context[.tableHeader])
        var y = rect.y + 1
        var row = max(0, pager.top) + 1
        while y < rect.maxY, row <= bodyCount {
            let style = row == currentRow ? context[.text].adding(.reverse) : context[.text]
            if row == currentRow { buffer.fill(Rect(x: rect.x, y: y, width: rect.width, height: 1), style: style) }
            buffer.put(DisplayWidth.pad(String(row), to: gutter - 1, alignRight: true), x: rect.x, y: y, maxWidth: gutter - 1, style: context[.dim])
            drawRow(table.rows[row], y: y, style: style)
            y += 1
            row += 1
        }
    }

    /// The row holding the current search match, if any.
    static func currentMatchRow(_ pager: PagerState, _ table: PagerTable) -> Int? {
        guard let index = pager.search.current, index < pager.search.matches.count, !table.offsets.isEmpty else { return nil }
        return PagerText.lowerBound(table.offsets, pager.search.matches[index] + 1) - 1
    }
}
