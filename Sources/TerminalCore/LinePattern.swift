/// How a chart line is drawn along its dots: solid, or dashed and dotted in a repeating pattern,
/// so that lines can be told apart without colour (a monochrome theme, `NO_COLOR`, text in a pipe).
public enum LinePattern: Int, Sendable, Hashable, CaseIterable {
    case solid, dashed, dotted, dashDot, sparse, longDash, dashDotDot, dashSparse

    /// Which dots along the line are drawn, repeating; every pattern starts with a drawn dot.
    public var mask: [Bool] {
        switch self {
        case .solid: [true]
        case .dashed: [true, true, true, true, false, false]
        case .dotted: [true, false]
        case .dashDot: [true, true, true, true, false, false, true, false, false]
        case .sparse: [true, false, false, false]
        case .longDash: [true, true, true, true, true, true, true, true, false, false, false]
        case .dashDotDot: [true, true, true, true, false, true, false, true, false, false]
        case .dashSparse: [true, true, false, false, false, false, false]
        }
    }

    /// Whether the dot at `position` along the line is drawn.
    public func draws(_ position: Int) -> Bool {
        let mask = self.mask
        return mask[((position % mask.count) + mask.count) % mask.count]
    }

    /// A sample of the pattern `cells` wide for a legend: braille dots drawn as the chart draws
    /// them, or ASCII (`-` drawn, space skipped, two dots a cell).
    public func swatch(cells: Int, braille: Bool) -> String {
        var text = ""
        for cell in 0..<max(0, cells) {
            let left = draws(cell * 2), right = draws(cell * 2 + 1)
            if braille {
                // The two middle dot rows of each column.
                let bits = (left ? 0x06 : 0) | (right ? 0x30 : 0)
                text += bits == 0 ? " " : String(Character(Unicode.Scalar(0x2800 + UInt32(bits)) ?? " "))
            } else {
                text += left && right ? "-" : left || right ? "." : " "
            }
        }
        return text
    }
}

/// How the lines of a chart with several series are told apart: by the colours of a palette
/// while they differ, and by line pattern where they cannot (the palette's styles are equal, as in
/// a monochrome theme or without colour) or once the colours are used up.
public enum SeriesLook {
    /// The style of series `index`: the palette's styles in turn.
    public static func style(_ index: Int, palette: [Style]) -> Style {
        palette.isEmpty ? .plain : palette[((index % palette.count) + palette.count) % palette.count]
    }

    /// The pattern of series `index`: solid for the first round of a palette of distinct styles,
    /// then a new pattern for each round; with styles that look alike, a new pattern for each series.
    public static func pattern(_ index: Int, palette: [Style]) -> LinePattern {
        let all = LinePattern.allCases
        let index = max(0, index)
        if distinct(palette) { return all[(index / palette.count) % all.count] }
        return all[index % all.count]
    }

    /// Whether a palette's styles can tell lines apart by colour alone: at least two styles, all
    /// different.
    public static func distinct(_ palette: [Style]) -> Bool {
        palette.count > 1 && Set(palette).count == palette.count
    }
}
