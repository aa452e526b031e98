/// How text sits in a column.
public enum Alignment: Sendable, Hashable {
    case left, right, center
}

/// One table column: its header, how wide it is and how its text is aligned.
public struct TableColumn: Sendable, Hashable {
    public var title: String
    public var width: Constraint
    public var alignment: Alignment

    public init(_ title: String, width: Constraint, alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

/// The styles a table draws with; `selected` and `marked` are drawn over `row`.
public struct TableStyles: Sendable, Hashable {
    public var header: Style
    public var row: Style
    public var selected: Style
    public var marked: Style

    public init(header: Style = Style(attributes: .bold), row: Style = .plain,
                selected: Style = Style(attributes: .reverse), marked: Style = Style(attributes: .bold)) {
        self.header = header
        self.row = row
        self.selected = selected
        self.marked = marked
    }
}

/// A table that draws only its visible rows, asking for their cells as it goes, so 20,000 rows
/// cost no more than a screenful.
public struct Table {
    public var columns: [TableColumn]
    public var rowCount: Int
    /// The selected row, if any; the table scrolls to keep it visible.
    public var selected: Int?
    /// The first row shown last time; the new offset moves from it only as far as needed.
    public var offset: Int
    public var showsHeader: Bool
    /// Whether a two-column gutter shows which rows are marked.
    public var showsMarks: Bool
    public var columnSpacing: Int
    public var styles: TableStyles
    public var symbols: Symbols

    public init(columns: [TableColumn], rowCount: Int, selected: Int? = nil, offset: Int = 0,
                showsHeader: Bool = true, showsMarks: Bool = false, columnSpacing: Int = 1,
                styles: TableStyles = TableStyles(), symbols: Symbols = .unicode) {
        self.columns = columns
        self.rowCount = rowCount
        self.selected = selected
        self.offset = offset
        self.showsHeader = showsHeader
        self.showsMarks = showsMarks
        self.columnSpacing = columnSpacing
        self.styles = styles
        self.symbols = symbols
    }

    /// The first row to show so that `selected` is visible, moving from `offset` as little as
    /// possible and never leaving empty rows below the last one.
    public static func scrollOffset(selected: Int?, offset: Int, visibleRows: Int, rowCount: Int) -> Int {
        guard visibleRows > 0, rowCount > 0 else { return 0 }
        var first = min(max(0, offset), max(0, rowCount - visibleRows))
        if let selected {
            let row = min(max(0, selected), rowCount - 1)
            if row < first { first = row }
            if row >= first + visibleRows { first = row - visibleRows + 1 }
        }
        return first
    }

    /// How many data rows fit in `rect`.
    public func visibleRows(in rect: Rect) -> Int {
        max(0, rect.height - (showsHeader ? 1 : 0))
    }

    /// The column rectangles within `rect`'s width (after the gutter), one per column.
    public func columnRects(in rect: Rect) -> [Rect] {
        let gutter = showsMarks ? min(2, rect.width) : 0
        return rect.splitLeft(gutter).rest.columns(columns.map(\.width), spacing: columnSpacing)
    }

    /// Draws the header and the visible rows into `rect`; returns the offset used, for the
    /// caller to keep. `cell(row, column)` is called only for visible rows.
    @discardableResult
    public func draw(
        in rect: Rect, into buffer: inout CellBuffer,
        isMarked: (Int) -> Bool = { _ in false },
        rowStyle: (Int) -> Style? = { _ in nil },
        cell: (_ row: Int, _ column: Int) -> Span
    ) -> Int {
        let area = rect.intersection(buffer.area)
        guard !area.isEmpty else { return Self.scrollOffset(selected: selected, offset: offset, visibleRows: 0, rowCount: rowCount) }
        let bodyRows = visibleRows(in: area)
        let first = Self.scrollOffset(selected: selected, offset: offset, visibleRows: bodyRows, rowCount: rowCount)
        let rects = columnRects(in: area)
        var y = area.y
        if showsHeader {
            buffer.fill(area.row(0), style: styles.header)
            for (column, r) in zip(columns, rects) where r.width > 0 {
                put(Span(column.title), alignment: column.alignment, in: r, y: y, style: styles.header, into: &buffer)
            }
            y += 1
        }
        for index in first..<min(rowCount, first + bodyRows) {
            var style = rowStyle(index).map { $0.over(styles.row) } ?? styles.row
            let marked = isMarked(index)
            if marked { style = styles.marked.over(style) }
            if index == selected { style = styles.selected.over(style) }
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
            if showsMarks, marked { buffer.put(symbols.marked, x: area.x, y: y, maxWidth: min(1, area.width), style: style) }
            for (c, r) in rects.enumerated() where r.width > 0 {
                put(cell(index, c), alignment: columns[c].alignment, in: r, y: y, style: style, into: &buffer)
            }
            y += 1
        }
        if y < area.maxY {
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: area.maxY - y), style: styles.row)
        }
        return first
    }

    private func put(_ segment: Span, alignment: Alignment, in r: Rect, y: Int, style: Style, into buffer: inout CellBuffer) {
        let text = DisplayWidth.truncate(SafeText.sanitize(segment.text), to: r.width, ellipsis: symbols.ellipsis)
        let width = DisplayWidth.of(text)
        let x: Int
        switch alignment {
        case .left: x = r.x
        case .right: x = r.x + r.width - width
        case .center: x = r.x + (r.width - width) / 2
        }
        buffer.put(text, x: x, y: y, maxWidth: r.maxX - x, style: segment.style.map { $0.over(style) } ?? style)
    }
}
