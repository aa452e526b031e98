import TerminalCore

/// Maps `Color` to curses colour numbers at a colour depth.
///
/// Colours are first stepped down to the depth (`Color.stepped(to:)`); -1 is the terminal's
/// default colour. In direct colour (`trueColor`) the number is the packed RGB value, except
/// ANSI 0–7, which direct-colour terminal descriptions keep as palette indexes.
public struct ColorMapping: Sendable, Hashable {
    public var depth: ColorDepth
    /// How many palette colours the terminal has (8 on some 16-colour terminals).
    public var paletteSize: Int

    public init(depth: ColorDepth, paletteSize: Int) {
        self.depth = depth
        self.paletteSize = paletteSize
    }

    /// The curses colour number for `color`.
    public func number(for color: Color) -> Int32 {
        switch color.stepped(to: depth) {
        case .default:
            return -1
        case .ansi(let n):
            let index = Int32(n & 15)
            if depth == .trueColor, index >= 8 { return Self.packed(Self.rgb(ofIndex: UInt8(index))) }
            return paletteSize >= 16 ? index : index % 8
        case .indexed(let n):
            if depth == .trueColor, n >= 8 { return Self.packed(Self.rgb(ofIndex: n)) }
            return Int32(n)
        case .rgb(let r, let g, let b):
            return Self.packed((r, g, b))
        }
    }

    /// Packed 0xRRGGBB, kept clear of 0–7 (which a direct-colour terminal reads as ANSI).
    static func packed(_ c: (UInt8, UInt8, UInt8)) -> Int32 {
        max(8, Int32(c.0) << 16 | Int32(c.1) << 8 | Int32(c.2))
    }

    /// xterm's RGB for a 256-palette index.
    static func rgb(ofIndex index: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(index)
        if i < 16 { return ansiRGB[i] }
        if i >= 232 {
            let v = UInt8(8 + (i - 232) * 10)
            return (v, v, v)
        }
        let c = i - 16
        return (cubeLevels[c / 36], cubeLevels[(c / 6) % 6], cubeLevels[c % 6])
    }

    private static let cubeLevels: [UInt8] = [0, 95, 135, 175, 215, 255]
    /// xterm's default 16 colours.
    private static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
}
