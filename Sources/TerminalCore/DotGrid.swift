/// A grid of dots, 2x4 per cell, that lines are rasterised into before becoming braille (or
/// ASCII) characters.
struct DotGrid {
    let columns: Int
    let rows: Int
    /// Dot bits per cell, in braille bit order.
    private(set) var bits: [UInt8]
    /// The series that last drew in each cell, or -1.
    private(set) var owner: [Int]

    var dotWidth: Int { columns * 2 }
    var dotHeight: Int { rows * 4 }

    init(columns: Int, rows: Int) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        bits = Array(repeating: 0, count: self.columns * self.rows)
        owner = Array(repeating: -1, count: self.columns * self.rows)
    }

    /// Braille bit of the dot at column `dx` (0–1) and row `dy` (0–3) of a cell.
    static let bitTable: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]

    mutating func set(dotX: Int, dotY: Int, series: Int) {
        guard dotX >= 0, dotY >= 0, dotX < dotWidth, dotY < dotHeight else { return }
        let index = (dotY / 4) * columns + dotX / 2
        bits[index] |= Self.bitTable[dotY % 4][dotX % 2]
        owner[index] = series
    }

    /// Draws the segment between two points in dot coordinates, clipped to the grid.
    mutating func line(from a: (Double, Double), to b: (Double, Double), series: Int) {
        var position = 0
        line(from: a, to: b, series: series, pattern: .solid, position: &position, continuing: false)
    }

    /// Draws the segment with `pattern`, its dots counted from `position` on: the segments of one
    /// series continue the count, so a dashed line stays dashed across many short segments. A
    /// `continuing` segment starts where the previous one ended; that dot was drawn and counted then.
    mutating func line(from a: (Double, Double), to b: (Double, Double), series: Int, pattern: LinePattern,
                       position: inout Int, continuing: Bool) {
        guard let (p, q) = clip(a, b) else { return }
        let skipFirst = continuing && p.0 == a.0 && p.1 == a.1
        var x0 = Int(p.0.rounded()), y0 = Int(p.1.rounded())
        let x1 = Int(q.0.rounded()), y1 = Int(q.1.rounded())
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var error = dx + dy
        var first = true
        while true {
            if !(first && skipFirst) {
                if pattern.draws(position) { set(dotX: x0, dotY: y0, series: series) }
                position += 1
            }
            first = false
            if x0 == x1 && y0 == y1 { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x0 += sx }
            if e2 <= dx { error += dx; y0 += sy }
        }
    }

    /// The part of a segment inside the grid (Liang–Barsky), or nil when none is.
    func clip(_ a: (Double, Double), _ b: (Double, Double)) -> ((Double, Double), (Double, Double))? {
        let xMax = Double(dotWidth - 1), yMax = Double(dotHeight - 1)
        guard xMax >= 0, yMax >= 0 else { return nil }
        let dx = b.0 - a.0, dy = b.1 - a.1
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, a.0), (dx, xMax - a.0), (-dy, a.1), (dy, yMax - a.1)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { if r > t1 { return nil }; t0 = max(t0, r) } else { if r < t0 { return nil }; t1 = min(t1, r) }
            }
        }
        return ((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy))
    }

    /// The character of a cell: a braille pattern, or with `braille` off an ASCII mark by where its
    /// dots are (`'` top half, `.` bottom half, `:` both); nil when the cell is empty.
    func character(column: Int, row: Int, braille: Bool) -> String? {
        let b = bits[row * columns + column]
        guard b != 0 else { return nil }
        if braille, let scalar = Unicode.Scalar(0x2800 + UInt32(b)) { return String(Character(scalar)) }
        let top = b & 0x1B != 0, bottom = b & 0xE4 != 0
        return top && bottom ? ":" : top ? "'" : "."
    }

    func series(column: Int, row: Int) -> Int { owner[row * columns + column] }
}
