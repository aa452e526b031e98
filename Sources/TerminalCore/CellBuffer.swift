/// A screen of cells in one flat row-major array, drawn into by widgets and diffed by backends.
///
/// A wide character takes two cells: its text in the left one and `""` in the right one. `put`
/// and `fill` keep that pairing intact when they overwrite half of a wide character; the raw
/// subscript setter does not.
public struct CellBuffer: Sendable, Hashable {
    /// The size in cells; setting it clears the buffer to blanks.
    public var size: Size {
        didSet { cells = Array(repeating: .blank, count: max(0, size.width) * max(0, size.height)) }
    }
    /// The cells row by row.
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = size
        self.cells = Array(repeating: .blank, count: max(0, size.width) * max(0, size.height))
    }

    /// The whole buffer as a rectangle at the origin.
    public var area: Rect { Rect(size: size) }

    /// The cell at a column and row; outside the buffer a blank cell is read and writes are ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return .blank }
            return cells[y * size.width + x]
        }
        set {
            guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
            cells[y * size.width + x] = newValue
        }
    }

    /// Every cell back to a blank in `style`.
    public mutating func clear(style: Style = .plain) {
        let blank = Cell(" ", style: style)
        for i in cells.indices { cells[i] = blank }
    }

    /// Draws sanitised text clipped to `maxWidth` columns and the buffer, wide characters taking two
    /// cells; returns the columns used.
    ///
    /// A wide character that would straddle the limit is left out. Zero-width characters that
    /// are a grapheme on their own are dropped.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, maxWidth: Int, style: Style) -> Int {
        guard y >= 0, y < size.height, maxWidth > 0, x < size.width else { return 0 }
        let limit = min(x + maxWidth, size.width)
        let rowStart = y * size.width
        var column = x
        // Fast path: printable ASCII is one cell per byte and needs no sanitising.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            for byte in text.utf8 {
                if column >= limit { break }
                if column >= 0 { write(Cell(ASCII.strings[Int(byte)], style: style), width: 1, rowStart: rowStart, x: column) }
                column += 1
            }
            return column - x
        }
        for character in SafeText.sanitize(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }
            if column + w > limit { break }
            if column >= 0 {
                write(Cell(String(character), style: style), width: w, rowStart: rowStart, x: column)
            } else if column + w > 0 {
                // The visible right half of a wide character cut by the left edge.
                write(Cell(" ", style: style), width: 1, rowStart: rowStart, x: 0)
            }
            column += w
        }
        return column - x
    }

    /// Draws text cut to `maxWidth` columns with `…` where it was cut; returns the columns used.
    @discardableResult
    public mutating func putTruncated(_ text: String, x: Int, y: Int, maxWidth: Int, style: Style) -> Int {
        let safe = SafeText.sanitize(text)
        return put(DisplayWidth.truncate(safe, to: maxWidth), x: x, y: y, maxWidth: maxWidth, style: style)
    }

    /// Fills `rect` (clipped to the buffer) with blanks in `style`.
    public mutating func fill(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        let blank = Cell(" ", style: style)
        for y in r.y..<r.maxY {
            let rowStart = y * size.width
            fixLeftEdge(rowStart: rowStart, x: r.x)
            for x in r.x..<r.maxX { cells[rowStart + x] = blank }
            fixRightEdge(rowStart: rowStart, x: r.maxX)
        }
    }

    /// Sets the style of every cell in `rect`, keeping their text (for highlighting a row).
    public mutating func setStyle(_ rect: Rect, style: Style) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            let rowStart = y * size.width
            for x in r.x..<r.maxX { cells[rowStart + x].style = style }
        }
    }

    /// The cells that differ from `old`, row by row; every cell if the sizes differ.
    ///
    /// The right halves of wide characters are left out: drawing the left half covers them.
    public func diff(from old: CellBuffer) -> [(x: Int, y: Int, cell: Cell)] {
        var changes: [(x: Int, y: Int, cell: Cell)] = []
        let width = size.width
        guard width > 0 else { return changes }
        if old.size != size {
            changes.reserveCapacity(cells.count)
            for (i, cell) in cells.enumerated() where !cell.isContinuation {
                changes.append((x: i % width, y: i / width, cell: cell))
            }
            return changes
        }
        cells.withUnsafeBufferPointer { new in
            old.cells.withUnsafeBufferPointer { previous in
                for i in 0..<new.count where new[i] != previous[i] && !new[i].isContinuation {
                    changes.append((x: i % width, y: i / width, cell: new[i]))
                }
            }
        }
        return changes
    }

    /// The characters row by row, rows joined by `"\n"`, trailing spaces kept (for snapshots).
    public func text() -> String {
        var out = ""
        out.reserveCapacity(cells.count + size.height)
        for y in 0..<max(0, size.height) {
            if y > 0 { out.append("\n") }
            let rowStart = y * size.width
            for x in 0..<size.width { out.append(cells[rowStart + x].text) }
        }
        return out
    }

    /// One row's characters (a wide character once).
    public func text(row y: Int) -> String {
        guard y >= 0, y < size.height else { return "" }
        let rowStart = y * size.width
        var out = ""
        for x in 0..<size.width { out.append(cells[rowStart + x].text) }
        return out
    }

    /// Writes a cell of `width` columns at `x`, blanking any wide character it cuts in half.
    private mutating func write(_ cell: Cell, width: Int, rowStart: Int, x: Int) {
        fixLeftEdge(rowStart: rowStart, x: x)
        cells[rowStart + x] = cell
        if width == 2 { cells[rowStart + x + 1] = Cell("", style: cell.style) }
        fixRightEdge(rowStart: rowStart, x: x + width)
    }

    /// If the cell at `x` is the right half of a wide character, blanks its left half.
    private mutating func fixLeftEdge(rowStart: Int, x: Int) {
        if x > 0, cells[rowStart + x].isContinuation {
            cells[rowStart + x - 1] = Cell(" ", style: cells[rowStart + x - 1].style)
        }
    }

    /// If the cell at `x` is a right half whose left half was just overwritten, blanks it.
    private mutating func fixRightEdge(rowStart: Int, x: Int) {
        if x < size.width, cells[rowStart + x].isContinuation {
            cells[rowStart + x] = Cell(" ", style: cells[rowStart + x].style)
        }
    }
}

/// One-character strings for the printable ASCII bytes, made once.
enum ASCII {
    static let strings: [String] = (0..<128).map { String(UnicodeScalar(UInt8($0))) }
}
