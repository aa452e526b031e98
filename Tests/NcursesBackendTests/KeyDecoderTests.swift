import NcursesBackend
import TerminalCore
import Testing

@Suite struct KeyDecoderTests {
    /// The units of a byte string as they arrive when ncurses did not decode them.
    func units(_ text: String) -> [InputUnit] {
        text.unicodeScalars.map { .char($0.value) }
    }

    @Test func plainCharactersAndControls() {
        #expect(KeyDecoder.decode(units("aé色")) == [.key(.char("a")), .key(.char("é")), .key(.char("色"))])
        #expect(KeyDecoder.decode(units("\r\n\t\u{7F}\u{08}")) == [.key(.enter), .key(.enter), .key(.tab), .key(.backspace), .key(.backspace)])
        #expect(KeyDecoder.decode(units("\u{03}\u{01}\u{1A}")) == [.key(.ctrl("c")), .key(.ctrl("a")), .key(.ctrl("z"))])
        #expect(KeyDecoder.decode(units(" ")) == [.key(.char(" "))])
        #expect(KeyDecoder.decode([.char(0x85)]) == [])
    }

    @Test func cursesKeyCodes() {
        let codes: [Int32] = [0o403, 0o402, 0o404, 0o405, 0o406, 0o550, 0o523, 0o522, 0o512, 0o407, 0o541, 0o410 + 5, 0o410 + 12, 0o527]
        let keys: [Key] = [.up, .down, .left, .right, .home, .end, .pageUp, .pageDown, .delete, .backspace, .backTab, .f(5), .f(12), .enter]
        #expect(KeyDecoder.decode(codes.map { .keyCode($0) }) == keys.map { .key($0) })
        #expect(KeyDecoder.decode([.keyCode(0o777)]) == [])
    }

    @Test func extendedKeyNames() {
        #expect(KeyDecoder.key(forExtendedName: "kRIT5") == .right)
        #expect(KeyDecoder.key(forExtendedName: "kLFT3") == .left)
        #expect(KeyDecoder.key(forExtendedName: "kUP") == .up)
        #expect(KeyDecoder.key(forExtendedName: "kDN6") == .down)
        #expect(KeyDecoder.key(forExtendedName: "kNXT5") == .pageDown)
        #expect(KeyDecoder.key(forExtendedName: "kDC3") == .delete)
        #expect(KeyDecoder.key(forExtendedName: "kxIN") == nil)
        #expect(KeyDecoder.key(forExtendedName: "RIT5") == nil)
    }

    @Test func escapeAloneAndAlt() {
        #expect(KeyDecoder.decode(units("\u{1B}")) == [.key(.escape)])
        #expect(KeyDecoder.decode(units("\u{1B}\u{1B}")) == [.key(.escape), .key(.escape)])
        // Alt-x arrives as ESC x; `Key` has no Alt, so it is the key alone, never Esc.
        #expect(KeyDecoder.decode(units("\u{1B}x")) == [.key(.char("x"))])
    }

    @Test func csiSequences() {
        let cases: [(String, Key)] = [
            ("\u{1B}[A", .up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
            ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}[Z", .backTab),
            ("\u{1B}[1~", .home), ("\u{1B}[4~", .end), ("\u{1B}[3~", .delete),
            ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown),
            ("\u{1B}[11~", .f(1)), ("\u{1B}[15~", .f(5)), ("\u{1B}[17~", .f(6)), ("\u{1B}[21~", .f(10)),
            ("\u{1B}[24~", .f(12)), ("\u{1B}[1;5C", .right), ("\u{1B}[1;2P", .f(1)),
            ("\u{1B}OP", .f(1)), ("\u{1B}OS", .f(4)), ("\u{1B}OA", .up), ("\u{1B}OH", .home),
        ]
        for (sequence, key) in cases {
            #expect(KeyDecoder.decode(units(sequence)) == [.key(key)], "\(sequence.debugDescription)")
        }
    }

    @Test func sequencesFollowedByMoreInput() {
        #expect(KeyDecoder.decode(units("\u{1B}[Aq")) == [.key(.up), .key(.char("q"))])
        #expect(KeyDecoder.decode(units("\u{1B}[6~\u{1B}[5~")) == [.key(.pageDown), .key(.pageUp)])
    }

    @Test func unknownAndIncompleteSequences() {
        #expect(KeyDecoder.decode(units("\u{1B}[99~")) == [])
        // An incomplete CSI is Esc, then its bytes as typed.
        #expect(KeyDecoder.decode(units("\u{1B}[1")) == [.key(.escape), .key(.char("[")), .key(.char("1"))])
    }

    @Test func sgrMouseReports() {
        #expect(KeyDecoder.decode(units("\u{1B}[<0;10;5M")) == [.mouse(.click(x: 9, y: 4))])
        #expect(KeyDecoder.decode(units("\u{1B}[<64;1;1M")) == [.mouse(.scrollUp(x: 0, y: 0))])
        #expect(KeyDecoder.decode(units("\u{1B}[<65;3;2M")) == [.mouse(.scrollDown(x: 2, y: 1))])
        // Ctrl-click counts as a click; releases and drags are dropped.
        #expect(KeyDecoder.decode(units("\u{1B}[<16;2;2M")) == [.mouse(.click(x: 1, y: 1))])
        #expect(KeyDecoder.decode(units("\u{1B}[<0;10;5m")) == [])
        #expect(KeyDecoder.decode(units("\u{1B}[<32;10;5M")) == [])
    }

    /// Seen while writing the key decoder's fuzz target (and replayed through it): a report with the
    /// smallest Int as a position trapped on `- 1`.
    @Test func mouseReportsWithPositionsBelowOneAreAtTheEdge() {
        #expect(KeyDecoder.decode(units("\u{1B}[<0;-9223372036854775808;1M")) == [.mouse(.click(x: 0, y: 0))])
        #expect(KeyDecoder.decode(units("\u{1B}[<64;3;-9223372036854775808M")) == [.mouse(.scrollUp(x: 2, y: 0))])
        #expect(KeyDecoder.decode(units("\u{1B}[<0;0;-5M")) == [.mouse(.click(x: 0, y: 0))])
    }
}
