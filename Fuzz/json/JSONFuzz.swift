// The JSON byte scanner, differentially: whatever it accepts must decode to the same value with
// JSONDecoder (the fallback it stands in for), but for a key written twice in one object (see
// hasRepeatedKey), and no input may crash it.
import Foundation
@testable import MLflowREST

/// The value's full structure as text; doubles print exactly (round-trip), so equal text is equal values.
func structure(_ value: some Any) -> String {
    var text = ""
    dump(value, to: &text)
    return text
}

/// Whether an object of the JSON (well-formed: the scanner took it) holds a key twice. The scanner
/// keeps the last value of such a key and JSONDecoder the first: a known difference, left as it is
/// (MLflow never writes a key twice; refusing them would cost the scanner a record of every key).
func hasRepeatedKey(_ data: Data) -> Bool {
    let bytes = [UInt8](data)
    var objects: [(keys: Set<[UInt8]>, expectKey: Bool)?] = []  // nil for an array
    var index = 0
    while index < bytes.count {
        switch bytes[index] {
        case UInt8(ascii: "{"): objects.append(([], true))
        case UInt8(ascii: "["): objects.append(nil)
        case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = objects.popLast()
        case UInt8(ascii: ","): if objects.last??.expectKey != nil { objects[objects.count - 1]?.expectKey = true }
        case UInt8(ascii: "\""):
            var end = index + 1
            while end < bytes.count, bytes[end] != UInt8(ascii: "\"") { end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1 }
            if let object = objects.last ?? nil, object.expectKey {
                if !objects[objects.count - 1]!.keys.insert(Array(bytes[(index + 1)..<min(end, bytes.count)])).inserted { return true }
                objects[objects.count - 1]?.expectKey = false
            }
            index = end
        default: break
        }
        index += 1
    }
    return false
}

func check<T: JSONScannable>(_ type: T.Type, _ data: Data) {
    guard let scanned = try? JSONScanner.scan(data, { try $0.read(T.self) }) else { return }
    let decoded: T
    do {
        decoded = try JSONDecoder().decode(T.self, from: data)
    } catch {
        fatalError("JSONScanner accepted \(T.self) that JSONDecoder refuses (\(error)): \(String(reflecting: String(decoding: data, as: UTF8.self)))")
    }
    let a = structure(scanned), b = structure(decoded)
    if a != b, !hasRepeatedKey(data) {
        fatalError("JSONScanner and JSONDecoder read \(T.self) differently:\nscanner:\n\(a)\nJSONDecoder:\n\(b)\ninput: \(String(reflecting: String(decoding: data, as: UTF8.self)))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = bytes.map { Data(bytes: $0, count: count) } ?? Data()
    check(SearchRunsResponse.self, data)
    check(GetRunResponse.self, data)
    check(MetricHistoryResponse.self, data)
    return 0
}
