import TerminalCore
import Testing

@Suite struct ColorDepthTests {
    @Test func detectionFromTheEnvironment() {
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": "1"]) == .none)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": ""]) == .indexed256)
        #expect(ColorDepth.detect(environment: ["TERM": "tmux-256color", "COLORTERM": "truecolor"]) == .trueColor)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm", "COLORTERM": "24bit"]) == .trueColor)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-direct"]) == .trueColor)
        #expect(ColorDepth.detect(environment: ["TERM": "screen"]) == .ansi16)
        #expect(ColorDepth.detect(environment: ["TERM": "linux"]) == .ansi16)
        #expect(ColorDepth.detect(environment: ["TERM": "dumb"]) == .none)
        #expect(ColorDepth.detect(environment: ["TERM": "vt100"]) == .none)
        #expect(ColorDepth.detect(environment: [:]) == .none)
        #expect([ColorDepth.trueColor, .none, .indexed256, .ansi16].sorted() == [.none, .ansi16, .indexed256, .trueColor])
    }

    @Test func rgbStepsToTheNearestIndexedColour() {
        #expect(Color.rgb(255, 0, 0).stepped(to: .indexed256) == .indexed(196))
        #expect(Color.rgb(0, 0, 0).stepped(to: .indexed256) == .indexed(16))
        #expect(Color.rgb(128, 128, 128).stepped(to: .indexed256) == .indexed(244))
        #expect(Color.rgb(95, 135, 175).stepped(to: .indexed256) == .indexed(67))
        #expect(Color.rgb(1, 2, 3).stepped(to: .trueColor) == .rgb(1, 2, 3))
    }

    @Test func stepsDownToSixteenAndNone() {
        #expect(Color.rgb(250, 10, 10).stepped(to: .ansi16) == .ansi(9))
        #expect(Color.rgb(0, 190, 0).stepped(to: .ansi16) == .ansi(2))
        #expect(Color.indexed(196).stepped(to: .ansi16) == .ansi(9))
        #expect(Color.indexed(4).stepped(to: .ansi16) == .ansi(4))
        #expect(Color.indexed(232).stepped(to: .ansi16) == .ansi(0))
        #expect(Color.ansi(12).stepped(to: .indexed256) == .ansi(12))
        #expect(Color.ansi(12).stepped(to: .none) == .default)
        let style = Style(fg: .rgb(1, 2, 3), bg: .indexed(200), attributes: [.bold, .reverse])
        #expect(style.stepped(to: .none) == Style(attributes: [.bold, .reverse]))
        #expect(style.stepped(to: .trueColor) == style)
    }
}

@Suite struct SymbolsTests {
    @Test func localeChoosesUnicodeOrASCII() {
        #expect(Symbols.detect(environment: ["LANG": "en_US.UTF-8"]) == .unicode)
        #expect(Symbols.detect(environment: ["LC_ALL": "C.utf8", "LANG": "C"]) == .unicode)
        #expect(Symbols.detect(environment: ["LC_ALL": "", "LC_CTYPE": "POSIX", "LANG": "en_US.UTF-8"]) == .ascii)
        #expect(Symbols.detect(environment: ["LANG": "de_DE.ISO-8859-1"]) == .ascii)
        #expect(Symbols.detect(environment: [:]) == .ascii)
    }

    @Test func asciiSymbolsAreASCII() {
        let s = Symbols.ascii
        let all = s.bars + s.spinner + s.boxCorners
            + [s.plusInfinity, s.minusInfinity, s.ellipsis, s.marked, s.horizontal, s.vertical, s.corner, s.tick]
        #expect(all.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) && DisplayWidth.of($0) == 1 })
        #expect(Symbols.unicode.bars.allSatisfy { DisplayWidth.of($0) == 1 })
    }
}
