/// One terminal cell: one grapheme and its style.
public struct Cell: Sendable, Hashable {
    /// One grapheme cluster; `""` for the right half of a wide character (backends skip it).
    public var text: String
    public var style: Style

    public init(_ text: String = " ", style: Style = .plain) {
        self.text = text
        self.style = style
    }

    /// A space in the default style.
    public static let blank = Cell()

    /// Whether this cell is the right half of a wide character.
    public var isContinuation: Bool { text.isEmpty }
}
