/// The kinds of entity a search key names, with every prefix MLflow accepts for each
/// (`SearchUtils._VALID_IDENTIFIERS`; prefixes are case-sensitive).
enum SearchEntity: Sendable {
    case metric, param, tag, attribute, dataset

    init?(prefix: String) {
        switch prefix {
        case "metric", "metrics": self = .metric
        case "parameter", "parameters", "param", "params": self = .param
        case "tag", "tags": self = .tag
        case "attribute", "attributes", "attr", "run": self = .attribute
        case "dataset", "datasets": self = .dataset
        default: return nil
        }
    }

    static let validPrefixes = "metrics., params., tags., attributes. or datasets."

    /// Run attributes a filter can compare, under the names MLflow accepts (aliases included).
    static func filterAttribute(_ name: String) -> String? {
        switch name {
        case "run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time": name
        case "created", "Created": "start_time"
        case "run name", "Run name", "Run Name": "run_name"
        default: nil
        }
    }

    /// Run attributes an `order_by` entry can name (no `Run name` alias there).
    static func orderAttribute(_ name: String) -> String? {
        switch name {
        case "run_id", "run_name", "status", "user_id", "artifact_uri", "start_time", "end_time": name
        case "created", "Created": "start_time"
        default: nil
        }
    }

    /// MLflow's `translate_key_alias`, which its SQL store applies to every key, so that
    /// `params.created` names the param `start_time` and ``tags.`Run name` `` the tag `run_name`.
    static func translateAlias(_ key: String) -> String {
        switch key {
        case "created", "Created": "start_time"
        case "run name", "Run name", "Run Name": "run_name"
        default: key
        }
    }

    static let numericAttributes: Set<String> = ["start_time", "end_time"]
    static let datasetFields: Set<String> = ["name", "digest", "context"]

    func key(_ name: String) -> SearchKey {
        switch self {
        case .metric: .metric(name)
        case .param: .param(name)
        case .tag: .tag(name)
        case .attribute: .attribute(name)
        case .dataset: .dataset(name)
        }
    }
}

/// Where an identifier such as ``metrics.`val/loss` `` lies in the input.
struct ScannedIdentifier {
    /// Scalar range of the whole identifier, as MLflow takes its text.
    var range: Range<Int>
    /// Where the key starts (after the first `.`), or `range.lowerBound` without a `.`.
    var keyStart: Int
}

extension SearchScanner {
    /// Scans an identifier the way sqlparse groups one: a name, `` `quoted` `` name or
    /// `"quoted"` name, then `.part` repeated, where a part is a name, a quoted name, a
    /// `'quoted'` name or `*`.
    mutating func scanIdentifier(at start: Int) throws -> ScannedIdentifier {
        let firstEnd = try scanPart(at: start, afterDot: false)
        var end = firstEnd
        var keyStart = start
        var dot = skipSpace(from: end)
        while self[dot] == ".", number(at: dot) == nil {
            if keyStart == start {
                if dot != end { throw error("unexpected space before '.'", at: end) }
                keyStart = dot + 1
            } else if dot != end {
                throw error("unexpected space before '.' in a key; quote the key with backticks", at: end)
            }
            end = dot + 1
            let partStart = skipSpace(from: end)
            // No part (`metrics.` then something else) leaves the key ending with the `.`.
            if let partEnd = try scanKeyPart(at: partStart, directlyAfterDot: partStart == end) { end = partEnd }
            dot = skipSpace(from: end)
        }
        if self[dot] == ".", dot == end, keyStart == start {
            // `metrics.1`: MLflow reads `.1` as a number.
            throw error("a key that starts with a digit must be quoted with backticks", at: dot + 1)
        } else if self[dot] == ".", dot == end {
            throw error("a key part that starts with a digit must be quoted with backticks", at: dot + 1)
        }
        if keyStart == start, firstEnd == start {
            throw error("expected a key such as metrics.<name>", at: start)
        }
        return ScannedIdentifier(range: start..<end, keyStart: keyStart)
    }

    /// The first part of an identifier.
    private mutating func scanPart(at index: Int, afterDot: Bool) throws -> Int {
        guard let s = self[index] else { throw error("expected a key such as metrics.<name>", at: index) }
        if s == "`" {
            guard let end = backtickEnd(at: index) else { throw error("unclosed backtick", at: index) }
            return end
        }
        if s == "\"" {
            guard let end = quotedEnd(at: index) else { throw error("unclosed double quote", at: index) }
            return end
        }
        if let word = bareWord(at: index) {
            if !word.isName {
                throw error("'\(string(index..<word.end))' is a reserved word here", at: index)
            }
            if self[word.end] == "." {
                // A word that sqlparse takes as a name only because a `.` follows.
                if let next = self[word.end + 1], Self.isDigit(next), SQLKeywords.contains(string(index..<word.end).uppercased()) {
                    throw error("'\(string(index..<word.end))' is a reserved word here", at: index)
                }
            }
            return word.end
        }
        throw error("expected a key such as metrics.<name>, params.<name>, tags.<name> or attributes.<name>", at: index)
    }

    /// One key part after a `.`; nil when nothing that sqlparse joins to the name follows
    /// (the key then ends with the `.`).
    private mutating func scanKeyPart(at index: Int, directlyAfterDot: Bool) throws -> Int? {
        guard let s = self[index] else { return nil }
        switch s {
        case "`":
            guard let end = backtickEnd(at: index) else { throw error("unclosed backtick", at: index) }
            return end
        case "\"", "'":
            guard let end = quotedEnd(at: index) else { throw error("unclosed quote", at: index) }
            return end
        case "*":
            return index + 1
        default:
            break
        }
        guard Self.isWord(s) else { return nil }
        if Self.isDigit(s) {
            if number(at: index) != nil {
                throw error("a key that starts with a digit must be quoted with backticks", at: index)
            }
            return wordEnd(from: index, allowDollarHash: true)
        }
        if directlyAfterDot {
            if Self.isNameStart(s), let end = wordEnd(from: index, allowDollarHash: false) {
                let word = string(index..<end).uppercased()
                if ["CASE", "IN", "VALUES", "USING", "FROM", "AS"].contains(word) {
                    throw error("'\(string(index..<end))' is a reserved word here; quote the key with backticks", at: index)
                }
                return end
            }
            guard let end = wordEnd(from: index, allowDollarHash: true) else { return nil }
            if SQLKeywords.contains(string(index..<end).uppercased()) {
                throw error("'\(string(index..<end))' is a reserved word here; quote the key with backticks", at: index)
            }
            return end
        }
        guard let word = bareWord(at: index), word.isName else { return nil }
        return word.end
    }

    /// MLflow's `_get_identifier` on the scanned text: the entity before the first `.`
    /// (backticks trimmed), the key after it (quotes, then backticks trimmed); no `.` means
    /// an attribute.
    static func splitIdentifier(_ raw: String) -> (entity: String?, key: String) {
        let scalars = raw.unicodeScalars
        guard let dot = scalars.firstIndex(of: ".") else { return (nil, unquoteKey(raw)) }
        var entity = ""
        entity.unicodeScalars.append(contentsOf: scalars[..<dot])
        var key = ""
        key.unicodeScalars.append(contentsOf: scalars[scalars.index(after: dot)...])
        return (trimBackticks(entity), unquoteKey(key))
    }

    static func unquoteKey(_ key: String) -> String { trimBackticks(stripQuotes(key)) }

    static func stripQuotes(_ value: String) -> String {
        trimEnds(value, "'") ?? trimEnds(value, "\"") ?? value
    }

    static func trimBackticks(_ value: String) -> String { trimEnds(value, "`") ?? value }

    private static func trimEnds(_ value: String, _ quote: Unicode.Scalar) -> String? {
        let scalars = value.unicodeScalars
        guard scalars.count >= 2, scalars.first == quote, scalars.last == quote else { return nil }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars.dropFirst().dropLast())
        return result
    }
}
