import TerminalCore

/// One line of the pager as screen cells: UTF-8 decoded (invalid bytes as U+FFFD), tabs expanded
/// to stops of eight, controls and bidi controls shown as SafeText's escapes, and each cell
/// remembering the byte it came from (for search highlights).
struct PagerLine {
    struct Cell: Hashable {
        var text: String
        var width: Int
        /// The offset in the file's text of the byte this cell's character starts at.
        var source: Int
    }

    static let tabStop = 8

    /// The cells of `range` of `bytes`, stopping once `maxColumns` columns are laid out.
    static func cells(_ bytes: [UInt8], _ range: Range<Int>, maxColumns: Int = .max) -> [Cell] {
        var scalars = String.UnicodeScalarView()
        var sources: [Int] = []
        var column = 0
        var offset = range.lowerBound
        func add(_ scalar: Unicode.Scalar, width: Int, from source: Int) {
            scalars.append(scalar)
            sources.append(source)
            column += width
        }
        while offset < range.upperBound, column <= maxColumns {
            let start = offset
            let (decoded, length) = decode(bytes, at: offset, end: range.upperBound)
            offset += length
            guard let scalar = decoded else {
                add("\u{FFFD}", width: 1, from: start)
                continue
            }
            if scalar == "\t" {
                for _ in 0..<(tabStop - column % tabStop) { add(" ", width: 1, from: start) }
            } else if SafeText.needsEscape(scalar) {
                for escaped in SafeText.sanitize(String(scalar)).unicodeScalars { add(escaped, width: 1, from: start) }
            } else {
                add(scalar, width: DisplayWidth.width(of: scalar), from: start)
            }
        }
        var cells: [Cell] = []
        cells.reserveCapacity(sources.count)
        var index = 0
        for character in String(scalars) {
            let width = DisplayWidth.of(character)
            cells.append(Cell(text: String(character), width: width, source: sources[min(index, sources.count - 1)]))
            index += character.unicodeScalars.count
        }
        return cells
    }

    /// The scalar at `offset` and its length in bytes; nil for an invalid sequence, whose length is
    /// then its maximal well-formed prefix (at least one byte), as Unicode recommends for U+FFFD.
    static func decode(_ bytes: [UInt8], at offset: Int, end: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: return (nil, 1)
        }
        var value = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for k in 1..<length {
            guard offset + k < end else { return (nil, k) }
            let byte = bytes[offset + k]
            guard byte >= (k == 1 ? low : 0x80), byte <= (k == 1 ? high : 0xBF) else { return (nil, k) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (Unicode.Scalar(value), length)
    }

    /// Splits cells into rows of at most `width` columns (a wide character that does not fit starts
    /// the next row).
    static func wrap(_ cells: [Cell], width: Int) -> [ArraySlice<Cell>] {
        guard width > 0, !cells.isEmpty else { return [cells[...]] }
        var rows: [ArraySlice<Cell>] = []
        var start = 0
        var used = 0
        for (index, cell) in cells.enumerated() {
            if used + cell.width > width, index > start {
                rows.append(cells[start..<index])
                start = index
                used = 0
            }
            used += cell.width
        }
        rows.append(cells[start...])
        return rows
    }
}
