/// A spinner for panes that are loading: one frame per tick of the loop's timer.
public enum Spinner {
    /// The frame to show at `tick`.
    public static func frame(_ tick: Int, symbols: Symbols = .unicode) -> String {
        let frames = symbols.spinner
        guard !frames.isEmpty else { return "" }
        return frames[((tick % frames.count) + frames.count) % frames.count]
    }

    /// Draws the frame and a label (`⠋ loading runs…`) at `x`, `y`; returns the columns used.
    @discardableResult
    public static func draw(_ label: String, tick: Int, x: Int, y: Int, maxWidth: Int, style: Style,
                            symbols: Symbols = .unicode, into buffer: inout CellBuffer) -> Int {
        buffer.put([Span(frame(tick, symbols: symbols) + " "), Span(label)], x: x, y: y, maxWidth: maxWidth, style: style)
    }
}
