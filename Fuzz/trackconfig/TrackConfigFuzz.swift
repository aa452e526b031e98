// runboard track's --config reader: the same text read as YAML/JSON and as key=value lines.
@testable import RunboardCommands

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let buffer = UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count)
    // The loader refuses files that are not UTF-8 before parsing.
    guard let text = String(validating: buffer, as: UTF8.self) else { return 0 }
    _ = try? TrackConfigLoader.parseStructured(text, file: "fuzz.yaml")
    _ = try? TrackConfigLoader.parseKeyValue(text, file: "fuzz.conf")
    return 0
}
