/// Reads MLflow search strings the way MLflow's tokeniser (sqlparse) splits them.
///
/// Works on Unicode scalars, as Python indexes strings; `characterOffset(_:)` turns a scalar
/// index into the character offset a `SearchSyntaxError` reports.
struct SearchScanner {
    let text: String
    let scalars: [Unicode.Scalar]
    private let characterOffsets: [Int]
    private var singleQuoteEnds: [Int?]?
    private var doubleQuoteEnds: [Int?]?
    private var backtickEnds: [Int?]?

    init(_ text: String) {
        self.text = text
        var scalars: [Unicode.Scalar] = []
        var offsets: [Int] = []
        for (offset, character) in text.enumerated() {
            for scalar in character.unicodeScalars {
                scalars.append(scalar)
                offsets.append(offset)
            }
        }
        offsets.append(text.count)
        self.scalars = scalars
        self.characterOffsets = offsets
    }

    var count: Int { scalars.count }

    func characterOffset(_ index: Int) -> Int {
        characterOffsets[min(max(index, 0), characterOffsets.count - 1)]
    }

    func error(_ message: String, at index: Int) -> SearchSyntaxError {
        SearchSyntaxError(message: message, input: text, position: characterOffset(index))
    }

    subscript(_ index: Int) -> Unicode.Scalar? { index >= 0 && index < scalars.count ? scalars[index] : nil }

    func string(_ range: Range<Int>) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[range])
        return result
    }

    // MARK: Character classes (Python's `re` in Unicode mode)

    /// `\s`: what Python's `str.isspace` accepts.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `\d`: any decimal digit (general category Nd).
    static func isDigit(_ s: Unicode.Scalar) -> Bool { s.properties.generalCategory == .decimalNumber }

    /// `\w`: letters, numbers and `_`.
    static func isWord(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return s.properties.numericType != nil
        }
    }

    /// `[A-ZÀ-Ü]` under `re.IGNORECASE`.
    static func isNameStart(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0xDC, 0xE0...0xFC, 0x130, 0x131, 0x17F, 0x212A: return true
        default: return false
        }
    }

    /// `[_A-ZÀ-Ü]`, the look-ahead that stops a number.
    static func stopsNumber(_ s: Unicode.Scalar?) -> Bool {
        guard let s else { return false }
        return s == "_" || isNameStart(s)
    }

    // MARK: Scanning

    func skipSpace(from index: Int) -> Int {
        var i = index
        while let s = self[i], Self.isSpace(s) { i += 1 }
        return i
    }

    /// `[A-ZÀ-Ü]\w*` or, for other word starts, `\w[$#\w]*`; nil when no word starts here.
    func wordEnd(from index: Int, allowDollarHash: Bool) -> Int? {
        guard let first = self[index], Self.isWord(first) else { return nil }
        var i = index + 1
        while let s = self[i], Self.isWord(s) || (allowDollarHash && (s == "$" || s == "#")) { i += 1 }
        return i
    }

    /// The end of the word starting at `index` as sqlparse cuts it where no `.` precedes it,
    /// and whether sqlparse makes it a name (rather than a keyword).
    func bareWord(at index: Int) -> (end: Int, isName: Bool)? {
        guard let first = self[index], Self.isWord(first), !Self.isDigit(first) else { return nil }
        if Self.isNameStart(first), let end = wordEnd(from: index, allowDollarHash: false) {
            let word = string(index..<end).uppercased()
            if ["CASE", "IN", "VALUES", "USING", "FROM", "AS"].contains(word) { return (end, false) }
            let afterSpace = skipSpace(from: end)
            if self[afterSpace] == ".", !(self[afterSpace + 1].map(Self.isDigit) ?? false) { return (end, true) }
            if self[end] == "(" { return (end, true) }
        }
        guard let end = wordEnd(from: index, allowDollarHash: true) else { return nil }
        return (end, !SQLKeywords.contains(string(index..<end).uppercased()))
    }

    /// The word at `index` upper-cased, when it is a whole word (not followed by `\w`, `$` or `#`).
    func keyword(at index: Int) -> String? {
        guard let first = self[index], Self.isWord(first), !Self.isDigit(first),
              let end = wordEnd(from: index, allowDollarHash: true) else { return nil }
        return string(index..<end).uppercased()
    }

    /// The end of the number token starting at `index` and whether it is an integer, following
    /// sqlparse's number patterns (hexadecimal numbers are reported with `isHex`).
    func number(at index: Int) -> (end: Int, isInteger: Bool, isHex: Bool)? {
        var i = index
        if self[i] == "-" { i += 1 }
        let digitsStart = i
        func digits(from start: Int) -> Int {
            var j = start
            while let s = self[j], Self.isDigit(s) { j += 1 }
            return j
        }
        // -?0x[\dA-F]+
        if self[i] == "0", let x = self[i + 1], x == "x" || x == "X" {
            var j = i + 2
            while let s = self[j], Self.isDigit(s) || ("a"..."f").contains(s) || ("A"..."F").contains(s) { j += 1 }
            if j > i + 2 { return (j, false, true) }
        }
        let intEnd = digits(from: digitsStart)
        // -?\d+(\.\d+)?E-?\d+
        if intEnd > digitsStart {
            var candidates = [intEnd]
            if self[intEnd] == ".", digits(from: intEnd + 1) > intEnd + 1 { candidates.insert(digits(from: intEnd + 1), at: 0) }
            for mantissaEnd in candidates {
                guard let e = self[mantissaEnd], e == "e" || e == "E" else { continue }
                var j = mantissaEnd + 1
                if self[j] == "-" { j += 1 }
                let expEnd = digits(from: j)
                if expEnd > j { return (expEnd, false, false) }
            }
        }
        // -?(\d+(\.\d*)|\.\d+)(?![_A-ZÀ-Ü]), with the backtracking of \d* and \d+.
        if intEnd > digitsStart, self[intEnd] == "." {
            let fractionEnd = digits(from: intEnd + 1)
            if !Self.stopsNumber(self[fractionEnd]) { return (fractionEnd, false, false) }
            if fractionEnd > intEnd + 1 { return (fractionEnd - 1, false, false) }
        } else if intEnd == digitsStart, self[digitsStart] == "." {
            let fractionEnd = digits(from: digitsStart + 1)
            if fractionEnd > digitsStart + 1 {
                if !Self.stopsNumber(self[fractionEnd]) { return (fractionEnd, false, false) }
                if fractionEnd > digitsStart + 2 { return (fractionEnd - 1, false, false) }
            }
        }
        // -?\d+(?![_A-ZÀ-Ü])
        if intEnd > digitsStart {
            if !Self.stopsNumber(self[intEnd]) { return (intEnd, true, false) }
            if intEnd > digitsStart + 1 { return (intEnd - 1, true, false) }
        }
        return nil
    }

    /// The end (past the closing quote) of a `'…'` or `"…"` literal opening at `index`, as the
    /// pattern `'(''|\\'|[^'])*'` matches it; nil when it never closes.
    mutating func quotedEnd(at index: Int) -> Int? {
        guard let quote = self[index], quote == "'" || quote == "\"" else { return nil }
        if quote == "'" {
            if singleQuoteEnds == nil { singleQuoteEnds = delimitedTable(quote, backslashEscapes: true) }
            return singleQuoteEnds?[index + 1]
        }
        if doubleQuoteEnds == nil { doubleQuoteEnds = delimitedTable(quote, backslashEscapes: true) }
        return doubleQuoteEnds?[index + 1]
    }

    /// The end of a `` `…` `` name opening at `index`, as `` `(``|[^`])*` `` matches it.
    mutating func backtickEnd(at index: Int) -> Int? {
        guard self[index] == "`" else { return nil }
        if backtickEnds == nil { backtickEnds = delimitedTable("`", backslashEscapes: false) }
        return backtickEnds?[index + 1]
    }

    /// For each position, where a delimited body starting there ends (past the closing
    /// delimiter), computed from the end so that the regex's backtracking order is followed
    /// without recursion: a doubled delimiter, then an escaped one, then any other character,
    /// and only then the closing delimiter.
    private func delimitedTable(_ quote: Unicode.Scalar, backslashEscapes: Bool) -> [Int?] {
        let n = scalars.count
        var ends = [Int?](repeating: nil, count: n + 2)
        var p = n - 1
        while p >= 0 {
            let s = scalars[p]
            var result: Int?
            if s == quote, p + 1 < n, scalars[p + 1] == quote { result = ends[p + 2] }
            if result == nil, backslashEscapes, s == "\\", p + 1 < n, scalars[p + 1] == quote { result = ends[p + 2] }
            if result == nil, s != quote { result = ends[p + 1] }
            if result == nil, s == quote { result = p + 1 }
            ends[p] = result
            p -= 1
        }
        return ends
    }
}
