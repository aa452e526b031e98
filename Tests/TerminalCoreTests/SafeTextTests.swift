import Testing
import TerminalCore

@Suite struct SafeTextTests {
    @Test func escapeSequencesBecomeVisible() {
        #expect(SafeText.sanitize("\u{1b}[2J\u{1b}[31mEVIL") == "\\x1b[2J\\x1b[31mEVIL")
        #expect(SafeText.sanitize("title\u{1b}]0;pwned\u{07}") == "title\\x1b]0;pwned\\x07")
        #expect(SafeText.sanitize("a\u{0}b\u{7f}c\u{9b}d") == "a\\x00b\\x7fc\\x9bd")
        #expect(SafeText.sanitize("line\nnext\ttab\r") == "line\\nnext\\ttab\\r")
        #expect(SafeText.sanitize("keep\nlines", keepNewlines: true) == "keep\nlines")
    }

    @Test func bidiOverridesAreNeutralised() {
        #expect(SafeText.sanitize("\u{202e}evil") == "\\u202eevil")
        #expect(SafeText.sanitize("a\u{2066}b\u{2069}\u{200f}") == "a\\u2066b\\u2069\\u200f")
    }

    @Test func plainTextIsUnchanged() {
        let text = "résumé-学習-🚀 val/loss"
        #expect(SafeText.sanitize(text) == text)
        for scalar in SafeText.sanitize("\u{1b}\u{9b}\u{202e}\u{0}\u{7f}").unicodeScalars {
            #expect(!SafeText.needsEscape(scalar))
        }
    }

    @Test func widthsOfWideAndZeroWidthCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("学習") == 4)
        #expect(DisplayWidth.of("🚀") == 2)
        #expect(DisplayWidth.of("e\u{301}") == 1)  // e + combining acute
        #expect(DisplayWidth.of("👩‍💻") == 2)  // ZWJ sequence: one cluster
        #expect(DisplayWidth.of("a\u{200b}b") == 2)
        #expect(DisplayWidth.of("ｆｕｌｌ") == 8)
        #expect(DisplayWidth.of("❤️") == 2)  // text-default emoji with VS16
    }

    @Test func truncateAndPadCountColumnsNotCharacters() {
        #expect(DisplayWidth.truncate("学習学習", to: 5) == "学習…")
        #expect(DisplayWidth.of(DisplayWidth.truncate("学習学習", to: 5)) == 5)
        #expect(DisplayWidth.pad("学", to: 4) == "学  ")
        #expect(DisplayWidth.pad("abcdef", to: 4) == "abc…")
        #expect(DisplayWidth.pad("7", to: 3, alignRight: true) == "  7")
        #expect(DisplayWidth.truncate("anything", to: 0) == "")
    }

    /// Found by fuzzing: a space beside a spacing mark (U+0903) or after a prepended mark (U+0600)
    /// joins its grapheme, so padding came out a column short.
    @Test func padTakesExactlyTheWidthWhenSpacesJoinAMark() {
        for text in ["\u{0903}x", "\u{0903}", "a\u{0600}", "\u{0600}"] {
            for alignRight in [false, true] {
                #expect(DisplayWidth.of(DisplayWidth.pad(text, to: 6, alignRight: alignRight)) == 6, "\(text.unicodeScalars.map(\.value)) \(alignRight)")
            }
        }
        #expect(DisplayWidth.pad("7", to: 3, alignRight: true) == "  7")
    }
}
