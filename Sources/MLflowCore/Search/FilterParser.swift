extension SearchFilter {
    /// Parses MLflow's run filter grammar; "" or whitespace gives an empty filter.
    ///
    /// Accepts what an MLflow 3 server with a SQL store accepts, with the same meaning, quirks
    /// included: `AND` may be repeated, lead, trail or be left out between clauses; string values
    /// are taken verbatim between their quotes (`'it''s'` is the text `it''s`); `IN` lists are
    /// read as Python literals; MLflow's aliases `created` and `Run name` are translated for
    /// every entity (`params.created` is the param `start_time`).
    ///
    /// Where MLflow's tokeniser produces nonsense this refuses the input instead: an `IS NULL`
    /// or `IN` clause right after another clause without `AND` (MLflow glues the two into one
    /// key), a space before a `.` in a key, and a handful of odd groupings such as
    /// `params.x = "a"."b"`. Whitespace-only input gives an empty filter (MLflow refuses it).
    /// Throws `SearchSyntaxError`.
    public static func parse(_ text: String) throws -> SearchFilter {
        var parser = FilterParser(text)
        return SearchFilter(clauses: try parser.parse())
    }
}

/// Recursive descent over `SearchScanner`, one clause at a time.
struct FilterParser {
    private var scanner: SearchScanner

    init(_ text: String) {
        scanner = SearchScanner(text)
    }

    mutating func parse() throws -> [SearchClause] {
        var clauses: [SearchClause] = []
        var i = 0
        // MLflow lets AND out between clauses, but glues `a = 'x' b IS NULL` (and an IN list after
        // a comparison) into one nonsense clause; those need the AND here.
        var needsAnd = false
        while true {
            i = scanner.skipSpace(from: i)
            guard let s = scanner[i] else { break }
            if let word = scanner.bareWord(at: i), !word.isName {
                switch scanner.string(i..<word.end).uppercased() {
                case "AND":
                    i = word.end
                    needsAnd = false
                    continue
                case "OR":
                    throw scanner.error("OR is not supported: MLflow joins clauses with AND only", at: i)
                case "NOT":
                    throw scanner.error("NOT is only allowed in NOT IN", at: i)
                default:
                    break
                }
            }
            if s == "(" { throw scanner.error("parentheses are not supported: MLflow joins clauses with AND only", at: i) }
            if s == ";" { throw scanner.error("';' is not allowed in a filter", at: i) }
            if isComment(at: i) { throw scanner.error("comments are not allowed in a filter", at: i) }
            let (clause, end) = try parseClause(at: i)
            if needsAnd, [.isNull, .isNotNull, .in, .notIn].contains(clause.comparator) {
                throw scanner.error("put AND before this clause", at: i)
            }
            needsAnd = clause.comparator != .isNull && clause.comparator != .isNotNull
            clauses.append(clause)
            i = end
        }
        return clauses
    }

    private func isComment(at i: Int) -> Bool {
        (scanner[i] == "-" && scanner[i + 1] == "-") || (scanner[i] == "/" && scanner[i + 1] == "*")
            || (scanner[i] == "#" && scanner[i + 1].map(SearchScanner.isSpace) == true)
    }

    // MARK: Clause

    private enum RawValue {
        case quoted(String)
        case doubleQuoted(String)
        case number(String, isInteger: Bool)
        case list([String])
        case none
    }

    private mutating func parseClause(at start: Int) throws -> (SearchClause, Int) {
        let identifier = try scanner.scanIdentifier(at: start)
        let comparatorStart = scanner.skipSpace(from: identifier.range.upperBound)
        let (comparator, comparatorEnd) = try parseComparator(at: comparatorStart)
        let valueStart = scanner.skipSpace(from: comparatorEnd)
        let (value, end) = try parseValue(at: valueStart, comparator: comparator)
        let clause = try resolve(identifier, comparator: comparator, comparatorAt: comparatorStart,
                                 value: value, valueAt: valueStart)
        return (clause, end)
    }

    private func parseComparator(at i: Int) throws -> (Comparator, Int) {
        guard let s = scanner[i] else { throw scanner.error("expected a comparison operator after the key", at: i) }
        if "<>=~!".unicodeScalars.contains(s) {
            var end = i
            while let c = scanner[end], "<>=~!".unicodeScalars.contains(c) { end += 1 }
            let op = scanner.string(i..<end)
            guard let comparator = Comparator(rawValue: op), !comparator.isWord else {
                throw scanner.error("unknown operator '\(op)'; use =, !=, >, >=, < or <=", at: i)
            }
            return (comparator, end)
        }
        guard let word = scanner.keyword(at: i) else {
            throw scanner.error("expected a comparison operator after the key", at: i)
        }
        let wordEnd = i + word.unicodeScalars.count
        switch word {
        case "LIKE": return (.like, wordEnd)
        case "ILIKE": return (.ilike, wordEnd)
        case "IN": return (.in, wordEnd)
        case "RLIKE", "REGEXP": throw scanner.error("\(word) is not supported; use LIKE or ILIKE", at: i)
        case "IS":
            let next = scanner.skipSpace(from: wordEnd)
            switch scanner.keyword(at: next) {
            case "NULL": return (.isNull, next + 4)
            case "NOT":
                // sqlparse reads `NOT NULL` as one token and MLflow wants it spelled with one space.
                let afterNot = next + 3
                if scanner[afterNot] == " ", scanner.keyword(at: afterNot + 1) == "NULL" { return (.isNotNull, afterNot + 5) }
                throw scanner.error("expected NOT NULL (one space) after IS", at: next)
            default:
                throw scanner.error("expected NULL or NOT NULL after IS", at: next)
            }
        case "NOT":
            let next = scanner.skipSpace(from: wordEnd)
            switch scanner.keyword(at: next) {
            case "IN" where next > wordEnd: return (.notIn, next + 2)
            case "LIKE", "ILIKE", "RLIKE": throw scanner.error("NOT LIKE is not supported", at: i)
            default: throw scanner.error("expected IN after NOT", at: next)
            }
        default:
            throw scanner.error("expected a comparison operator (=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN, IS NULL, IS NOT NULL)", at: i)
        }
    }

    private mutating func parseValue(at i: Int, comparator: Comparator) throws -> (RawValue, Int) {
        switch comparator {
        case .isNull, .isNotNull:
            return (.none, i)
        case .in, .notIn:
            guard scanner[i] == "(" else { throw scanner.error("\(comparator.rawValue) needs a list such as ('a', 'b')", at: i) }
            let (items, end) = try parseList(at: i)
            return (.list(items), end)
        default:
            break
        }
        guard let s = scanner[i] else { throw scanner.error("missing value after \(comparator.rawValue)", at: i) }
        switch s {
        case "'", "\"":
            guard let end = scanner.quotedEnd(at: i) else { throw scanner.error("unterminated string", at: i) }
            let inner = scanner.string(i + 1..<end - 1)
            return (s == "'" ? .quoted(inner) : .doubleQuoted(inner), end)
        case "(":
            throw scanner.error("a list is only allowed after IN or NOT IN", at: i)
        case "`":
            throw scanner.error("backticks quote keys; quote values with single quotes", at: i)
        default:
            break
        }
        if let number = scanner.number(at: i) {
            if number.isHex { throw scanner.error("hexadecimal numbers are not supported", at: i) }
            return (.number(scanner.string(i..<number.end), isInteger: number.isInteger), number.end)
        }
        if SearchScanner.isWord(s) { throw scanner.error("string values must be quoted, e.g. 'value'", at: i) }
        throw scanner.error("expected a value after \(comparator.rawValue)", at: i)
    }

    /// The `( … )` after IN: its extent as sqlparse finds it, its items as Python reads them.
    private mutating func parseList(at open: Int) throws -> ([String], Int) {
        var depth = 0
        var i = open
        while let s = scanner[i] {
            switch s {
            case "(":
                depth += 1
                i += 1
            case ")":
                depth -= 1
                i += 1
                if depth == 0 {
                    do {
                        return (try PythonLiteral.stringTuple(Array(scanner.scalars[open..<i])), i)
                    } catch let failure as PythonLiteral.Failure {
                        throw scanner.error(failure.message, at: open + failure.offset)
                    }
                }
            case "'", "\"":
                guard let end = scanner.quotedEnd(at: i) else { throw scanner.error("unterminated string", at: i) }
                i = end
            case "`":
                throw scanner.error("backticks are not allowed in a list", at: i)
            default:
                if isComment(at: i) { throw scanner.error("comments are not allowed in a filter", at: i) }
                i += 1
            }
        }
        throw scanner.error("unclosed '('", at: open)
    }

    // MARK: Meaning

    private func resolve(_ identifier: ScannedIdentifier, comparator: Comparator, comparatorAt: Int,
                         value: RawValue, valueAt: Int) throws -> SearchClause {
        let raw = scanner.string(identifier.range)
        let (prefix, rawKey) = SearchScanner.splitIdentifier(raw)
        let start = identifier.range.lowerBound
        let entity: SearchEntity
        if let prefix {
            guard let found = SearchEntity(prefix: prefix) else {
                throw scanner.error("unknown entity type '\(prefix)'; use \(SearchEntity.validPrefixes)", at: start)
            }
            entity = found
        } else {
            entity = .attribute
        }
        var key = SearchEntity.translateAlias(rawKey)
        if entity == .attribute {
            guard let name = SearchEntity.filterAttribute(rawKey) else {
                throw scanner.error("unknown attribute '\(rawKey)'; use run_id, run_name, status, user_id, artifact_uri, start_time or end_time", at: identifier.keyStart)
            }
            key = name
        } else if entity == .dataset, !SearchEntity.datasetFields.contains(rawKey) {
            throw scanner.error("unknown dataset field '\(rawKey)'; use name, digest or context", at: identifier.keyStart)
        }
        let numeric = entity == .metric || (entity == .attribute && SearchEntity.numericAttributes.contains(key))
        let allowed: Set<Comparator> = switch entity {
        case .metric: Comparator.numeric
        case .param, .tag: [.equal, .notEqual, .like, .ilike, .isNull, .isNotNull]
        case .attribute: numeric ? Comparator.numeric : [.equal, .notEqual, .like, .ilike, .in, .notIn]
        case .dataset: [.equal, .notEqual, .like, .ilike, .in, .notIn]
        }
        guard allowed.contains(comparator) else {
            let what = switch entity {
            case .metric: "a metric"
            case .param: "a param"
            case .tag: "a tag"
            case .attribute: "attribute '\(key)'"
            case .dataset: "a dataset field"
            }
            let list = Comparator.allCases.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
            throw scanner.error("\(comparator.rawValue) cannot be used with \(what); use \(list)", at: comparatorAt)
        }
        let searchValue: SearchValue
        switch value {
        case .none:
            searchValue = .none
        case .list(let items):
            if entity == .attribute, key != "run_id" {
                throw scanner.error("only run_id takes a list of values", at: valueAt)
            }
            searchValue = .list(items)
        case .number(let text, _):
            guard numeric else { throw scanner.error("expected a quoted string, e.g. '\(text)'", at: valueAt) }
            guard let number = PythonLiteral.float(text) else { throw scanner.error("invalid number '\(text)'", at: valueAt) }
            searchValue = .number(number)
        case .quoted(let text), .doubleQuoted(let text):
            guard !numeric else { throw scanner.error("expected a number, not a string", at: valueAt) }
            searchValue = .string(text)
        }
        return SearchClause(key: entity.key(key), comparator: comparator, value: searchValue)
    }
}

extension Comparator {
    /// Comparators of metrics and of numeric attributes.
    static let numeric: Set<Comparator> = [.equal, .notEqual, .greater, .greaterOrEqual, .less, .lessOrEqual]

    var isWord: Bool { rawValue.first?.isLetter ?? false }
}
