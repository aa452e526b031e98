import NcursesBackend
import TerminalCore
import Testing

@Suite struct ColorMappingTests {
    @Test func noColourMapsEverythingToTheDefault() {
        let mapping = ColorMapping(depth: .none, paletteSize: 0)
        #expect([Color.default, .ansi(3), .indexed(200), .rgb(1, 2, 3)].map(mapping.number) == [-1, -1, -1, -1])
    }

    @Test func sixteenColours() {
        let mapping = ColorMapping(depth: .ansi16, paletteSize: 16)
        #expect(mapping.number(for: .default) == -1)
        #expect(mapping.number(for: .ansi(12)) == 12)
        #expect(mapping.number(for: .indexed(196)) == 9)  // (255,0,0) is bright red
        #expect(mapping.number(for: .rgb(0, 0, 0)) == 0)
        // A terminal with 8 colours gets the dark variant of a bright one.
        #expect(ColorMapping(depth: .ansi16, paletteSize: 8).number(for: .ansi(12)) == 4)
    }

    @Test func twoHundredFiftySixColours() {
        let mapping = ColorMapping(depth: .indexed256, paletteSize: 256)
        #expect(mapping.number(for: .ansi(5)) == 5)
        #expect(mapping.number(for: .indexed(75)) == 75)
        #expect(mapping.number(for: .rgb(255, 0, 0)) == 196)
        #expect(mapping.number(for: .rgb(128, 128, 128)) == 244)
    }

    @Test func directColour() {
        let mapping = ColorMapping(depth: .trueColor, paletteSize: 0x1000000)
        #expect(mapping.number(for: .rgb(0x12, 0x34, 0x56)) == 0x123456)
        #expect(mapping.number(for: .ansi(1)) == 1)
        #expect(mapping.number(for: .ansi(9)) == 0xFF0000)
        #expect(mapping.number(for: .indexed(16)) == 8)  // black, kept clear of the ANSI range
        #expect(mapping.number(for: .indexed(231)) == 0xFFFFFF)
    }
}

@Suite struct PairCacheTests {
    @Test func defaultColoursUsePairZero() {
        var cache = PairCache(capacity: 10)
        let result = cache.pair(fg: -1, bg: -1)
        #expect(result.pair == 0 && !result.isNew && !result.wrapped)
        #expect(cache.count == 0)
    }

    @Test func pairsAreReused() {
        var cache = PairCache(capacity: 10)
        let first = cache.pair(fg: 1, bg: -1)
        let second = cache.pair(fg: 2, bg: 4)
        let again = cache.pair(fg: 1, bg: -1)
        #expect(first.pair == 1 && first.isNew)
        #expect(second.pair == 2 && second.isNew)
        #expect(again.pair == 1 && !again.isNew)
        #expect(cache.count == 2)
    }

    @Test func aFullCacheStartsOverAndAsksForARedraw() {
        var cache = PairCache(capacity: 2)
        _ = cache.pair(fg: 1, bg: -1)
        _ = cache.pair(fg: 2, bg: -1)
        let third = cache.pair(fg: 3, bg: -1)
        #expect(third.pair == 1 && third.isNew && third.wrapped)
        #expect(cache.pair(fg: 1, bg: -1).pair == 2)
    }

    @Test func noPairsWithoutColour() {
        var cache = PairCache(capacity: 0)
        #expect(cache.pair(fg: 3, bg: 4).pair == 0)
    }
}
