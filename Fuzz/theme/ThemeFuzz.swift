// Theme files: a theme from any text, with warnings instead of failures.
@testable import Dashboard

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self)
    _ = ThemeFile.parse(text, name: "fuzz")
    if count < 64 { _ = ThemeFile.color(text) }
    return 0
}
