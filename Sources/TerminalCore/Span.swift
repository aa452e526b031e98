/// A piece of text with its own style, or the surrounding style when `style` is nil.
///
/// In modules that import TerminalCore this name shadows the standard library's `Span`.
public struct Span: Sendable, Hashable, ExpressibleByStringLiteral {
    public var text: String
    public var style: Style?

    public init(_ text: String, style: Style? = nil) {
        self.text = text
        self.style = style
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }
}

extension CellBuffer {
    /// Draws spans one after another from `x`, clipped to `maxWidth` columns; returns the columns
    /// used. A span without a style takes `style`; a span's style is drawn over it.
    @discardableResult
    public mutating func put(_ spans: [Span], x: Int, y: Int, maxWidth: Int, style: Style) -> Int {
        var used = 0
        for span in spans where used < maxWidth {
            let spanStyle = span.style.map { $0.over(style) } ?? style
            used += put(span.text, x: x + used, y: y, maxWidth: maxWidth - used, style: spanStyle)
        }
        return used
    }
}
