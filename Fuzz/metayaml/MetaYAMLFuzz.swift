// The file store's meta.yaml reader. Differentially: what the fast flat reader accepts, it must
// read as Yams does (the fallback it stands in for), but for keys written twice, which Yams
// refuses and MLflow's reader takes; and no input may crash either.
import MLflowCore
@testable import MLflowFileStore

func fields(_ meta: MetaYAML) -> String {
    meta.keys.map { key in
        let mapping = meta.stringMapping(key).map { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } }
        return "\(key): string \(String(reflecting: meta.string(key))) int64 \(String(describing: meta.int64(key))) mapping \(String(describing: mapping))"
    }.joined(separator: "\n")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let buffer = UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count)
    // meta.yaml is read as UTF-8 text (FileSystem.readText); invalid files never reach the parser.
    guard let text = String(validating: buffer, as: UTF8.self) else { return 0 }
    let meta = try? MetaYAML(text: text)
    if let meta {
        for key in meta.keys { _ = (meta.has(key), meta.string(key), meta.int64(key), meta.stringMapping(key)) }
    }
    if let flat = FlatYAML.parse(text), !flat.isEmpty, let fast = meta {
        let slow: MetaYAML
        do {
            slow = try MetaYAML(parsingWithYams: text)
        } catch {
            // Yams refuses a key written twice; MLflow's PyYAML, like the flat reader, keeps the
            // last. Not a difference to trap on (the flat files MLflow writes have unique keys).
            if "\(error)".contains("expected all keys to be unique") { return 0 }
            fatalError("FlatYAML accepted a document Yams refuses (\(error)): \(String(reflecting: text))")
        }
        let a = fields(fast), b = fields(slow)
        if a != b {
            fatalError("FlatYAML and Yams read meta.yaml differently:\nflat:\n\(a)\nYams:\n\(b)\ninput: \(String(reflecting: text))")
        }
    }
    return 0
}
