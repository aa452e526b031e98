import Foundation

/// The parts of Python's literal syntax MLflow relies on: `ast.literal_eval` of an `IN (…)`
/// list and `float()` of a number token.
enum PythonLiteral {
    struct Failure: Error {
        var message: String
        /// Scalar offset into the parsed text.
        var offset: Int
    }

    /// Reads `( … )` as `ast.literal_eval` does and requires a non-empty tuple of strings (or
    /// one parenthesised string), as MLflow's `_parse_list_from_sql_token` does.
    static func stringTuple(_ scalars: [Unicode.Scalar]) throws -> [String] {
        var reader = Reader(scalars: scalars)
        let value = try reader.expression()
        reader.skipSpace()
        if reader.index < scalars.count { throw Failure(message: "unexpected text in the list", offset: reader.index) }
        switch value {
        case .string(let s):
            return [s]
        case .tuple(let items):
            if items.isEmpty { throw Failure(message: "the list is empty", offset: 0) }
            return try items.map { item in
                guard case .string(let s) = item else { throw Failure(message: "the list may hold only quoted strings", offset: 0) }
                return s
            }
        }
    }

    /// Python's `float()` of a sqlparse number token (`5.`, `.5`, `1e3`, `-2`, any Unicode digits).
    static func float(_ token: String) -> Double? {
        var ascii = ""
        for scalar in token.unicodeScalars {
            if scalar.properties.generalCategory == .decimalNumber, let digit = scalar.properties.numericValue {
                ascii += String(Int(digit))
            } else {
                ascii.unicodeScalars.append(scalar)
            }
        }
        if ascii.hasPrefix(".") { ascii = "0" + ascii } else if ascii.hasPrefix("-.") { ascii = "-0" + ascii.dropFirst() }
        ascii = ascii.replacingOccurrences(of: ".e", with: ".0e").replacingOccurrences(of: ".E", with: ".0E")
        if ascii.hasSuffix(".") { ascii += "0" }
        guard let value = Double(ascii) else { return nil }
        return value
    }

    private enum Value {
        case string(String)
        case tuple([Value])
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0
        var depth = 0

        subscript(_ i: Int) -> Unicode.Scalar? { i < scalars.count ? scalars[i] : nil }

        /// Whitespace Python ignores inside brackets, and backslash line continuations.
        mutating func skipSpace() {
            while let s = self[index] {
                if s == " " || s == "\t" || s == "\u{0C}" || s == "\n" || s == "\r" {
                    index += 1
                } else if s == "\\", self[index + 1] == "\n" {
                    index += 2
                } else if s == "\\", self[index + 1] == "\r" {
                    index += self[index + 2] == "\n" ? 3 : 2
                } else {
                    return
                }
            }
        }

        mutating func expression() throws -> Value {
            skipSpace()
            guard let s = self[index] else { throw Failure(message: "the list ends too early", offset: index) }
            if s == "(" {
                depth += 1
                guard depth < 100 else { throw Failure(message: "the list is nested too deeply", offset: index) }
                let open = index
                index += 1
                var items: [Value] = []
                var sawComma = false
                while true {
                    skipSpace()
                    guard let c = self[index] else { throw Failure(message: "unclosed '('", offset: open) }
                    if c == ")" {
                        index += 1
                        depth -= 1
                        if items.count == 1, !sawComma { return items[0] }
                        return .tuple(items)
                    }
                    if !items.isEmpty {
                        guard c == "," else { throw Failure(message: "expected ',' between list items", offset: index) }
                        index += 1
                        sawComma = true
                        skipSpace()
                        if self[index] == ")" { continue }
                    }
                    items.append(try expression())
                }
            }
            return .string(try strings())
        }

        /// One or more adjacent string literals, concatenated.
        mutating func strings() throws -> String {
            var result = ""
            var any = false
            while true {
                skipSpace()
                guard let literal = try stringLiteral() else { break }
                result += literal
                any = true
            }
            if !any { throw Failure(message: "the list may hold only quoted strings", offset: index) }
            return result
        }

        /// A Python string literal with an optional `r`/`u` prefix; nil when none starts here.
        mutating func stringLiteral() throws -> String? {
            let start = index
            var raw = false
            var i = index
            if let s = self[i], s != "'", s != "\"" {
                guard "rRuUbBfF".unicodeScalars.contains(s) else { return nil }
                guard let next = self[i + 1], next == "'" || next == "\"" else {
                    if let s = self[i], "bBfF".unicodeScalars.contains(s) {
                        throw Failure(message: "only plain quoted strings are allowed in a list", offset: start)
                    }
                    return nil
                }
                switch s {
                case "r", "R": raw = true
                case "u", "U": break
                default: throw Failure(message: "only plain quoted strings are allowed in a list", offset: start)
                }
                i += 1
            }
            guard let quote = self[i] else { return nil }
            let triple = self[i + 1] == quote && self[i + 2] == quote
            index = i + (triple ? 3 : 1)
            var result = ""
            while true {
                guard let s = self[index] else { throw Failure(message: "unterminated string", offset: start) }
                if s == quote {
                    if !triple {
                        index += 1
                        return result
                    }
                    if self[index + 1] == quote, self[index + 2] == quote {
                        index += 3
                        return result
                    }
                }
                if !triple, s == "\n" || s == "\r" { throw Failure(message: "unterminated string", offset: start) }
                if s == "\0" { throw Failure(message: "NUL is not allowed in a list", offset: index) }
                if s == "\\" {
                    guard let next = self[index + 1] else { throw Failure(message: "unterminated string", offset: start) }
                    if raw {
                        result.unicodeScalars.append(s)
                        result.unicodeScalars.append(next)
                        index += 2
                        continue
                    }
                    try escape(next, into: &result)
                    continue
                }
                result.unicodeScalars.append(s)
                index += 1
            }
        }

        /// Reads the escape whose backslash is at `index`.
        mutating func escape(_ next: Unicode.Scalar, into result: inout String) throws {
            let start = index
            index += 2
            switch next {
            case "\n": return
            case "\r":
                if self[index] == "\n" { index += 1 }
                return
            case "\\", "'", "\"": result.unicodeScalars.append(next)
            case "a": result += "\u{07}"
            case "b": result += "\u{08}"
            case "f": result += "\u{0C}"
            case "n": result += "\n"
            case "r": result += "\r"
            case "t": result += "\t"
            case "v": result += "\u{0B}"
            case "0"..."7":
                var value = Int(next.value - 0x30)
                var count = 1
                while count < 3, let d = self[index], ("0"..."7").contains(d) {
                    value = value * 8 + Int(d.value - 0x30)
                    index += 1
                    count += 1
                }
                try append(value, to: &result, at: start)
            case "x": try append(hex(2, at: start), to: &result, at: start)
            case "u": try append(hex(4, at: start), to: &result, at: start)
            case "U": try append(hex(8, at: start), to: &result, at: start)
            case "N":
                guard self[index] == "{", let close = scalars[index...].firstIndex(of: "}") else {
                    throw Failure(message: "malformed \\N{…} escape", offset: start)
                }
                var name = ""
                name.unicodeScalars.append(contentsOf: scalars[index + 1..<close])
                guard let named = Self.character(named: name) else {
                    throw Failure(message: "unknown character name '\(name)'", offset: start)
                }
                result.unicodeScalars.append(named)
                index = close + 1
            default:
                result.unicodeScalars.append("\\")
                result.unicodeScalars.append(next)
            }
        }

        mutating func hex(_ count: Int, at start: Int) throws -> Int {
            var value = 0
            for _ in 0..<count {
                guard let d = self[index], let digit = Int(String(d), radix: 16), d.isASCII else {
                    throw Failure(message: "truncated \\x, \\u or \\U escape", offset: start)
                }
                value = value * 16 + digit
                index += 1
            }
            return value
        }

        func append(_ value: Int, to result: inout String, at start: Int) throws {
            guard let scalar = Unicode.Scalar(UInt32(clamping: value)), value <= 0x10FFFF else {
                throw Failure(message: "escape is not a valid character", offset: start)
            }
            result.unicodeScalars.append(scalar)
        }

        /// The character with this Unicode name (as Python's `\N{…}` accepts it, case-insensitive).
        static func character(named name: String) -> Unicode.Scalar? {
            let transformed = "\\N{\(name.uppercased())}".applyingTransform(StringTransform("Name-Any"), reverse: false)
            guard let transformed, transformed.unicodeScalars.count == 1 else { return nil }
            return transformed.unicodeScalars.first
        }
    }
}
