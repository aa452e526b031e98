/// The legend of a chart of several series: a sample of each line (its colour and pattern) and its
/// name, laid out in as many rows as allowed; names are cut to fit, and when not every series fits
/// the last entry says how many more there are.
public struct ChartLegend: Sendable {
    /// One series: its name (sanitised when drawn), style and pattern.
    public struct Entry: Sendable, Hashable {
        public var name: String
        public var style: Style
        public var pattern: LinePattern

        public init(name: String, style: Style, pattern: LinePattern = .solid) {
            self.name = name
            self.style = style
            self.pattern = pattern
        }
    }

    public var entries: [Entry]
    public var symbols: Symbols
    /// The style of the names and of the "+N more" note.
    public var textStyle: Style
    /// Cells of the line sample before each name.
    public var swatchCells = 3
    /// The longest a name may be before it is cut (the legend then fits more entries in a row).
    public var maxNameWidth = 28

    public init(entries: [Entry], symbols: Symbols = .unicode, textStyle: Style = .plain) {
        self.entries = entries
        self.symbols = symbols
        self.textStyle = textStyle
    }

    /// One laid-out row: the entries' texts with their styles.
    public typealias Row = [Span]

    /// The rows of the legend in `width` columns and at most `maxRows` rows: entries packed
    /// left to right two spaces apart; when they need more rows, the last row ends with `+N more`.
    public func rows(width: Int, maxRows: Int) -> [Row] {
        guard width > swatchCells + 1, maxRows > 0, !entries.isEmpty else { return [] }
        let names = entries.map { SafeText.sanitize($0.name) }
        let nameWidths = names.map { max(1, min(DisplayWidth.of($0), maxNameWidth, width - swatchCells - 1)) }
        // Entry indices per row, packed greedily.
        var packed: [[Int]] = [[]]
        var used = 0
        for index in entries.indices {
            let entryWidth = swatchCells + 1 + nameWidths[index]
            let gap = packed[packed.count - 1].isEmpty ? 0 : 2
            if gap > 0, used + gap + entryWidth > width {
                packed.append([index])
                used = entryWidth
            } else {
                packed[packed.count - 1].append(index)
                used += gap + entryWidth
            }
        }
        var note: String?
        if packed.count > maxRows {
            packed = Array(packed.prefix(maxRows))
            var last = packed[maxRows - 1]
            func rowWidth(_ row: [Int]) -> Int {
                row.enumerated().reduce(0) { $0 + ($1.offset == 0 ? 0 : 2) + swatchCells + 1 + nameWidths[$1.element] }
            }
            func more(_ row: [Int]) -> String {
                let shown = packed.dropLast().reduce(0) { $0 + $1.count } + row.count
                return "+\(entries.count - shown) more"
            }
            while !last.isEmpty, rowWidth(last) + 2 + DisplayWidth.of(more(last)) > width { last.removeLast() }
            note = more(last)
            packed[maxRows - 1] = last
        }
        var rows: [Row] = packed.map { row in
            row.enumerated().flatMap { offset, index in
                (offset == 0 ? [] : [Span("  ", style: textStyle)]) + entry(index, name: names[index], width: nameWidths[index])
            }
        }
        if let note, !rows.isEmpty {
            let prefix = rows[rows.count - 1].isEmpty ? "" : "  "
            rows[rows.count - 1].append(Span(DisplayWidth.truncate(prefix + note, to: width, ellipsis: symbols.ellipsis), style: textStyle))
        }
        return rows
    }

    private func entry(_ index: Int, name: String, width: Int) -> [Span] {
        let e = entries[index]
        return [Span(e.pattern.swatch(cells: swatchCells, braille: symbols.braille), style: e.style),
                Span(" " + DisplayWidth.truncate(name, to: max(1, width), ellipsis: symbols.ellipsis), style: textStyle)]
    }

    /// Draws the rows from the top of `rect`; returns the rows used.
    @discardableResult
    public func draw(in rect: Rect, into buffer: inout CellBuffer) -> Int {
        let laid = rows(width: rect.width, maxRows: rect.height)
        for (offset, row) in laid.enumerated() {
            buffer.put(row, x: rect.x, y: rect.y + offset, maxWidth: rect.width, style: textStyle)
        }
        return laid.count
    }
}
