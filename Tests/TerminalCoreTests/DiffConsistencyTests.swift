import TerminalCore
import TerminalTestSupport
import Testing

/// Draws many pseudo-random frames of mixed narrow and wide text: after every frame the screen the
/// diffs built must equal the frame itself.
@Suite struct DiffConsistencyTests {
    /// A small deterministic generator (SplitMix64), so failures repeat.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test func diffsRebuildEveryFrame() {
        let pieces = ["a", "bc", "学", "習う", "🚀", "e\u{301}", " ", "\u{1b}", "x🇯🇵y"]
        let styles = [Style.plain, Style(fg: .red), Style(bg: .blue, attributes: .bold)]
        var random = Generator(state: 42)
        let backend = HeadlessBackend(size: Size(width: 13, height: 4))
        var frame = CellBuffer(size: backend.size)
        for step in 0..<400 {
            if step == 200 { frame = CellBuffer(size: Size(width: 9, height: 5)) }
            for _ in 0..<6 {
                var text = ""
                for _ in 0..<(1 + random.next(4)) { text += pieces[random.next(pieces.count)] }
                frame.put(text, x: random.next(frame.size.width + 2) - 2, y: random.next(frame.size.height),
                          maxWidth: 1 + random.next(frame.size.width), style: styles[random.next(styles.count)])
            }
            if random.next(5) == 0 {
                frame.fill(Rect(x: random.next(frame.size.width), y: random.next(frame.size.height),
                                width: random.next(5), height: random.next(3)), style: styles[random.next(3)])
            }
            backend.draw(frame)
            #expect(backend.screen == frame, "frame \(step)")
            if backend.screen != frame { break }
        }
    }
}
