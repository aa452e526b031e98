import TerminalCore

/// Moving through the pager's text by screen rows: lines when they do not wrap, the rows of
/// wrapped lines when they do.
extension PagerState {
    /// How many screen rows line `index` takes at `width` columns (1 without wrap).
    func rowCount(of index: Int, width: Int) -> Int {
        guard wrap else { return 1 }
        return PagerLine.wrap(PagerLine.cells(text.bytes, text.lineRange(index)), width: width).count
    }

    /// The last position from which a screen is still full (the end at the bottom).
    func lastTop(rows: Int, width: Int) -> (line: Int, row: Int) {
        let count = text.lineCount
        guard count > 0 else { return (0, 0) }
        guard wrap else { return (max(0, count - rows), 0) }
        var left = rows
        var line = count - 1
        while line >= 0 {
            let taken = rowCount(of: line, width: width)
            if taken >= left { return (line, taken - left) }
            left -= taken
            line -= 1
        }
        return (0, 0)
    }

    /// Moves the view by `delta` screen rows, within the text.
    mutating func scroll(by delta: Int, rows: Int, width: Int) {
        let count = text.lineCount
        guard count > 0 else {
            top = 0
            topRow = 0
            return
        }
        let last = lastTop(rows: rows, width: width)
        if !wrap {
            top = min(max(0, top + delta), last.line)
            topRow = 0
            return
        }
        top = min(max(0, top), count - 1)
        var steps = delta
        while steps > 0, (top, topRow) < (last.line, last.row) {
            if topRow + 1 < rowCount(of: top, width: width) {
                topRow += 1
            } else if top + 1 < count {
                top += 1
                topRow = 0
            } else {
                break
            }
            steps -= 1
        }
        while steps < 0, top > 0 || topRow > 0 {
            if topRow > 0 {
                topRow -= 1
            } else {
                top -= 1
                topRow = rowCount(of: top, width: width) - 1
            }
            steps += 1
        }
        if (top, topRow) > (last.line, last.row) { (top, topRow) = (last.line, last.row) }
    }

    /// Puts `line` in view: unchanged when it already shows, else a third of the way down.
    mutating func reveal(line: Int, rows: Int, width: Int) {
        let visible = visibleLines(rows: rows, width: width)
        if visible.contains(line), line != visible.upperBound - 1 || !wrap { return }
        top = max(0, line)
        topRow = 0
        scroll(by: -(rows / 3), rows: rows, width: width)
    }

    /// The lines at least partly on screen.
    func visibleLines(rows: Int, width: Int) -> Range<Int> {
        let count = text.lineCount
        guard top < count else { return count..<count }
        guard wrap else { return top..<min(count, top + rows) }
        var used = rowCount(of: top, width: width) - topRow
        var line = top + 1
        while used < rows, line < count {
            used += rowCount(of: line, width: width)
            line += 1
        }
        return top..<line
    }
}
