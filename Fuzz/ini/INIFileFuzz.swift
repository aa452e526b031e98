// INI files (~/.databrickscfg, ~/.mlflow/credentials) as INIFile reads them. Whatever the text:
// keys are lower case, trimmed, non-empty and hold no separator; no value holds an empty line or a
// line break at its ends; section names hold no line break (\n, \r: other
// Unicode line separators are text, as in configparser); and the file written back from what
// was read (headers, `key = value`, continuation lines indented) reads the same, unless a key
// starts with `[` (written back, `[key = value]` is a header, for configparser too).
import MLflowREST

func fail(_ what: String, _ text: String) -> Never {
    fatalError("\(what); input: \(String(reflecting: text))")
}

func written(_ file: INIFile) -> String {
    var lines: [String] = []
    func section(_ name: String, _ values: [String: String]) {
        lines.append("[\(name)]")
        for (key, value) in values.sorted(by: { $0.key < $1.key }) {
            let parts = value.split(separator: "\n", omittingEmptySubsequences: false)
            lines.append("\(key) = \(parts.first ?? "")")
            for part in parts.dropFirst() { lines.append("\t\(part)") }
        }
    }
    if file.hasDefaultSection { section("DEFAULT", file.defaults) }
    for entry in file.sections { section(entry.name, entry.values) }
    return lines.joined(separator: "\n") + "\n"
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let bytes else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    let file = INIFile(text: text)
    for name in file.sectionNames {
        if name.contains("\n") || name.contains("\r") || name.contains("\r\n") { fail("section name \(String(reflecting: name))", text) }
        guard let values = file.section(name) else { fail("section \(String(reflecting: name)) listed but not found", text) }
        for (key, value) in values {
            if key.isEmpty || key != key.lowercased() || key.contains("=") || key.contains(":") || key.contains("\n") || key.contains("\r") || key.contains("\r\n")
                || key.first == " " || key.last == " " || key.first == "\t" || key.last == "\t" {
                fail("bad key \(String(reflecting: key))", text)
            }
            if value.hasPrefix("\n") || value.hasSuffix("\n") || value.contains("\n\n") || value.contains("\r") {
                fail("bad value \(String(reflecting: value))", text)
            }
        }
    }
    let keys = file.sectionNames.flatMap { file.section($0)?.keys.map { $0 } ?? [] }
    if keys.contains(where: { $0.hasPrefix("[") }) { return 0 }
    let again = INIFile(text: written(file))
    if again != file { fail("written back, it reads differently:\n\(written(file))", text) }
    return 0
}
