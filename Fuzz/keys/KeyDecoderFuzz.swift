// The terminal key decoder over arbitrary input. Bytes become input units as get_wch returns them:
// each byte a character, except 0xFE + 4 bytes (a curses key code, any Int32) and 0xFF + 4 bytes
// (a character of any UInt32 value, invalid scalars included). The units are decoded as one run
// and again split where each ESC starts, as they may arrive; the text is also read as an
// extended key name.
import TerminalCore
@testable import NcursesBackend

func units(_ bytes: UnsafeBufferPointer<UInt8>) -> [InputUnit] {
    var result: [InputUnit] = []
    var index = 0
    while index < bytes.count {
        let byte = bytes[index]
        if byte >= 0xFE, index + 4 < bytes.count {
            var value: UInt32 = 0
            for offset in 1...4 { value = value << 8 | UInt32(bytes[index + offset]) }
            result.append(byte == 0xFE ? .keyCode(Int32(bitPattern: value)) : .char(value))
            index += 5
        } else {
            result.append(.char(UInt32(byte)))
            index += 1
        }
    }
    return result
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let buffer = UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count)
    let input = units(buffer)
    _ = KeyDecoder.decode(input)
    var chunk: [InputUnit] = []
    for unit in input {
        if unit == .char(27), !chunk.isEmpty {
            _ = KeyDecoder.decode(chunk)
            chunk.removeAll(keepingCapacity: true)
        }
        chunk.append(unit)
    }
    _ = KeyDecoder.decode(chunk)
    if count < 64 { _ = KeyDecoder.key(forExtendedName: String(decoding: buffer, as: UTF8.self)) }
    return 0
}
