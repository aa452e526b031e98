/// A piece of text with its own style, or the surrounding style when `style` is nil.
public struct StyledText: Sendable, Hashable, ExpressibleByStringLiteral {
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
    /// Draws segments one after another from `x`, clipped to `maxWidth` columns; returns the columns
    /// used. A segment without a style takes `style`; a segment's style is drawn over it.
    @discardableResult
    public mutating func put(_ segments: [StyledText], x: Int, y: Int, maxWidth: Int, style: Style) -> Int {
        var used = 0
        for segment in segments where used < maxWidth {
            let segmentStyle = segment.style.map { $0.over(style) } ?? style
            used += put(segment.text, x: x + used, y: y, maxWidth: maxWidth - used, style: segmentStyle)
        }
        return used
    }
}
