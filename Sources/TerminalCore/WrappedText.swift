/// Text wrapped at word boundaries to a width, for long parameter values and notes.
public enum WrappedText {
    /// The lines of sanitised `text` at most `width` columns wide: breaks at `\n`, then between
    /// words; a word longer than a line is cut wherever it must be.
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        for paragraph in SafeText.sanitize(text, keepNewlines: true).split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineWidth = 0
            for word in words(paragraph) {
                let wordWidth = DisplayWidth.of(word)
                if lineWidth + wordWidth <= width {
                    line += word
                    lineWidth += wordWidth
                    continue
                }
                let isSpace = word.allSatisfy { $0 == " " }
                if lineWidth > 0 {
                    lines.append(trimmingTrailingSpaces(line))
                    line = ""
                    lineWidth = 0
                    if isSpace { continue }
                }
                // A word wider than the line: cut it into line-sized pieces.
                for character in word {
                    let w = DisplayWidth.of(character)
                    if lineWidth + w > width, lineWidth > 0 {
                        lines.append(line)
                        line = ""
                        lineWidth = 0
                    }
                    if w > width { continue }
                    line.append(character)
                    lineWidth += w
                }
            }
            lines.append(trimmingTrailingSpaces(line))
        }
        return lines
    }

    /// Draws the lines of `text` into `rect`, skipping the first `scroll` lines; returns how many
    /// lines the whole text takes at this width.
    @discardableResult
    public static func draw(_ text: String, in rect: Rect, scroll: Int = 0, style: Style,
                            into buffer: inout CellBuffer) -> Int {
        let all = lines(text, width: rect.width)
        buffer.fill(rect, style: style)
        let first = min(max(0, scroll), max(0, all.count - 1))
        for (offset, line) in all.dropFirst(first).prefix(rect.height).enumerated() {
            buffer.put(line, x: rect.x, y: rect.y + offset, maxWidth: rect.width, style: style)
        }
        return all.count
    }

    /// Runs of non-spaces and runs of spaces, in order.
    static func words(_ text: Substring) -> [String] {
        var out: [String] = []
        var current = ""
        var currentIsSpace = false
        for character in text {
            let isSpace = character == " "
            if !current.isEmpty && isSpace != currentIsSpace {
                out.append(current)
                current = ""
            }
            current.append(character)
            currentIsSpace = isSpace
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func trimmingTrailingSpaces(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }
}
