/// A border around a pane with an optional title in its top edge.
public enum Box {
    /// Draws the border on `rect`'s edges and returns the inside; rectangles under 2x2 get no
    /// border and are returned whole.
    @discardableResult
    public static func draw(_ rect: Rect, title: String = "", style: Style, titleStyle: Style? = nil,
                            symbols: Symbols = .unicode, into buffer: inout CellBuffer) -> Rect {
        guard rect.width >= 2, rect.height >= 2, symbols.boxCorners.count == 4 else { return rect }
        let corners = symbols.boxCorners
        for x in rect.x + 1..<rect.maxX - 1 {
            buffer.put(symbols.horizontal, x: x, y: rect.y, maxWidth: 1, style: style)
            buffer.put(symbols.horizontal, x: x, y: rect.maxY - 1, maxWidth: 1, style: style)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            buffer.put(symbols.vertical, x: rect.x, y: y, maxWidth: 1, style: style)
            buffer.put(symbols.vertical, x: rect.maxX - 1, y: y, maxWidth: 1, style: style)
        }
        buffer.put(corners[0], x: rect.x, y: rect.y, maxWidth: 1, style: style)
        buffer.put(corners[1], x: rect.maxX - 1, y: rect.y, maxWidth: 1, style: style)
        buffer.put(corners[2], x: rect.x, y: rect.maxY - 1, maxWidth: 1, style: style)
        buffer.put(corners[3], x: rect.maxX - 1, y: rect.maxY - 1, maxWidth: 1, style: style)
        if !title.isEmpty, rect.width > 4 {
            let text = DisplayWidth.truncate(" " + SafeText.sanitize(title) + " ", to: rect.width - 2,
                                             ellipsis: symbols.ellipsis)
            buffer.put(text, x: rect.x + 1, y: rect.y, maxWidth: rect.width - 2, style: titleStyle ?? style)
        }
        return rect.inset()
    }
}
