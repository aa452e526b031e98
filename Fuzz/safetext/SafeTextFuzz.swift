// SafeText and display widths. Whatever string comes in: sanitised, it holds no control character
// (C0, DEL, C1, bidi controls; a line break only when kept) and sanitising it again changes
// nothing; drawn, it takes the columns DisplayWidth claims; truncated to W it fits in W columns,
// and padded to W it takes exactly W. W is the input's first byte, the text the rest.
import TerminalCore

func isForbidden(_ v: UInt32) -> Bool {
    v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || (0x202A...0x202E).contains(v)
        || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C
}

func fail(_ what: String, _ text: String) -> Never {
    fatalError("\(what); input: \(String(reflecting: text)) scalars: \(text.unicodeScalars.map { String($0.value, radix: 16) })")
}

nonisolated(unsafe) var buffer = CellBuffer(size: Size(width: 200, height: 1))

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let bytes, count > 0 else { return 0 }
    let width = Int(bytes[0] % 64)
    let text = String(decoding: UnsafeBufferPointer(start: bytes + 1, count: count - 1), as: UTF8.self)
    for keepNewlines in [false, true] {
        let safe = SafeText.sanitize(text, keepNewlines: keepNewlines)
        for scalar in safe.unicodeScalars where isForbidden(scalar.value) && !(keepNewlines && scalar == "\n") {
            fail("sanitize(keepNewlines: \(keepNewlines)) let U+\(String(scalar.value, radix: 16)) through", text)
        }
        if SafeText.sanitize(safe, keepNewlines: keepNewlines) != safe { fail("sanitize is not idempotent", text) }
    }
    let safe = SafeText.sanitize(text)
    let claimed = DisplayWidth.of(safe)
    if claimed < 0 { fail("negative width \(claimed)", text) }
    if claimed <= 200 {
        buffer.clear()
        let drawn = buffer.put(safe, x: 0, y: 0, maxWidth: 200, style: .plain)
        if drawn != claimed { fail("DisplayWidth.of says \(claimed) columns, put drew \(drawn)", text) }
    }
    let cut = DisplayWidth.truncate(safe, to: width)
    if DisplayWidth.of(cut) > width { fail("truncate(to: \(width)) gave \(DisplayWidth.of(cut)) columns: \(String(reflecting: cut))", text) }
    for alignRight in [false, true] {
        let padded = DisplayWidth.pad(safe, to: width, alignRight: alignRight)
        if DisplayWidth.of(padded) != width {
            fail("pad(to: \(width), alignRight: \(alignRight)) gave \(DisplayWidth.of(padded)) columns: \(String(reflecting: padded))", text)
        }
    }
    return 0
}
