/// A one-row bar: segments on the left (store, loading, last error), segments on the right (key hints).
///
/// The right side keeps its place and the left side is cut with an ellipsis to fit beside it;
/// when even the right side does not fit, it is cut instead and the left side left out.
public struct StatusLine: Sendable, Hashable {
    public var left: [Span]
    public var right: [Span]
    public var style: Style
    public var symbols: Symbols

    public init(left: [Span], right: [Span] = [], style: Style = Style(attributes: .reverse),
                symbols: Symbols = .unicode) {
        self.left = left
        self.right = right
        self.style = style
        self.symbols = symbols
    }

    /// Draws the bar on the first row of `rect`.
    public func draw(in rect: Rect, into buffer: inout CellBuffer) {
        let row = rect.row(0).intersection(buffer.area)
        guard !row.isEmpty else { return }
        buffer.fill(row, style: style)
        let rightSegments = right
        let rightWidth = Self.width(rightSegments)
        if rightWidth >= row.width {
            buffer.put(Self.cut(rightSegments, to: row.width, ellipsis: symbols.ellipsis), x: row.x, y: row.y,
                       maxWidth: row.width, style: style)
            return
        }
        buffer.put(rightSegments, x: row.maxX - rightWidth, y: row.y, maxWidth: rightWidth, style: style)
        let room = row.width - rightWidth - (rightWidth > 0 ? 1 : 0)
        buffer.put(Self.cut(left, to: room, ellipsis: symbols.ellipsis), x: row.x, y: row.y, maxWidth: room, style: style)
    }

    /// Columns `segments` take once sanitised.
    public static func width(_ segments: [Span]) -> Int {
        segments.reduce(0) { $0 + DisplayWidth.of(SafeText.sanitize($1.text)) }
    }

    /// The segments cut to `width` columns, the last one kept ending in the ellipsis.
    static func cut(_ segments: [Span], to width: Int, ellipsis: String) -> [Span] {
        guard Self.width(segments) > width else { return segments }
        var out: [Span] = []
        var used = 0
        for segment in segments {
            let text = SafeText.sanitize(segment.text)
            let w = DisplayWidth.of(text)
            if used + w < width {
                out.append(Span(text, style: segment.style))
                used += w
                continue
            }
            out.append(Span(DisplayWidth.truncate(text + ellipsis, to: width - used, ellipsis: ellipsis), style: segment.style))
            break
        }
        return out
    }
}
