/// How many colours the terminal shows, from none (attributes only) to 24-bit.
public enum ColorDepth: Sendable, Hashable, Comparable {
    case none, ansi16, indexed256, trueColor
}

extension ColorDepth {
    /// The depth the environment asks for: `NO_COLOR` (non-empty) gives `.none`, `COLORTERM`
    /// `truecolor`/`24bit` or a `*-direct` TERM true colour, a `*256color*` TERM 256 colours,
    /// `dumb`, `vt1xx`/`vt2xx` or no TERM none, any other TERM 16 colours.
    public static func detect(environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        let term = (environment["TERM"] ?? "").lowercased()
        if term.isEmpty || term == "dumb" { return .none }
        let colorterm = (environment["COLORTERM"] ?? "").lowercased()
        if colorterm == "truecolor" || colorterm == "24bit" || term.hasSuffix("-direct") { return .trueColor }
        if term.contains("256color") { return .indexed256 }
        if term.hasPrefix("vt1") || term.hasPrefix("vt2") { return .none }
        return .ansi16
    }
}

extension Color {
    /// This colour as the nearest one a terminal of `depth` can show; `.default` at `.none`.
    public func stepped(to depth: ColorDepth) -> Color {
        switch (self, depth) {
        case (.default, _): return .default
        case (_, .none): return .default
        case (_, .trueColor): return self
        case (.ansi, _): return self
        case (.indexed, .indexed256): return self
        case (.indexed(let n), .ansi16):
            if n < 16 { return .ansi(n) }
            let (r, g, b) = Palette.rgb(ofIndexed: n)
            return .ansi(Palette.nearestANSI(r, g, b))
        case (.rgb(let r, let g, let b), .indexed256): return .indexed(Palette.nearestIndexed(r, g, b))
        case (.rgb(let r, let g, let b), .ansi16): return .ansi(Palette.nearestANSI(r, g, b))
        }
    }
}

extension Style {
    /// This style for a terminal of `depth`: colours stepped down, attributes kept
    /// (at `.none` only the attributes remain).
    public func stepped(to depth: ColorDepth) -> Style {
        if depth == .trueColor { return self }
        return Style(fg: fg.stepped(to: depth), bg: bg.stepped(to: depth), attributes: attributes)
    }
}

/// The xterm palette, for matching colours across depths.
enum Palette {
    /// xterm's default values of the 16 ANSI colours.
    static let ansi: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    /// The six levels of each channel in the 6x6x6 cube (indices 16–231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    static func rgb(ofIndexed n: UInt8) -> (Int, Int, Int) {
        let i = Int(n)
        if i < 16 { let c = ansi[i]; return (Int(c.0), Int(c.1), Int(c.2)) }
        if i >= 232 { let v = 8 + 10 * (i - 232); return (v, v, v) }
        let c = i - 16
        return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        // Weighted like the eye: green counts most, blue least.
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    /// The nearest cube or grey-ramp entry (16–255).
    static func nearestIndexed(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let target = (Int(r), Int(g), Int(b))
        func level(_ v: Int) -> Int {
            var best = 0
            for (i, l) in cubeLevels.enumerated() where abs(l - v) < abs(cubeLevels[best] - v) { best = i }
            return best
        }
        let ri = level(target.0), gi = level(target.1), bi = level(target.2)
        let cube = 16 + 36 * ri + 6 * gi + bi
        let cubeDistance = distance(target, (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi]))
        let average = (target.0 + target.1 + target.2) / 3
        let greyIndex = min(23, max(0, (average - 3) / 10))
        let greyValue = 8 + 10 * greyIndex
        let greyDistance = distance(target, (greyValue, greyValue, greyValue))
        return UInt8(greyDistance < cubeDistance ? 232 + greyIndex : cube)
    }

    /// The nearest of the 16 ANSI colours.
    static func nearestANSI(_ r: (Int, Int, Int)) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for (i, c) in ansi.enumerated() {
            let d = distance(r, (Int(c.0), Int(c.1), Int(c.2)))
            if d < bestDistance { best = i; bestDistance = d }
        }
        return UInt8(best)
    }

    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        nearestANSI((Int(r), Int(g), Int(b)))
    }

    static func nearestANSI(_ r: Int, _ g: Int, _ b: Int) -> UInt8 {
        nearestANSI((r, g, b))
    }
}
