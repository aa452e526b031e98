/// Makes untrusted text safe to draw in a terminal.
///
/// Names and values from a server or a file may hold ESC sequences, other C0/C1 controls, DEL,
/// NUL and bidi overrides. Drawn raw, they could clear the screen, set the window title or reorder
/// what the user reads. `SafeText` shows each as a visible escape (`\x1b`, `\n`, `\u202e`) instead.
public enum SafeText {
    /// The text with every control and bidi-control character replaced by a visible escape.
    /// With `keepNewlines`, `\n` stays a line break (for wrapped multi-line values).
    public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
        // Fast path: most names are plain.
        if !text.unicodeScalars.contains(where: needsEscape) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if keepNewlines, scalar == "\n" {
                out.append(scalar)
            } else if needsEscape(scalar) {
                out.append(contentsOf: escape(scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether a scalar must not reach the terminal as it is.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        return isBidiControl(v)
    }

    /// Bidi embeddings, overrides, isolates and marks (U+202A–202E, U+2066–2069, LRM, RLM, ALM).
    static func isBidiControl(_ v: UInt32) -> Bool {
        (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
    }

    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": return "\\n"
        case "\t": return "\\t"
        case "\r": return "\\r"
        default:
            let v = scalar.value
            let hex = String(v, radix: 16)
            if v <= 0xFF { return "\\x" + (hex.count < 2 ? "0" + hex : hex) }
            return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
    }
}

/// How many terminal columns text takes: wide (CJK, emoji) characters two, combining marks and
/// zero-width characters none.
public enum DisplayWidth {
    /// The width of a whole string (sanitise first: controls count as zero here).
    public static func of(_ text: String) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// The width of one grapheme cluster.
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.isASCII { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        // An emoji presentation selector or a keycap/ZWJ sequence makes it a wide emoji.
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        return width(of: first)
    }

    /// The width of one scalar on its own.
    public static func width(of scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x20 || (0x7F...0x9F).contains(v) { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if v == 0x200B || (0x1160...0x11FF).contains(v) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return isWide(v) ? 2 : 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
             0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF,
             0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4,
             0x17000...0x18CFF, 0x1AFF0...0x1B2FF, 0x1F200...0x1F2FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The text cut to at most `width` columns, with `…` where it was cut.
    public static func truncate(_ text: String, to width: Int) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - 1 { break }
            out.append(character)
            used += w
        }
        return out + "…"
    }

    /// The text cut or padded with spaces to exactly `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        var fill = max(0, width - of(cut))
        while true {
            let spaces = String(repeating: " ", count: fill)
            let padded = alignRight ? spaces + cut : cut + spaces
            // A space can join the grapheme beside it (before a spacing mark such as U+0903, after a
            // prepended mark such as U+0600) and then takes no column of its own: add one more.
            if fill == 0 || fill > width || of(padded) >= width { return padded }
            fill += 1
        }
    }
}
