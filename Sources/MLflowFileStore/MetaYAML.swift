import Yams

/// A `meta.yaml` file: its top-level mapping, read as MLflow's `yaml.safe_load` would.
///
/// Scalars are kept as their text (YAML escapes decoded) and interpreted per field, so that a
/// name such as `'123'` or `yes` stays the string it was written as. The flat files MLflow writes
/// are read by `FlatYAML`; anything else (double quotes, nesting, continuation lines) by Yams.
struct MetaYAML {
    private let fields: [String: Value]

    /// One top-level value.
    enum Value {
        case null
        /// Text and whether it was written plain (unquoted), where YAML resolves types.
        case scalar(String, plain: Bool)
        case mapping([String: String])
        case other
    }

    /// Why a `meta.yaml` could not be used.
    enum Problem: Error, CustomStringConvertible {
        case missing
        case unreadable(String)
        case empty
        case invalid(String)

        var description: String {
            switch self {
            case .missing: "meta.yaml is missing"
            case .unreadable(let why): "meta.yaml cannot be read (\(why))"
            case .empty: "meta.yaml is empty"
            case .invalid(let why): "meta.yaml is not valid YAML (\(why))"
            }
        }
    }

    /// Reads and parses `<folder>/meta.yaml`.
    init(folder: String) throws(Problem) {
        let text: String
        do {
            text = try FileSystem.readText(folder + "/meta.yaml")
        } catch {
            throw error.isMissing ? .missing : .unreadable(error.description)
        }
        try self.init(text: text)
    }

    init(text: String) throws(Problem) {
        if let flat = FlatYAML.parse(text) {
            guard !flat.isEmpty else { throw .empty }
            self.init(fields: flat)
        } else {
            try self.init(parsingWithYams: text)
        }
    }

    private init(fields: [String: Value]) {
        self.fields = fields
    }

    /// Parses with Yams alone, whatever the document looks like.
    init(parsingWithYams text: String) throws(Problem) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw .invalid(Self.summary(of: error))
        }
        guard let root else { throw .empty }
        guard let mapping = root.mapping else { throw .invalid("the document is not a mapping") }
        var fields: [String: Value] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else { continue }
            fields[name] = Self.value(of: value)
        }
        self.init(fields: fields)
    }

    private static func value(of node: Node) -> Value {
        if let scalar = node.scalar {
            if node.null != nil { return .null }
            return .scalar(scalar.string, plain: scalar.style == .plain)
        }
        if let mapping = node.mapping {
            var result: [String: String] = [:]
            for (name, value) in mapping {
                guard let name = name.scalar?.string, let scalar = value.scalar else { continue }
                result[name] = value.null == nil ? scalar.string : ""
            }
            return .mapping(result)
        }
        return .other
    }

    /// The keys present.
    var keys: [String] { fields.keys.sorted() }

    /// Whether the key is present at all (even as null).
    func has(_ key: String) -> Bool { fields[key] != nil }

    /// The scalar text of a field; nil when missing, null or not a scalar.
    func string(_ key: String) -> String? {
        guard case .scalar(let text, _)? = fields[key] else { return nil }
        return text
    }

    /// An integer field (`1795732102096`, `'42'`); nil when missing, null or not an integer.
    func int64(_ key: String) -> Int64? {
        guard case .scalar(let text, let plain)? = fields[key] else { return nil }
        if let value = Int64(text) { return value }
        if plain, let value = Int.construct(from: Node.Scalar(text)) { return Int64(value) }
        return nil
    }

    /// A mapping of scalars (input tags, aliases); nil when missing or not a mapping.
    func stringMapping(_ key: String) -> [String: String]? {
        guard case .mapping(let mapping)? = fields[key] else { return nil }
        return mapping
    }

    /// The first line of a parser error, without the echoed document.
    private static func summary(of error: Error) -> String {
        let text = String(describing: error)
        return text.split(separator: "\n").first.map(String.init) ?? text
    }
}

/// The subset of YAML that `yaml.safe_dump` writes for MLflow's flat records: one `key: value` per
/// line at column 0, values plain or single-quoted on one line, `{}` or `[]`.
///
/// Returns nil for anything else, which is then left to a full YAML parser; what it accepts it
/// reads exactly as YAML does.
enum FlatYAML {
    static func parse(_ text: String) -> [String: MetaYAML.Value]? {
        var fields: [String: MetaYAML.Value] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.utf8.first else { continue }
            // Indentation, comments, documents markers, sequences and flow syntax need a real parser.
            guard isKeyByte(first) else { return nil }
            guard let colon = line.utf8.firstIndex(of: UInt8(ascii: ":")) else { return nil }
            let key = line[..<colon]
            guard key.utf8.allSatisfy(isKeyByte) else { return nil }
            // After the colon by scalar, not by Character: a colon followed by a combining mark is
            // one Character, and skipping it whole would hide the mark from the check below.
            var rest = line[line.utf8.index(after: colon)...]
            if rest.isEmpty {
                fields[String(key)] = .null
                continue
            }
            guard rest.utf8.first == UInt8(ascii: " ") else { return nil }
            // One scalar, not one Character: a space followed by a combining mark is one
            // Character, and the mark belongs to the value (YAML reads it so).
            rest = Substring(rest.unicodeScalars.dropFirst())
            guard let value = scalar(rest) else { return nil }
            fields[String(key)] = value
        }
        return fields
    }

    /// Keys MLflow writes: lower-case letters, digits and underscores.
    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || (byte >= 0x30 && byte <= 0x39)
    }

    private static func scalar(_ text: Substring) -> MetaYAML.Value? {
        let bytes = text.utf8
        guard let first = bytes.first, let last = bytes.last else { return .null }
        if first == UInt8(ascii: "'") {
            // 'text' with '' for a quote; nothing may follow the closing quote.
            guard bytes.count >= 2, last == UInt8(ascii: "'") else { return nil }
            // Scalar by scalar, not by Character: a quote followed by a combining mark is one
            // Character that is not "'", and must still end the quoted text (YAML sees a quote).
            let inner = Array(text.unicodeScalars.dropFirst().dropLast())
            var result = String.UnicodeScalarView()
            var index = 0
            while index < inner.count {
                if inner[index] == "'" {
                    guard index + 1 < inner.count, inner[index + 1] == "'" else { return nil }
                    result.append("'")
                    index += 2
                } else {
                    result.append(inner[index])
                    index += 1
                }
            }
            let quoted = String(result)
            guard isPrintable(quoted) else { return nil }
            return .scalar(quoted, plain: false)
        }
        if text == "{}" { return .mapping([:]) }
        if text == "[]" { return .other }
        switch text {
        case "~", "null", "Null", "NULL": return .null
        default: break
        }
        // A plain scalar: starts with a letter, digit, '/', '.', '_' or '-'/'+' before a digit;
        // no ': ', ' #', tab, trailing space or non-printable characters.
        let startsWell = isPlainStart(first)
            || ((first == UInt8(ascii: "-") || first == UInt8(ascii: "+")) && bytes.count > 1
                && isDigit(bytes[bytes.index(after: bytes.startIndex)]))
        guard startsWell, last != UInt8(ascii: " "), last != UInt8(ascii: ":") else { return nil }
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: " ") && previous == UInt8(ascii: ":") { return nil }
            if byte == UInt8(ascii: "#") && previous == UInt8(ascii: " ") { return nil }
            if byte < 0x20 || byte == 0x7F { return nil }
            previous = byte
        }
        let string = String(text)
        guard isPrintable(string) else { return nil }
        return .scalar(string, plain: true)
    }

    private static func isPlainStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || isDigit(byte)
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "_") || byte >= 0x80
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// Characters YAML allows unescaped; `safe_dump` double-quotes strings with any other.
    private static func isPrintable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let v = scalar.value
            if v < 0x80 { return v >= 0x20 && v != 0x7F }
            // C1 controls, surrogates, BOM and non-characters are escaped by the emitter.
            return v >= 0xA0 && v != 0xFEFF && !(0xD800...0xDFFF).contains(v) && v != 0xFFFE && v != 0xFFFF
                && v != 0x2028 && v != 0x2029
        }
    }
}
