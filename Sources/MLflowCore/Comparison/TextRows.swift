/// Rows of params or tags: the union of every run's keys, one cell per run.
enum TextRows {
    /// One row per key of `lists` (one list per run) that `include` accepts, in key order or in the
    /// order of `only`. Each key is looked up once per run in one dictionary; `include` is asked once
    /// per distinct key.
    static func build(
        _ lists: [[KeyValue]], only: [String]?, include: (String) -> Bool
    ) -> [ComparisonRow] {
        let columns = lists.count
        var index: [String: Int] = [:]
        index.reserveCapacity((lists.first?.count ?? 0) * 2)
        var keys: [String] = []
        var cells: [[ComparisonValue]] = []
        let allowed = only.map(Set.init)
        // Runs mostly share their keys: a key at the same position as in the previous run's list
        // reuses that row without hashing.
        var previous: [KeyValue] = []
        var previousRows: [Int] = []
        var rows: [Int] = []
        for (column, list) in lists.enumerated() {
            rows.removeAll(keepingCapacity: true)
            rows.reserveCapacity(list.count)
            for (position, pair) in list.enumerated() {
                let row: Int
                if position < previous.count, previous[position].key == pair.key {
                    row = previousRows[position]
                } else if let known = index[pair.key] {
                    row = known
                } else if allowed.map({ $0.contains(pair.key) }) ?? true, include(pair.key) {
                    row = keys.count
                    index[pair.key] = row
                    keys.append(pair.key)
                    cells.append([ComparisonValue](repeating: .missing, count: columns))
                } else {
                    row = -1
                    index[pair.key] = row
                }
                rows.append(row)
                if row >= 0 { cells[row][column] = .text(pair.value) }
            }
            previous = list
            swap(&previousRows, &rows)
        }
        let order: [Int]
        if let only {
            var seen = Set<String>()
            order = only.compactMap { key in
                guard seen.insert(key).inserted, let row = index[key], row >= 0 else { return nil }
                return row
            }
        } else {
            order = keys.indices.sorted { keys[$0] < keys[$1] }
        }
        return order.map { row in textRow(key: keys[row], cells: cells[row]) }
    }

    /// A row of text cells, with whether it differs and whether its values are equal as numbers.
    static func textRow(key: String, cells: [ComparisonValue]) -> ComparisonRow {
        let differs = RowEquality.differs(cells)
        return ComparisonRow(
            key: key, cells: cells, differs: differs,
            equalAsNumbers: differs && equalAsNumbers(cells), metric: nil)
    }

    /// Whether the values present (at least two) are all numbers, equal as numbers but not all equal
    /// as text. Stops at the first value that is not a number or not equal.
    static func equalAsNumbers(_ cells: [ComparisonValue]) -> Bool {
        var first: (text: String, number: Double)?
        var count = 0
        var textDiffers = false
        for cell in cells {
            guard case .text(let text) = cell else { continue }
            guard let number = decimalNumber(text) else { return false }
            count += 1
            if let first {
                if number != first.number { return false }
                if text != first.text { textDiffers = true }
            } else {
                first = (text, number)
            }
        }
        return count >= 2 && textDiffers
    }

    /// The number a text spells in decimal (`-1`, `0.10`, `1e-3`, `.5`); nil for anything else,
    /// `nan` and `inf` included: they are words, not numbers to compare.
    static func decimalNumber(_ text: String) -> Double? {
        var digits = 0
        var exponent = false
        var previous: UInt8 = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "."): if exponent { return nil }
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                if exponent || digits == 0 { return nil }
                exponent = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                if previous != 0 && previous != UInt8(ascii: "e") && previous != UInt8(ascii: "E") { return nil }
            default: return nil
            }
            previous = byte
        }
        guard digits > 0, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}

/// Whether a row's cells differ.
enum RowEquality {
    /// True when some cell is not the same as the first (see `ComparisonValue.isSame(as:)`).
    static func differs(_ cells: [ComparisonValue]) -> Bool {
        guard let first = cells.first else { return false }
        return cells.dropFirst().contains { !$0.isSame(as: first) }
    }
}
