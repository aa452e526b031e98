import NcursesBackend
import TerminalCore
import Testing

/// A large image preview through the backend's colour mapping and pair cache: the cache never starts
/// over (which would redraw the whole screen every frame) at any depth, with room left for the theme.
@Suite struct ImagePairsTests {
    static let noise: RGBAImage = {
        var seed: UInt32 = 7
        var pixels: [UInt8] = []
        for _ in 0..<(240 * 96) {
            seed = seed &* 1_664_525 &+ 1_013_904_223
            pixels += [UInt8(seed >> 24), UInt8(seed >> 16 & 0xFF), UInt8(seed >> 8 & 0xFF), 255]
        }
        return RGBAImage(width: 240, height: 96, pixels: pixels)!
    }()

    /// `capacity`: the terminal's COLOR_PAIRS - 1; `theme`: pairs the other panes already took.
    @Test(arguments: [(ColorDepth.trueColor, Int32(32_766)), (.indexed256, 32_766), (.indexed256, 65_535), (.ansi16, 63)])
    func thePreviewFitsThePairCache(_ depth: ColorDepth, _ capacity: Int32) {
        let mapping = ColorMapping(depth: depth, paletteSize: depth == .ansi16 ? 16 : 256)
        var cache = PairCache(capacity: capacity)
        let theme = 24
        for n in 0..<theme { _ = cache.pair(fg: Int32(n % 8), bg: Int32(n / 8)) }
        var buffer = CellBuffer(size: Size(width: 240, height: 48))
        HalfBlockImage(Self.noise, maxColorPairs: HalfBlockImage.pairBudget(for: depth), depth: depth).draw(in: buffer.area, into: &buffer)
        var wrapped = false
        for _ in 0..<3 {  // three frames of the same preview
            for cell in buffer.cells {
                if cache.pair(fg: mapping.number(for: cell.style.fg), bg: mapping.number(for: cell.style.bg)).wrapped { wrapped = true }
            }
        }
        #expect(!wrapped)
        // Noise is the worst case: one random colour a pixel, coarsened hard (a photo or a plot keeps more).
        #expect(cache.count > theme + (depth == .ansi16 ? 4 : 32))
    }
}
