/// JSON text laid out again, two spaces per level, with every token kept exactly as written.
///
/// Numbers keep their digits (`1e400`, `0.10`, 30-digit integers), strings their escapes and keys
/// their order and repetitions: the output is the input with only the whitespace between tokens
/// changed. Nothing is decoded into values, so nothing is rounded, re-escaped or reordered the way a
/// round trip through a JSON library would. The input is checked against RFC 8259 while it is
/// walked; the first thing wrong is reported with its position. No recursion: depth costs a stack
/// entry, and is bounded anyway (`maxDepth`) because every level costs each line below it columns.
public enum JSONReindent {
    /// Where and why the input is not JSON, or why it was not laid out.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        /// The byte offset of the offending byte (the input's length for an early end).
        public var offset: Int
        /// 1-based line and column (columns count Unicode scalars, not bytes).
        public var line: Int
        public var column: Int
        public var message: String

        public var description: String { "line \(line), column \(column): \(message)" }
    }

    /// Containers nested deeper than this are refused.
    public static let maxDepth = 512

    /// The input re-indented; throws `Failure` for invalid JSON or when the output would pass
    /// `maxOutputBytes`. A UTF-8 byte order mark at the start is dropped.
    public static func reindent(_ input: [UInt8], indent: Int = 2, maxOutputBytes: Int = 256 << 20) throws(Failure) -> [UInt8] {
        var walker = Walker(input: input, indent: max(0, indent), maxOutput: maxOutputBytes)
        return try walker.run()
    }

    /// Whether the input is one valid JSON text (the same check, without keeping the output).
    public static func isValid(_ input: [UInt8]) -> Bool {
        (try? reindent(input, indent: 0)) != nil
    }

    private struct Walker {
        let input: [UInt8]
        let indent: Int
        let maxOutput: Int
        var out: [UInt8] = []
        var index = 0
        /// Open containers: whether each is an object, and whether it has an element yet.
        var stack: [(isObject: Bool, hasElements: Bool)] = []

        init(input: [UInt8], indent: Int, maxOutput: Int) {
            self.input = input
            self.indent = indent
            self.maxOutput = maxOutput
            out.reserveCapacity(min(input.count + input.count / 2, maxOutput))
        }

        private enum Expect { case value, valueOrClose, keyOrClose, key, colon, commaOrClose }

        mutating func run() throws(Failure) -> [UInt8] {
            if input.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
            var expect = Expect.value
            var finished = false
            while true {
                skipWhitespace()
                guard index < input.count else { break }
                if finished { throw failure("unexpected text after the JSON value") }
                let byte = input[index]
                switch expect {
                case .value, .valueOrClose:
                    if expect == .valueOrClose, byte == UInt8(ascii: "]") {
                        try close(isObject: false)
                    } else {
                        if expect == .valueOrClose { try newElement() }
                        if try !value(&expect) { afterValue(&expect, &finished) }
                        continue
                    }
                case .keyOrClose, .key:
                    if expect == .keyOrClose, byte == UInt8(ascii: "}") {
                        try close(isObject: true)
                    } else {
                        guard byte == UInt8(ascii: "\"") else { throw failure("expected a key in quotes") }
                        if expect == .keyOrClose { try newElement() }
                        try string()
                        expect = .colon
                        continue
                    }
                case .colon:
                    guard byte == UInt8(ascii: ":") else { throw failure("expected ':' after the key") }
                    index += 1
                    out.append(UInt8(ascii: ":"))
                    if indent > 0 { out.append(UInt8(ascii: " ")) }
                    expect = .value
                    continue
                case .commaOrClose:
                    guard let top = stack.last else { throw failure("unexpected text after the JSON value") }
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        out.append(UInt8(ascii: ","))
                        try lineBreak(depth: stack.count)
                        expect = top.isObject ? .key : .value
                        continue
                    }
                    if byte == UInt8(ascii: top.isObject ? "}" : "]") {
                        try close(isObject: top.isObject)
                    } else {
                        throw failure(top.isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                    }
                }
                // A container was closed: it is a finished value of its parent.
                afterValue(&expect, &finished)
            }
            if !finished {
                if stack.isEmpty { throw failure("no JSON value") }
                throw failure(stack.last?.isObject == true ? "unexpected end: an object is not closed" : "unexpected end: an array is not closed")
            }
            return out
        }

        private mutating func afterValue(_ expect: inout Expect, _ finished: inout Bool) {
            if stack.isEmpty { finished = true } else { expect = .commaOrClose }
        }

        /// The first element of a container starts on a line of its own.
        private mutating func newElement() throws(Failure) {
            stack[stack.count - 1].hasElements = true
            try lineBreak(depth: stack.count)
        }

        private mutating func close(isObject: Bool) throws(Failure) {
            index += 1
            guard let top = stack.popLast() else { throw failure("unbalanced bracket") }
            if top.hasElements { try lineBreak(depth: stack.count) }
            out.append(UInt8(ascii: isObject ? "}" : "]"))
        }

        private mutating func lineBreak(depth: Int) throws(Failure) {
            guard indent > 0 else { return }
            if out.count + 1 + depth * indent > maxOutput { throw failure("too large to lay out (over \(maxOutput) bytes)") }
            out.append(0x0A)
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * indent))
        }

        /// Copies one value, or opens a container (then true, and `expect` says what comes next).
        private mutating func value(_ expect: inout Expect) throws(Failure) -> Bool {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard stack.count < JSONReindent.maxDepth else { throw failure("nested deeper than \(JSONReindent.maxDepth) levels") }
                index += 1
                out.append(byte)
                let isObject = byte == UInt8(ascii: "{")
                stack.append((isObject, false))
                expect = isObject ? .keyOrClose : .valueOrClose
                return true
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: throw failure("expected a value")
            }
            try checkSize()
            return false
        }

        private func checkSize() throws(Failure) {
            if out.count > maxOutput { throw failure("too large to lay out (over \(maxOutput) bytes)") }
        }

        private mutating func skipWhitespace() {
            while index < input.count {
                switch input[index] {
                case 0x20, 0x09, 0x0A, 0x0D: index += 1
                default: return
                }
            }
        }

        private mutating func literal(_ word: StaticString) throws(Failure) {
            let count = word.utf8CodeUnitCount
            let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
            guard input.count - index >= count, input[index..<(index + count)].elementsEqual(expected) else {
                throw failure("expected a value")
            }
            out.append(contentsOf: expected)
            index += count
        }

        private mutating func string() throws(Failure) {
            let start = index
            index += 1
            while index < input.count {
                let byte = input[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    out.append(contentsOf: input[start..<index])
                    try checkSize()
                    return
                }
                if byte < 0x20 { throw failure("a control character inside a string (it must be escaped)") }
                if byte == UInt8(ascii: "\\") {
                    index += 1
                    guard index < input.count else { break }
                    switch input[index] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        index += 1
                        for _ in 0..<4 {
                            guard index < input.count else { throw failure("unterminated string") }
                            guard Self.isHexDigit(input[index]) else { throw failure("\\u must be followed by four hex digits") }
                            index += 1
                        }
                    default:
                        throw failure("invalid escape in a string")
                    }
                    continue
                }
                index += 1
            }
            index = input.count
            throw failure("unterminated string")
        }

        private mutating func number() throws(Failure) {
            let start = index
            if input[index] == UInt8(ascii: "-") { index += 1 }
            guard index < input.count, Self.isDigit(input[index]) else { throw failure("invalid number: a digit must follow '-'") }
            if input[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while index < input.count, Self.isDigit(input[index]) { index += 1 }
            }
            if index < input.count, input[index] == UInt8(ascii: ".") {
                index += 1
                guard index < input.count, Self.isDigit(input[index]) else { throw failure("invalid number: a digit must follow '.'") }
                while index < input.count, Self.isDigit(input[index]) { index += 1 }
            }
            if index < input.count, input[index] == UInt8(ascii: "e") || input[index] == UInt8(ascii: "E") {
                index += 1
                if index < input.count, input[index] == UInt8(ascii: "+") || input[index] == UInt8(ascii: "-") { index += 1 }
                guard index < input.count, Self.isDigit(input[index]) else { throw failure("invalid number: the exponent has no digits") }
                while index < input.count, Self.isDigit(input[index]) { index += 1 }
            }
            out.append(contentsOf: input[start..<index])
        }

        private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

        private static func isHexDigit(_ byte: UInt8) -> Bool {
            isDigit(byte) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66)
        }

        /// A failure at the current offset, with its line and column.
        private func failure(_ message: String) -> Failure {
            let offset = min(index, input.count)
            var line = 1
            var column = 1
            for byte in input[..<offset] {
                if byte == 0x0A {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
            }
            return Failure(offset: offset, line: line, column: column, message: message)
        }
    }
}
