/// What a search clause or an `order_by` entry refers to.
public enum SearchKey: Sendable, Hashable {
    case metric(String)
    case param(String)
    case tag(String)
    /// A run attribute under its canonical name: `run_id`, `run_name`, `status`, `user_id`,
    /// `artifact_uri`, `lifecycle_stage`, `start_time`, `end_time`
    /// (aliases such as `created` and `` `Run name` `` are resolved by the parser; MLflow's
    /// grammar cannot name `lifecycle_stage`, so the parsers never produce it).
    case attribute(String)
    /// `datasets.name`, `datasets.digest` or `datasets.context`.
    case dataset(String)
}

/// A comparison operator of MLflow's search grammar.
public enum Comparator: String, Sendable, Hashable, CaseIterable {
    case equal = "="
    case notEqual = "!="
    case greater = ">"
    case greaterOrEqual = ">="
    case less = "<"
    case lessOrEqual = "<="
    case like = "LIKE"
    case ilike = "ILIKE"
    case `in` = "IN"
    case notIn = "NOT IN"
    case isNull = "IS NULL"
    case isNotNull = "IS NOT NULL"
}

/// The right-hand side of a clause.
public enum SearchValue: Sendable, Hashable {
    case string(String)
    case number(Double)
    case list([String])
    /// For `IS NULL` / `IS NOT NULL`.
    case none
}

/// One `key op value` clause of a filter.
public struct SearchClause: Sendable, Hashable {
    public var key: SearchKey
    public var comparator: Comparator
    public var value: SearchValue

    public init(key: SearchKey, comparator: Comparator, value: SearchValue) {
        self.key = key
        self.comparator = comparator
        self.value = value
    }
}

/// A parsed MLflow run filter: clauses joined by `AND`.
public struct SearchFilter: Sendable, Hashable {
    public var clauses: [SearchClause]

    public init(clauses: [SearchClause]) {
        self.clauses = clauses
    }
}

/// One parsed `order_by` entry.
public struct OrderBy: Sendable, Hashable {
    public var key: SearchKey
    public var ascending: Bool

    public init(key: SearchKey, ascending: Bool = true) {
        self.key = key
        self.ascending = ascending
    }
}

/// A filter or `order_by` string that does not parse, with where it went wrong.
public struct SearchSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// The text that was parsed.
    public var input: String
    /// Character offset (0-based) into `input` where the problem starts.
    public var position: Int

    public init(message: String, input: String, position: Int) {
        self.message = message
        self.input = input
        self.position = position
    }

    public var description: String { "\(message) at position \(position + 1)" }

    /// The input and a caret under the position, for a terminal.
    public var pointer: String {
        let pad = String(repeating: " ", count: max(0, position))
        return "\(input)\n\(pad)^"
    }
}
