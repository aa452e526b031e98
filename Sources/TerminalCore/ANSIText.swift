/// A cell buffer as lines of text for standard output: with SGR escape sequences for colours and
/// attributes when printing to a terminal, or plain; trailing blanks of each line dropped.
public enum ANSIText {
    /// The buffer's rows as text, each ending in a newline. With `colors`, every change of style
    /// is written as an SGR sequence and each line ends with a reset.
    public static func render(_ buffer: CellBuffer, colors: Bool) -> String {
        var out = ""
        for y in 0..<max(0, buffer.size.height) {
            // The last cell that is not a plain blank.
            var end = buffer.size.width
            while end > 0, buffer[end - 1, y].text == " " || buffer[end - 1, y].text.isEmpty,
                  !colors || buffer[end - 1, y].style.bg == .default && !buffer[end - 1, y].style.attributes.contains(.reverse) {
                end -= 1
            }
            var current = Style.plain
            for x in 0..<end {
                let cell = buffer[x, y]
                if cell.isContinuation { continue }
                if colors, cell.style != current {
                    out += sgr(cell.style)
                    current = cell.style
                }
                out += cell.text
            }
            if colors, current != .plain { out += "\u{1B}[0m" }
            out += "\n"
        }
        return out
    }

    /// The SGR sequence that sets exactly `style` (a reset first).
    public static func sgr(_ style: Style) -> String {
        var codes = ["0"]
        let a = style.attributes
        if a.contains(.bold) { codes.append("1") }
        if a.contains(.dim) { codes.append("2") }
        if a.contains(.italic) { codes.append("3") }
        if a.contains(.underline) { codes.append("4") }
        if a.contains(.reverse) { codes.append("7") }
        if let fg = color(style.fg, base: 30, bright: 90, extended: 38) { codes.append(fg) }
        if let bg = color(style.bg, base: 40, bright: 100, extended: 48) { codes.append(bg) }
        return "\u{1B}[" + codes.joined(separator: ";") + "m"
    }

    private static func color(_ color: Color, base: Int, bright: Int, extended: Int) -> String? {
        switch color {
        case .default: return nil
        case .ansi(let n): return n < 8 ? String(base + Int(n)) : String(bright + Int(n % 8))
        case .indexed(let n): return "\(extended);5;\(n)"
        case let .rgb(r, g, b): return "\(extended);2;\(r);\(g);\(b)"
        }
    }
}
