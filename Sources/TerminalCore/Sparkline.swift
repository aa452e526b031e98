/// A sparkline of block characters, one column per value (or per bucket of values).
///
/// The scale runs over the finite values only: NaN leaves a gap, +inf and -inf draw a marker,
/// so one bad value never flattens the rest. A constant series sits at mid height.
public struct Sparkline: Sendable {
    public var values: [Double]
    public var style: Style
    /// The style of infinity markers.
    public var markerStyle: Style
    public var symbols: Symbols

    public init(_ values: [Double], style: Style = .plain, markerStyle: Style = Style(attributes: .bold),
                symbols: Symbols = .unicode) {
        self.values = values
        self.style = style
        self.markerStyle = markerStyle
        self.symbols = symbols
    }

    /// What one column shows.
    public enum Column: Sendable, Hashable {
        case gap
        case plusInfinity
        case minusInfinity
        /// A finite value scaled to 0...1 of the range.
        case level(Double)
    }

    /// The columns for `width` cells: one per value when they fit, otherwise one per bucket of
    /// values: a marker if the bucket holds an infinity (so a diverged step is never averaged
    /// away), else the mean of its finite values, else a gap.
    public static func columns(_ values: [Double], width: Int) -> [Column] {
        guard width > 0, !values.isEmpty else { return [] }
        let buckets = min(width, values.count)
        var raw: [Double] = []
        raw.reserveCapacity(buckets)
        for b in 0..<buckets {
            let start = b * values.count / buckets, end = max(start + 1, (b + 1) * values.count / buckets)
            var sum = 0.0, count = 0, plus = false, minus = false
            for v in values[start..<end] {
                if v.isFinite { sum += v; count += 1 } else if v == .infinity { plus = true } else if v == -.infinity { minus = true }
            }
            raw.append(plus ? .infinity : minus ? -.infinity : count > 0 ? sum / Double(count) : .nan)
        }
        let finite = raw.filter(\.isFinite)
        let low = finite.min() ?? 0, high = finite.max() ?? 0
        return raw.map { v in
            if v.isNaN { return .gap }
            if v == .infinity { return .plusInfinity }
            if v == -.infinity { return .minusInfinity }
            return .level(high > low ? (v - low) / (high - low) : 0.5)
        }
    }

    /// Draws into `rect`, left-aligned, bars rising from its bottom row through all its rows.
    public func draw(in rect: Rect, into buffer: inout CellBuffer) {
        let area = rect.intersection(buffer.area)
        guard !area.isEmpty else { return }
        buffer.fill(area, style: style)
        let steps = symbols.bars.count
        guard steps > 0 else { return }
        let levels = steps * area.height
        for (i, column) in Self.columns(values, width: area.width).enumerated() {
            let x = area.x + i
            switch column {
            case .gap:
                continue
            case .plusInfinity:
                buffer.put(symbols.plusInfinity, x: x, y: area.y, maxWidth: 1, style: markerStyle)
            case .minusInfinity:
                buffer.put(symbols.minusInfinity, x: x, y: area.maxY - 1, maxWidth: 1, style: markerStyle)
            case .level(let fraction):
                // At least the lowest bar, so the minimum is visible.
                var remaining = max(1, Int((fraction * Double(levels - 1)).rounded()) + 1)
                var y = area.maxY - 1
                while remaining > 0, y >= area.y {
                    let bar = min(remaining, steps)
                    buffer.put(symbols.bars[bar - 1], x: x, y: y, maxWidth: 1, style: style)
                    remaining -= bar
                    y -= 1
                }
            }
        }
    }

    /// The sparkline as a string of `width` columns or fewer (for one-row cells in a table).
    public static func string(_ values: [Double], width: Int, symbols: Symbols = .unicode) -> String {
        let steps = symbols.bars.count
        guard steps > 0 else { return "" }
        return columns(values, width: width).map { column -> String in
            switch column {
            case .gap: return " "
            case .plusInfinity: return symbols.plusInfinity
            case .minusInfinity: return symbols.minusInfinity
            case .level(let f): return symbols.bars[min(steps - 1, Int((f * Double(steps - 1)).rounded()))]
            }
        }.joined()
    }
}
