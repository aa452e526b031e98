/// A one-row bar: spans on the left (store, loading, last error), spans on the right (key hints).
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
        let rightSpans = right
        let rightWidth = Self.width(rightSpans)
        if rightWidth >= row.width {
            buffer.put(Self.cut(rightSpans, to: row.width, ellipsis: symbols.ellipsis), x: row.x, y: row.y,
                       maxWidth: row.width, style: style)
            return
        }
        buffer.put(rightSpans, x: row.maxX - rightWidth, y: row.y, maxWidth: rightWidth, style: style)
        let room = row.width - rightWidth - (rightWidth > 0 ? 1 : 0)
        buffer.put(Self.cut(left, to: room, ellipsis: symbols.ellipsis), x: row.x, y: row.y, maxWidth: room, style: style)
    }

    static func width(_ spans: [Span]) -> Int {
        spans.reduce(0) { $0 + DisplayWidth.of(SafeText.sanitize($1.text)) }
    }

    /// The spans cut to `width` columns, the last one kept ending in the ellipsis.
    static func cut(_ spans: [Span], to width: Int, ellipsis: String) -> [Span] {
        guard Self.width(spans) > width else { return spans }
        var out: [Span] = []
        var used = 0
        for span in spans {
            let text = SafeText.sanitize(span.text)
            let w = DisplayWidth.of(text)
            if used + w < width {
                out.append(Span(text, style: span.style))
                used += w
                continue
            }
            out.append(Span(DisplayWidth.truncate(text + ellipsis, to: width - used, ellipsis: ellipsis), style: span.style))
            break
        }
        return out
    }
}
