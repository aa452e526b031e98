// The JSON byte scanner, differentially: whatever it accepts must decode to the same value with
// JSONDecoder (the fallback it stands in for), and no input may crash it.
import Foundation
@testable import MLflowREST

/// The value's full structure as text; doubles print exactly (round-trip), so equal text is equal values.
func structure(_ value: some Any) -> String {
    var text = ""
    dump(value, to: &text)
    return text
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
    if a != b {
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
