import Testing
@testable import TerminalCore

@Suite struct HalfBlockImageTests {
    /// A `width` x `height` image of one colour per pixel from `color(x, y)`.
    func image(_ width: Int, _ height: Int, _ color: (Int, Int) -> [UInt8]) -> RGBAImage {
        var pixels: [UInt8] = []
        for y in 0..<height { for x in 0..<width { pixels += color(x, y) } }
        guard let image = RGBAImage(width: width, height: height, pixels: pixels) else {
            Issue.record("bad test image")
            return RGBAImage(width: 1, height: 1, pixels: [0, 0, 0, 0])!
        }
        return image
    }

    @Test func pixelCountMustMatchTheSize() {
        #expect(RGBAImage(width: 2, height: 2, pixels: [UInt8](repeating: 0, count: 15)) == nil)
        #expect(RGBAImage(width: 0, height: 2, pixels: []) == nil)
        #expect(RGBAImage(width: 2, height: 2, pixels: [UInt8](repeating: 0, count: 16)) != nil)
        #expect(RGBAImage(width: Int(Int32.max), height: Int(Int32.max), pixels: []) == nil)
    }

    /// Two pixels a cell: the upper in the foreground of `▀`, the lower in the background.
    @Test func eachCellShowsTwoPixels() {
        let stripes = image(2, 4) { _, y in y % 2 == 0 ? [255, 0, 0, 255] : [0, 0, 255, 255] }
        var buffer = CellBuffer(size: Size(width: 2, height: 2))
        let placed = HalfBlockImage(stripes).draw(in: buffer.area, into: &buffer)
        #expect(placed == Rect(x: 0, y: 0, width: 2, height: 2))
        for y in 0..<2 {
            for x in 0..<2 {
                #expect(buffer[x, y] == Cell("▀", style: Style(fg: .rgb(255, 0, 0), bg: .rgb(0, 0, 255))))
            }
        }
    }

    /// A square image in a wide rect: as many columns as pixel rows (two a cell), centred.
    @Test func keepsTheAspectAndCentres() {
        let square = image(16, 16) { _, _ in [10, 20, 30, 255] }
        let widget = HalfBlockImage(square)
        #expect(widget.placement(in: Rect(x: 0, y: 0, width: 40, height: 10)) == Rect(x: 10, y: 0, width: 20, height: 10))
        #expect(widget.placement(in: Rect(x: 5, y: 2, width: 8, height: 20)) == Rect(x: 5, y: 2 + 8, width: 8, height: 4))
        let wide = image(48, 32) { _, _ in [0, 0, 0, 255] }
        #expect(HalfBlockImage(wide).placement(in: Rect(x: 0, y: 0, width: 78, height: 16)) == Rect(x: 15, y: 0, width: 48, height: 16))
    }

    /// Shrinking averages the area: a one-pixel line across a 4x4 block still tints its cell.
    @Test func shrinkingAveragesTheArea() {
        let line = image(8, 8) { _, y in y == 1 ? [0, 0, 0, 255] : [255, 255, 255, 255] }
        var buffer = CellBuffer(size: Size(width: 2, height: 1))
        HalfBlockImage(line).draw(in: buffer.area, into: &buffer)
        // Upper pixel: rows 0-3, one of them black: 3/4 white.
        #expect(buffer[0, 0].style.fg == .rgb(191, 191, 191))
        #expect(buffer[0, 0].style.bg == .rgb(255, 255, 255))
    }

    @Test func transparentPixelsShowTheBackground() {
        let half = image(1, 2) { _, y in y == 0 ? [255, 255, 255, 0] : [255, 255, 255, 128] }
        var buffer = CellBuffer(size: Size(width: 1, height: 1))
        HalfBlockImage(half, background: (0, 0, 100)).draw(in: buffer.area, into: &buffer)
        #expect(buffer[0, 0].style.fg == .rgb(0, 0, 100))
        #expect(buffer[0, 0].style.bg == .rgb(128, 128, 178))
    }

    /// An odd number of pixel rows: the last cell's lower half is the terminal's own background.
    @Test func anOddLastRowLeavesTheDefaultBackground() {
        let three = image(1, 3) { _, _ in [9, 9, 9, 255] }
        var buffer = CellBuffer(size: Size(width: 1, height: 2))
        HalfBlockImage(three).draw(in: buffer.area, into: &buffer)
        #expect(buffer[0, 1] == Cell("▀", style: Style(fg: .rgb(9, 9, 9), bg: .default)))
    }

    /// A noisy 120x80 image: thousands of colour pairs at full precision, coarsened to the budget.
    @Test func colourPairsStayWithinTheBudget() {
        var seed: UInt32 = 1
        let noise = image(120, 80) { _, _ in
            seed = seed &* 1_664_525 &+ 1_013_904_223
            return [UInt8(seed >> 24), UInt8(seed >> 16 & 0xFF), UInt8(seed >> 8 & 0xFF), 255]
        }
        func pairs(_ maxPairs: Int) -> Int {
            var buffer = CellBuffer(size: Size(width: 120, height: 40))
            HalfBlockImage(noise, maxColorPairs: maxPairs).draw(in: buffer.area, into: &buffer)
            return Set(buffer.cells.map { [$0.style.fg, $0.style.bg] }).count
        }
        #expect(pairs(100_000) > 4_000)
        #expect(pairs(2_048) <= 2_048)
        #expect(pairs(64) <= 64)
        // Stepped to 256 colours, as the backend does, it stays within too.
        var buffer = CellBuffer(size: Size(width: 120, height: 40))
        HalfBlockImage(noise).draw(in: buffer.area, into: &buffer)
        #expect(Set(buffer.cells.map { [$0.style.fg.stepped(to: .indexed256), $0.style.bg.stepped(to: .indexed256)] }).count <= 2_048)
        // 16 colours: 256 pairs possible, a budget of 32 (xterm has 64 pairs in all).
        var ansi = CellBuffer(size: Size(width: 120, height: 40))
        HalfBlockImage(noise, maxColorPairs: HalfBlockImage.pairBudget(for: .ansi16), depth: .ansi16).draw(in: ansi.area, into: &ansi)
        let ansiPairs = Set(ansi.cells.map { [$0.style.fg.stepped(to: .ansi16), $0.style.bg.stepped(to: .ansi16)] }).count
        #expect(ansiPairs <= 32 && ansiPairs > 1)
    }

    /// Without colours the shape shows in density characters; with ASCII only, in coloured spaces.
    @Test func fallbacksStillShowTheShape() {
        let cross = image(8, 8) { x, y in x == 3 || y == 4 ? [0, 0, 0, 255] : [255, 255, 255, 255] }
        var dense = CellBuffer(size: Size(width: 8, height: 4))
        HalfBlockImage(cross, mode: .density).draw(in: dense.area, into: &dense)
        // Mostly white: the dark cross is the ink; row 4 fills the upper half of cell row 2 only.
        #expect((0..<4).map { dense.text(row: $0) } == ["   @    ", "   @    ", "+++@++++", "   @    "])
        #expect(dense.cells.allSatisfy { $0.style == .plain })
        var spaces = CellBuffer(size: Size(width: 8, height: 4))
        HalfBlockImage(cross, mode: .colorSpaces).draw(in: spaces.area, into: &spaces)
        #expect(spaces.text().allSatisfy { $0 == " " || $0 == "\n" })
        #expect(spaces[0, 0].style.bg == .rgb(255, 255, 255))
        #expect(spaces[3, 0].style.bg == .rgb(0, 0, 0))
        #expect(spaces[0, 2].style.bg == .rgb(128, 128, 128))
    }

    @Test func fittedShrinksKeepingTheAspect() {
        let big = image(100, 50) { x, _ in x < 50 ? [255, 0, 0, 255] : [0, 255, 0, 255] }
        let small = big.fitted(maxWidth: 10, maxHeight: 10)
        #expect(small.width == 10 && small.height == 5)
        #expect(Array(small.pixels[0..<4]) == [255, 0, 0, 255])
        #expect(Array(small.pixels[36..<40]) == [0, 255, 0, 255])
        #expect(big.fitted(maxWidth: 200, maxHeight: 200) == big)
    }
}
