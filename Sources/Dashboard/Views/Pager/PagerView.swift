import MLflowCore
import TerminalCore

/// Draws the pager room: a header (mode, size, lines, progress), the text or table or binary
/// panel, and a footer (the search, or what the view leaves out).
enum PagerView {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let pager = state.pager
        let layout = PagerLayout(box: rect)
        let title = pager.file.map { SafeText.sanitize($0.ownerLabel) + " › " + SafeText.sanitize($0.path) } ?? "pager"
        Box.draw(rect, title: title, style: context[.borderFocused], titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        buffer.putTruncated(headerText(pager, context), x: layout.header.x, y: layout.header.y, maxWidth: layout.header.width, style: context[.dim])
        if case .failed(let message) = pager.load, pager.text.bytes.isEmpty {
            buffer.putTruncated("could not read the file: " + SafeText.sanitize(message), x: layout.content.x, y: layout.content.y,
                                maxWidth: layout.content.width, style: context[.statusError])
        } else if pager.mode == nil {
            buffer.putTruncated(pager.isLoading ? "reading…" : "", x: layout.content.x, y: layout.content.y, maxWidth: layout.content.width, style: context[.dim])
        } else if case .binary(let type) = pager.mode {
            drawBinary(pager, type: type, context, in: layout.content, into: &buffer)
        } else if pager.mode == .table, let table = pager.table {
            PagerTableView.draw(pager, table, context, in: layout.content, into: &buffer)
        } else if pager.text.lineCount == 0 {
            buffer.putTruncated(pager.isLoading ? "reading…" : "(empty file)", x: layout.content.x, y: layout.content.y,
                                maxWidth: layout.content.width, style: context[.dim])
        } else {
            drawText(pager, context, in: layout.content, into: &buffer)
        }
        drawFooter(pager, context, in: layout.footer, into: &buffer)
    }

    /// `json · 1.20 MiB · 3,402 lines · laid out`, with the progress while reading.
    static func headerText(_ pager: PagerState, _ context: RenderContext) -> String {
        guard let mode = pager.mode else {
            return pager.file?.size.map { "reading " + ByteSize.human($0) } ?? "reading"
        }
        var parts = [mode.name]
        if pager.isLoading {
            let read = ByteSize.human(pager.bytesRead)
            parts.append(pager.file?.size.map { "\(read) of \(ByteSize.human($0))" } ?? "\(read) read")
        } else if let size = pager.fileSize {
            parts.append(ByteSize.human(size))
        }
        switch mode {
        case .binary: break
        case .table:
            if let table = pager.table {
                parts.append("\(grouped(max(0, table.rows.count - 1))) rows × \(grouped(table.widths.count)) columns" + (pager.isLoading ? " so far" : ""))
            }
        case .text, .json:
            let lines = pager.text.fileLineCount
            parts.append("\(grouped(lines)) line\(lines == 1 ? "" : "s")" + (pager.isLoading ? " so far" : ""))
            if let note = pager.jsonNote, note == "laid out" { parts.append(note) }
            if pager.wrap { parts.append("wrap") }
        }
        if pager.truncated {
            parts.append("only the first \(ByteSize.human(Int64(pager.text.bytes.count))) read" + (pager.fileSize.map { " of \(ByteSize.human($0))" } ?? ""))
        }
        return parts.joined(separator: context.separator)
    }

    /// 1234567 as `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// The lines from the top of the view, numbered in a dim gutter, matches highlighted.
    static func drawText(_ pager: PagerState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        let text = pager.text
        let gutter = PagerLayout.gutterWidth(lines: text.fileLineCount)
        let width = max(1, rect.width - gutter)
        let needleLength = pager.search.needle.bytes.count
        let matches = pager.search.matches
        let current = pager.search.current.flatMap { $0 < matches.count ? matches[$0] : nil }
        var y = rect.y
        var line = min(max(0, pager.top), max(0, text.lineCount - 1))
        var skip = pager.wrap ? pager.topRow : 0
        while y < rect.maxY, line < text.lineCount {
            let range = text.lineRange(line)
            let mark = text.isContinuation(line) ? (context.symbols.braille ? "↪" : "+") : String(text.lineNumber(line))
            buffer.put(DisplayWidth.pad(mark, to: gutter - 1, alignRight: true), x: rect.x, y: y, maxWidth: gutter - 1, style: context[.dim])
            // The matches that touch this line, as byte ranges.
            var hits: [(range: Range<Int>, current: Bool)] = []
            if needleLength > 0 {
                var index = PagerText.lowerBound(matches, range.lowerBound - needleLength + 1)
                while index < matches.count, matches[index] < range.upperBound {
                    hits.append((matches[index]..<(matches[index] + needleLength), matches[index] == current))
                    index += 1
                }
            }
            let style = { (cell: PagerLine.Cell) -> Style in
                guard let hit = hits.first(where: { $0.range.contains(cell.source) }) else { return context[.text] }
                return hit.current ? context[.text].adding([.reverse, .bold, .underline]) : context[.text].adding(.reverse)
            }
            if pager.wrap {
                let rows = PagerLine.wrap(PagerLine.cells(text.bytes, range), width: width)
                for row in rows.dropFirst(skip) where y < rect.maxY {
                    drawCells(row, from: 0, x: rect.x + gutter, y: y, width: width, style: style, into: &buffer)
                    y += 1
                }
                skip = 0
            } else {
                let cells = PagerLine.cells(text.bytes, range, maxColumns: pager.column + width)
                drawCells(cells[...], from: pager.column, x: rect.x + gutter, y: y, width: width, style: style, into: &buffer)
                y += 1
            }
            line += 1
        }
    }

    /// Draws cells from display column `from` on, `width` columns at most.
    static func drawCells(_ cells: ArraySlice<PagerLine.Cell>, from: Int, x: Int, y: Int, width: Int,
                          style: (PagerLine.Cell) -> Style, into buffer: inout CellBuffer) {
        var column = 0
        for cell in cells {
            defer { column += cell.width }
            guard cell.width > 0 else { continue }
            if column + cell.width <= from { continue }
            let at = column - from
            if at >= width { break }
            if at < 0 {
                // A wide character cut by the left edge: its visible half as a blank.
                buffer.put(" ", x: x, y: y, maxWidth: 1, style: style(cell))
                continue
            }
            if at + cell.width > width { break }
            buffer.put(cell.text, x: x + at, y: y, maxWidth: cell.width, style: style(cell))
        }
    }

    /// A binary file: what it is and how big, never its bytes.
    static func drawBinary(_ pager: PagerState, type: String, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        let size = pager.fileSize.map { "\(ByteSize.human($0)) (\(grouped(Int($0))) bytes)" } ?? "unknown (the store did not say)"
        let lines: [(String, Style)] = [
            ("Binary file: not shown as text.", context[.text].adding(.bold)),
            ("", context[.text]),
            ("type  " + SafeText.sanitize(type), context[.text]),
            ("size  " + size, context[.text]),
            ("", context[.text]),
            ("d downloads it (asks where to put it).", context[.dim]),
        ]
        for (index, (text, style)) in lines.enumerated() where index < rect.height {
            buffer.putTruncated(text, x: rect.x + 2, y: rect.y + index + (rect.height > lines.count + 2 ? 1 : 0), maxWidth: rect.width - 2, style: style)
        }
    }

    /// The search prompt or its matches; else what the view leaves out.
    static func drawFooter(_ pager: PagerState, _ context: RenderContext, in row: Rect, into buffer: inout CellBuffer) {
        guard !row.isEmpty else { return }
        let search = pager.search
        if search.editing || search.isActive {
            let count = search.matches.count
            let status: String
            if count == 0 {
                status = search.isActive ? "no match" : ""
            } else {
                let total = "\(grouped(count))\(search.capped ? "+" : "")"
                status = search.current.map { "\(grouped($0 + 1))/\(total) matches" } ?? "\(total) matches"
            }
            let style = search.editing ? context[.prompt] : context[.text]
            if search.editing { buffer.fill(row, style: style) }
            let cursor = search.editing ? (context.symbols.braille ? "▏" : "_") : ""
            let statusWidth = DisplayWidth.of(status)
            buffer.put([Span("/"), Span(SafeText.sanitize(search.query)), Span(cursor)], x: row.x, y: row.y,
                       maxWidth: max(0, row.width - statusWidth - 1), style: style)
            buffer.put(status, x: row.maxX - statusWidth, y: row.y, maxWidth: statusWidth, style: count == 0 && search.isActive ? context[.statusError] : style)
            return
        }
        var notes: [String] = []
        if let note = pager.jsonNote, note != "laid out" { notes.append("JSON " + note) }
        if pager.truncated { notes.append("the file is larger than the \(ByteSize.human(Int64(pager.maxBytes))) the pager keeps: this is its first part") }
        if let table = pager.table {
            if table.capped { notes.append("the table shows the first \(grouped(PagerTable.maxRows)) rows") }
            if table.reader.endedInQuotes { notes.append("the file ends inside a quoted field") }
        }
        if case .failed(let message) = pager.load, !pager.text.bytes.isEmpty { notes.append("the read failed: " + SafeText.sanitize(message)) }
        buffer.putTruncated(notes.joined(separator: context.separator), x: row.x, y: row.y, maxWidth: row.width, style: context[.statusError])
    }
}
