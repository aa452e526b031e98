// The pager's JSON re-indenter: no input may crash it; what it accepts keeps every token as
// written (only whitespace between tokens changes), laying out its own output again changes
// nothing, and Foundation reads what it accepts (where Foundation's own rules are the same: valid
// UTF-8, no \u escapes, shallow, no exponents nor 300-digit numbers: Foundation refuses numbers past Double's range,
// which JSON allows and the layout keeps); a failure names a position inside the input.
import Foundation
import MLflowCore

/// The input without the whitespace outside strings (what a layout may change).
func tokens(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    var inString = false
    var escaped = false
    for byte in bytes {
        if inString {
            out.append(byte)
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
        } else if ![0x20, 0x09, 0x0A, 0x0D].contains(byte) {
            out.append(byte)
            if byte == UInt8(ascii: "\"") { inString = true }
        }
    }
    return out
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let input = Array(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    let laidOut: [UInt8]
    do {
        laidOut = try JSONReindent.reindent(input)
    } catch {
        if error.offset < 0 || error.offset > input.count || error.line < 1 || error.column < 1 {
            fatalError("a failure outside the input: \(error) for \(input.count) bytes")
        }
        return 0
    }
    let body = input.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(input.dropFirst(3)) : input
    guard tokens(laidOut) == tokens(body) else {
        fatalError("the layout changed a token: \(String(reflecting: String(decoding: input, as: UTF8.self))) -> \(String(reflecting: String(decoding: laidOut, as: UTF8.self)))")
    }
    guard let again = try? JSONReindent.reindent(laidOut), again == laidOut else {
        fatalError("laying out the layout again changed it: \(String(reflecting: String(decoding: input, as: UTF8.self)))")
    }
    let depth = body.filter { $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "{") }.count
    var exponent = zip(body, body.dropFirst()).contains { pair in
        (pair.0 >= 0x30 && pair.0 <= 0x39 || pair.0 == UInt8(ascii: ".")) && (pair.1 == UInt8(ascii: "e") || pair.1 == UInt8(ascii: "E"))
    }
    // Over 300 digits in a row is past Double's range without an exponent.
    var digits = 0
    for byte in body {
        digits = byte >= 0x30 && byte <= 0x39 ? digits + 1 : 0
        if digits > 300 { exponent = true }
    }
    if String(validating: body, as: UTF8.self) != nil, !body.contains(UInt8(ascii: "\\")), depth < 100, !exponent,
       (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) == nil {
        fatalError("accepted what Foundation refuses: \(String(reflecting: String(decoding: input, as: UTF8.self)))")
    }
    return 0
}
