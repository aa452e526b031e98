extension OrderBy {
    /// Parses one order_by entry such as "metrics.`val/loss` DESC", "attributes.start_time", "params.lr asc".
    ///
    /// Accepts what MLflow's SQL store accepts: a key (`metrics.`, `params.`, `tags.` or
    /// `attributes.` and their aliases; no `datasets.`), then optionally one space-separated
    /// `ASC`/`DESC` in any case; no surrounding whitespace. Quotes and backticks around keys are
    /// removed as MLflow's `shlex` step removes them. Throws `SearchSyntaxError`.
    public static func parse(_ text: String) throws -> OrderBy {
        var scanner = SearchScanner(text)
        guard !text.isEmpty else { throw scanner.error("empty order_by entry", at: 0) }
        if let first = scanner[0], SearchScanner.isSpace(first) {
            throw scanner.error("unexpected whitespace at the start of an order_by entry", at: 0)
        }
        let identifier = try scanner.scanIdentifier(at: 0)
        var ascending = true
        let end = identifier.range.upperBound
        if end < scanner.count {
            let word = scanner.skipSpace(from: end)
            if word == end { throw scanner.error("unexpected '\(scanner.string(end..<end + 1))' in an order_by entry", at: end) }
            if word == scanner.count { throw scanner.error("unexpected whitespace at the end of an order_by entry", at: end) }
            guard let direction = scanner.keyword(at: word), direction == "ASC" || direction == "DESC" else {
                throw scanner.error("expected ASC or DESC", at: word)
            }
            let directionEnd = word + direction.unicodeScalars.count
            if directionEnd < scanner.count {
                let rest = scanner.skipSpace(from: directionEnd)
                if rest > directionEnd, scanner.keyword(at: rest) == "NULLS" {
                    throw scanner.error("NULLS FIRST / NULLS LAST is not supported", at: rest)
                }
                throw scanner.error("unexpected text after \(direction)", at: directionEnd)
            }
            ascending = direction == "ASC"
        }
        let raw = scanner.string(identifier.range)
        let words: [String]
        do {
            words = try Shlex.split(raw.replacingOccurrences(of: "`", with: "\""))
        } catch {
            throw scanner.error("unbalanced quotes in the key", at: 0)
        }
        guard words.count == 1, let word = words.first else {
            throw scanner.error("a key with spaces must be quoted with backticks", at: 0)
        }
        let (prefix, key) = SearchScanner.splitIdentifier(Shlex.strip(word))
        let entity: SearchEntity
        if let prefix {
            guard let found = SearchEntity(prefix: prefix) else {
                throw scanner.error("unknown entity type '\(prefix)'; use metrics., params., tags. or attributes.", at: 0)
            }
            entity = found
        } else {
            entity = .attribute
        }
        switch entity {
        case .dataset:
            throw scanner.error("runs cannot be ordered by dataset fields", at: 0)
        case .attribute:
            guard let name = SearchEntity.orderAttribute(key) else {
                throw scanner.error("unknown attribute '\(key)'; use run_id, run_name, status, user_id, artifact_uri, start_time or end_time", at: identifier.keyStart)
            }
            return OrderBy(key: .attribute(name), ascending: ascending)
        default:
            return OrderBy(key: entity.key(SearchEntity.translateAlias(key)), ascending: ascending)
        }
    }

    /// Parses every entry; refuses a key that appears twice (`created` and `start_time` are one key),
    /// as MLflow's SQL store does.
    public static func parseList(_ texts: [String]) throws -> [OrderBy] {
        var result: [OrderBy] = []
        for text in texts {
            let entry = try parse(text)
            if result.contains(where: { $0.key == entry.key }) {
                throw SearchSyntaxError(message: "order_by names the same key twice", input: text, position: 0)
            }
            result.append(entry)
        }
        return result
    }
}

/// Python's `shlex.split` (POSIX mode, no comments) and `str.strip`, as MLflow applies them to
/// an order_by entry.
enum Shlex {
    struct Unbalanced: Error {}

    static func split(_ text: String) throws -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var scalars = text.unicodeScalars.makeIterator()
        while let s = scalars.next() {
            switch s {
            case " ", "\t", "\r", "\n":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            case "\\":
                guard let next = scalars.next() else { throw Unbalanced() }
                current.unicodeScalars.append(next)
                inWord = true
            case "'":
                inWord = true
                while true {
                    guard let c = scalars.next() else { throw Unbalanced() }
                    if c == "'" { break }
                    current.unicodeScalars.append(c)
                }
            case "\"":
                inWord = true
                while true {
                    guard let c = scalars.next() else { throw Unbalanced() }
                    if c == "\"" { break }
                    if c == "\\" {
                        guard let escaped = scalars.next() else { throw Unbalanced() }
                        if escaped != "\"" && escaped != "\\" { current.unicodeScalars.append(c) }
                        current.unicodeScalars.append(escaped)
                        continue
                    }
                    current.unicodeScalars.append(c)
                }
            default:
                current.unicodeScalars.append(s)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }

    /// `str.strip()`: removes leading and trailing whitespace.
    static func strip(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var start = 0, end = scalars.count
        while start < end, SearchScanner.isSpace(scalars[start]) { start += 1 }
        while end > start, SearchScanner.isSpace(scalars[end - 1]) { end -= 1 }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars[start..<end])
        return result
    }
}
