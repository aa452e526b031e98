import GRDB
import MLflowCore

/// Translates a run search into one SQL query with the semantics of MLflow's SQL store
/// (`sqlalchemy_store.py` `_search_runs`, `_get_sqlalchemy_filter_clauses`, `_get_orderby_clauses`).
///
/// What it reproduces, for SQLite:
/// - metric clauses compare the latest value; a NaN latest value (stored as 0 with `is_nan`)
///   matches only `!=`; a run without the metric, param or tag never matches a comparison;
/// - `LIKE` is case-sensitive (MLflow sets `PRAGMA case_sensitive_like`), `ILIKE` is
///   `lower(x) LIKE lower(pattern)`; `%` and `_` are wildcards and there is no escape character;
/// - `attributes.run_name` compares the `mlflow.runName` tag, ordering by it uses `runs.name`;
/// - ordering puts missing values last in either direction, and NaN metrics after numbers
///   but before missing ones; then `start_time DESC` (unless ordered by it) and `run_uuid`.
///
/// Values are always bound, never written into the SQL text.
enum RunSearchSQL {
    static let numericAttributes: Set<String> = ["start_time", "end_time"]
    static let metricComparators: Set<Comparator> = [.greater, .greaterOrEqual, .equal, .notEqual, .less, .lessOrEqual]
    static let paramComparators: Set<Comparator> = [.notEqual, .equal, .like, .ilike, .isNull, .isNotNull]
    static let stringAttributeComparators: Set<Comparator> = [.notEqual, .equal, .like, .ilike, .in, .notIn]
    static let datasetComparators: Set<Comparator> = [.notEqual, .equal, .like, .ilike, .in, .notIn]

    /// The rowids of the runs of `experimentIds` in `view` matching `filter`, in order.
    /// `limited(_:offset:)` cuts out a page.
    static func idsQuery(experimentIds: [Int64], view: ViewType, filter: SearchFilter, orderBy: [OrderBy]) throws -> SQL {
        let order = try orderClauses(orderBy)
        var sql = SQL("SELECT runs.rowid FROM runs")
        sql.append(order.joins)
        sql.text += " WHERE runs.experiment_id IN ("
        sql.text += Array(repeating: "?", count: experimentIds.count).joined(separator: ", ") + ")"
        sql.values += experimentIds.map(\.databaseValue)
        sql.text += " AND runs.lifecycle_stage IN "
        sql.append(SQL.list(view.stages))
        for clause in filter.clauses {
            sql.text += " AND "
            sql.append(try condition(clause))
        }
        sql.text += " ORDER BY "
        sql.append(order.terms)
        return sql
    }

    /// One filter clause as a condition on the current `runs` row.
    static func condition(_ clause: SearchClause) throws -> SQL {
        let op = clause.comparator
        switch clause.key {
        case .metric(let key):
            try check(op, in: metricComparators, for: clause)
            guard case .number(let number) = clause.value else {
                throw MLflowError.invalidArgument("Expected numeric value type for metric. Found \(describe(clause.value))")
            }
            var sql = SQL("runs.run_uuid IN (SELECT run_uuid FROM latest_metrics WHERE key = ") + SQL.string(key)
            // NaN is stored as 0 with is_nan = 1: every comparison with NaN is false except "!=".
            if op == .notEqual {
                sql.append(" AND (value != ? OR is_nan = 1))", number.databaseValue)
            } else {
                sql.append(" AND value \(op.rawValue) ? AND is_nan = 0)", number.databaseValue)
            }
            return sql

        case .param(let key), .tag(let key):
            try check(op, in: paramComparators, for: clause)
            let table = if case .param = clause.key { "params" } else { "tags" }
            if op == .isNull || op == .isNotNull {
                var sql = SQL(op == .isNull ? "NOT EXISTS" : "EXISTS")
                sql.text += " (SELECT \(table).run_uuid FROM \(table) WHERE \(table).run_uuid = runs.run_uuid AND \(table).key = "
                sql.append(SQL.string(key))
                sql.text += ")"
                return sql
            }
            return try keyedSubquery(table: table, key: key, op: op, value: clause.value)

        case .attribute(let name):
            if numericAttributes.contains(name) {
                try check(op, in: metricComparators, for: clause)
                guard case .number(let number) = clause.value else {
                    throw MLflowError.invalidArgument("Expected numeric value type for numeric attribute: \(name). Found \(describe(clause.value))")
                }
                return SQL("runs.\(name) \(op.rawValue) ") + SQL.number(number)
            }
            try check(op, in: stringAttributeComparators, for: clause)
            if name == "run_name" {
                return try keyedSubquery(table: "tags", key: SystemTag.runName, op: op, value: clause.value)
            }
            return try compare("runs.\(try runColumn(name))", op, clause.value)

        case .dataset(let name):
            try check(op, in: datasetComparators, for: clause)
            var sql = SQL("runs.run_uuid IN (SELECT inputs.destination_id FROM datasets JOIN inputs ON inputs.source_id = datasets.dataset_uuid")
            switch name {
            case "context":
                sql.text += " JOIN input_tags ON input_tags.input_uuid = inputs.input_uuid AND input_tags.name = 'mlflow.data.context' AND "
                sql.append(try compare("input_tags.value", op, clause.value))
            case "name", "digest":
                sql.text += " WHERE "
                sql.append(try compare("datasets.\(name)", op, clause.value))
            default:
                throw MLflowError.invalidArgument("Invalid dataset key '\(name)' specified. Valid keys are 'name', 'digest', 'context'")
            }
            sql.text += ")"
            return sql
        }
    }

    /// `runs.run_uuid IN (SELECT run_uuid FROM table WHERE key = k AND value op v)`.
    private static func keyedSubquery(table: String, key: String, op: Comparator, value: SearchValue) throws -> SQL {
        var sql = SQL("runs.run_uuid IN (SELECT run_uuid FROM \(table) WHERE key = ")
        sql.append(SQL.string(key))
        sql.text += " AND "
        sql.append(try compare("value", op, value))
        sql.text += ")"
        return sql
    }

    /// `column op value` for a string comparison, as SQLAlchemy renders it for SQLite.
    private static func compare(_ column: String, _ op: Comparator, _ value: SearchValue) throws -> SQL {
        switch (op, value) {
        case (.in, .list(let items)), (.notIn, .list(let items)):
            guard !items.isEmpty else {
                // SQLAlchemy's empty IN: never true; its NOT IN: always true.
                return SQL(op == .in ? "0 = 1" : "1 = 1")
            }
            return SQL("\(column) \(op == .in ? "IN" : "NOT IN") ") + SQL.list(items)
        case (.in, .string(let item)), (.notIn, .string(let item)):
            return SQL("\(column) \(op == .in ? "IN" : "NOT IN") ") + SQL.list([item])
        case (.ilike, .string(let pattern)):
            return SQL("lower(\(column)) LIKE lower(") + SQL.string(pattern) + SQL(")")
        case (.like, .string(let text)), (.equal, .string(let text)), (.notEqual, .string(let text)):
            return SQL("\(column) \(op.rawValue) ") + SQL.string(text)
        default:
            throw MLflowError.invalidArgument("Invalid comparison '\(op.rawValue)' with value \(describe(value)) for \(column)")
        }
    }

    /// The `runs` column behind an attribute name (`SqlRun.get_attribute_name`).
    static func runColumn(_ attribute: String) throws -> String {
        switch attribute {
        case "run_id": return "run_uuid"
        case "run_name": return "name"
        case "status", "user_id", "artifact_uri", "lifecycle_stage", "start_time", "end_time": return attribute
        default:
            throw MLflowError.invalidArgument("Invalid attribute key '\(attribute)' specified")
        }
    }

    private static func check(_ op: Comparator, in valid: Set<Comparator>, for clause: SearchClause) throws {
        guard valid.contains(op) else {
            let allowed = valid.map(\.rawValue).sorted().joined(separator: ", ")
            throw MLflowError.invalidArgument("Invalid comparator '\(op.rawValue)' for \(describe(clause.key)); expected one of \(allowed)")
        }
    }

    /// The joins and ORDER BY terms for `orderBy`, then MLflow's tie-breakers.
    static func orderClauses(_ orderBy: [OrderBy]) throws -> (joins: SQL, terms: SQL) {
        var joins = SQL()
        var terms: [SQL] = []
        var seen: Set<SearchKey> = []
        var ordersByStartTime = false
        for (index, entry) in orderBy.enumerated() {
            guard seen.insert(entry.key).inserted else {
                throw MLflowError.invalidArgument("`order_by` contains duplicate fields: \(describe(entry.key))")
            }
            let direction = entry.ascending ? "" : " DESC"
            let alias = "ob\(index)"
            switch entry.key {
            case .attribute(let name):
                let column = "runs.\(try runColumn(name))"
                if name == "start_time" { ordersByStartTime = true }
                terms.append(SQL("CASE WHEN \(column) IS NULL THEN 1 ELSE 0 END"))
                terms.append(SQL(column + direction))
            case .metric(let key):
                joins.append(SQL(" LEFT JOIN latest_metrics AS \(alias) ON \(alias).run_uuid = runs.run_uuid AND \(alias).key = ") + SQL.string(key))
                terms.append(SQL("CASE WHEN \(alias).is_nan = 1 THEN 1 WHEN \(alias).value IS NULL THEN 2 ELSE 0 END"))
                terms.append(SQL("\(alias).value" + direction))
            case .param(let key), .tag(let key):
                let table = if case .param = entry.key { "params" } else { "tags" }
                joins.append(SQL(" LEFT JOIN \(table) AS \(alias) ON \(alias).run_uuid = runs.run_uuid AND \(alias).key = ") + SQL.string(key))
                terms.append(SQL("CASE WHEN \(alias).value IS NULL THEN 1 ELSE 0 END"))
                terms.append(SQL("\(alias).value" + direction))
            case .dataset:
                throw MLflowError.invalidArgument("Invalid identifier type 'dataset' in order_by; runs can be ordered by attributes, metrics, params and tags")
            }
        }
        if !ordersByStartTime { terms.append(SQL("runs.start_time DESC")) }
        terms.append(SQL("runs.run_uuid"))
        var joined = SQL()
        for (index, term) in terms.enumerated() {
            if index > 0 { joined.text += ", " }
            joined.append(term)
        }
        return (joins, joined)
    }

    static func describe(_ key: SearchKey) -> String {
        switch key {
        case .metric(let key): "metric '\(key)'"
        case .param(let key): "param '\(key)'"
        case .tag(let key): "tag '\(key)'"
        case .attribute(let name): "attribute '\(name)'"
        case .dataset(let name): "dataset '\(name)'"
        }
    }

    static func describe(_ value: SearchValue) -> String {
        switch value {
        case .string(let text): "'\(text)'"
        case .number(let number): "\(number)"
        case .list(let items): "(" + items.map { "'\($0)'" }.joined(separator: ", ") + ")"
        case .none: "nothing"
        }
    }
}
