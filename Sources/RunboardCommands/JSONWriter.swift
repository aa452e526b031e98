import TerminalCore

/// Writes pretty-printed JSON straight into bytes, keys in the order given.
///
/// Far faster and leaner than building Foundation objects for `JSONSerialization` when 20,000 runs
/// are printed. Strings are escaped as JSON requires, and DEL, C1 controls and bidi controls (which
/// JSON allows raw) are written as `\uXXXX` too, so the output is safe in a terminal and decodes
/// to the exact values.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    private var depth = 0
    /// Per open container: whether it has had an element yet.
    private var hasElement: [Bool] = []
    private var afterKey = false

    init(capacity: Int = 1 << 16) {
        bytes.reserveCapacity(capacity)
    }

    mutating func beginObject() { open(UInt8(ascii: "{")) }
    mutating func endObject() { close(UInt8(ascii: "}")) }
    mutating func beginArray() { open(UInt8(ascii: "[")) }
    mutating func endArray() { close(UInt8(ascii: "]")) }

    mutating func key(_ name: String) {
        separate()
        appendString(name)
        bytes.append(contentsOf: [UInt8(ascii: ":"), UInt8(ascii: " ")])
        afterKey = true
    }

    mutating func string(_ value: String) {
        separate()
        appendString(value)
    }

    mutating func optionalString(_ value: String?) {
        if let value { string(value) } else { null() }
    }

    mutating func int(_ value: Int64) {
        separate()
        bytes.append(contentsOf: Array(String(value).utf8))
    }

    mutating func optionalInt(_ value: Int64?) {
        if let value { int(value) } else { null() }
    }

    mutating func bool(_ value: Bool) {
        separate()
        bytes.append(contentsOf: Array((value ? "true" : "false").utf8))
    }

    /// A double: NaN and infinities as the strings MLflow's API uses.
    mutating func double(_ value: Double) {
        if value.isNaN { return string("NaN") }
        if value == .infinity { return string("Infinity") }
        if value == -.infinity { return string("-Infinity") }
        separate()
        if value == value.rounded(.towardZero), abs(value) < 1e15 {
            bytes.append(contentsOf: Array(String(Int64(value)).utf8))
        } else {
            bytes.append(contentsOf: Array(value.description.utf8))
        }
    }

    mutating func null() {
        separate()
        bytes.append(contentsOf: Array("null".utf8))
    }

    /// `{"key": "value", ...}` for pairs already sorted by key.
    mutating func stringMap(_ pairs: [(String, String)]) {
        beginObject()
        for (k, v) in pairs {
            key(k)
            string(v)
        }
        endObject()
    }

    /// Removes and returns what has been written so far (for streaming to a file).
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    // MARK: Layout

    private mutating func open(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        hasElement.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        depth -= 1
        let had = hasElement.popLast() ?? false
        if had { newline() }
        bytes.append(bracket)
        if depth == 0 { bytes.append(UInt8(ascii: "\n")) }
    }

    /// Before a value or key: a comma and newline between elements, nothing after a key.
    private mutating func separate() {
        if afterKey {
            afterKey = false
            return
        }
        guard let last = hasElement.indices.last else { return }
        if hasElement[last] { bytes.append(UInt8(ascii: ",")) }
        hasElement[last] = true
        newline()
    }

    private mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<depth { bytes.append(contentsOf: [UInt8(ascii: " "), UInt8(ascii: " ")]) }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: printable ASCII without quotes or backslashes is copied as it is.
        var copied = false
        var source = text
        source.withUTF8 { utf8 in
            if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
                bytes.append(contentsOf: utf8)
                copied = true
            }
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case 0x5C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x20..<0x7F:
                bytes.append(UInt8(v))
            default:
                if v < 0x20 || SafeText.needsEscape(scalar) {
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u")])
                    for shift in [12, 8, 4, 0] { bytes.append(Self.hex[Int((v >> UInt32(shift)) & 0xF)]) }
                } else {
                    bytes.append(contentsOf: Array(String(scalar).utf8))
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
