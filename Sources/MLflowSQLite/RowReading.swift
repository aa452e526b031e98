import Foundation
import GRDB
import GRDBSQLite

/// The current row of a stepping SQLite statement, read straight from the C API.
///
/// Text is read with its byte length, so NUL and other control characters that MLflow stores
/// verbatim come back whole (GRDB's `String` decoding stops at the first NUL). Nothing here
/// traps on what a file holds: NULL and unexpected types give nil or a neutral value.
struct RawRow {
    let statement: OpaquePointer

    /// The text of column `index` with every byte kept, or nil for NULL.
    func text(_ index: Int32) -> String? {
        guard sqlite3_column_type(statement, index) != SQLITE_NULL,
              let bytes = sqlite3_column_text(statement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, index))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    /// The raw bytes of a text column, valid until the statement moves on.
    func bytes(_ index: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let bytes = sqlite3_column_text(statement, index) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(statement, index)))
    }

    /// The text of column `index`, or "" for NULL.
    func string(_ index: Int32) -> String { text(index) ?? "" }

    /// An integer column (REAL and numeric TEXT are converted as SQLite converts them).
    func int64(_ index: Int32) -> Int64? {
        sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_int64(statement, index)
    }

    /// An integer column read without a NULL check (NULL reads as 0), for million-row scans.
    func integer(_ index: Int32) -> Int64 { sqlite3_column_int64(statement, index) }

    /// A floating-point column (INTEGER and numeric TEXT are converted).
    func double(_ index: Int32) -> Double? {
        sqlite3_column_type(statement, index) == SQLITE_NULL ? nil : sqlite3_column_double(statement, index)
    }

    /// A 0/1 boolean column.
    func bool(_ index: Int32) -> Bool { sqlite3_column_int64(statement, index) != 0 }

    /// An id column that MLflow stores as an integer, as the string its API uses.
    func id(_ index: Int32) -> String {
        sqlite3_column_type(statement, index) == SQLITE_INTEGER ? String(sqlite3_column_int64(statement, index)) : string(index)
    }
}

/// Steps through the rows of one statement: `while let row = try rows.next() { ... }`.
///
/// Steps the SQLite statement directly: a million-row scan spends its time in SQLite, not in
/// per-row bookkeeping. A loop instead of a closure keeps the caller's mutations local, without
/// the dynamic exclusivity checks a capturing closure costs on every row.
final class RawRows {
    private let statement: Statement
    private let row: RawRow
    private var done = false

    init(_ db: Database, _ sql: SQL) throws {
        statement = try db.makeStatement(sql: sql.text)
        try statement.setArguments(sql.arguments)
        row = RawRow(statement: statement.sqliteStatement)
    }

    /// The next row, valid until the following call; nil after the last one.
    func next() throws -> RawRow? {
        guard !done else { return nil }
        let code = sqlite3_step(statement.sqliteStatement)
        switch code {
        case SQLITE_ROW:
            return row
        case SQLITE_DONE:
            done = true
            return nil
        default:
            done = true
            let message = sqlite3_db_handle(statement.sqliteStatement).flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
            sqlite3_reset(statement.sqliteStatement)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: statement.sql)
        }
    }

    deinit {
        sqlite3_reset(statement.sqliteStatement)
    }
}

extension Database {
    /// The rows of `sql`.
    func rows(_ sql: SQL) throws -> RawRows { try RawRows(self, sql) }

    /// The rows of `sql` turned into values by `transform`.
    func map<T>(_ sql: SQL, _ transform: (RawRow) throws -> T) throws -> [T] {
        var result: [T] = []
        let rows = try RawRows(self, sql)
        while let row = try rows.next() { result.append(try transform(row)) }
        return result
    }
}

/// A piece of SQL with its bound values, built up clause by clause.
struct SQL: Sendable, Hashable {
    var text: String
    var values: [DatabaseValue]

    init(_ text: String = "", _ values: [DatabaseValue] = []) {
        self.text = text
        self.values = values
    }

    var arguments: StatementArguments { StatementArguments(values) }

    mutating func append(_ other: SQL) {
        text += other.text
        values += other.values
    }

    mutating func append(_ text: String, _ values: DatabaseValue...) {
        self.text += text
        self.values += values
    }

    static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    /// `self LIMIT limit OFFSET offset`; a nil limit means no limit.
    func limited(_ limit: Int?, offset: Int = 0) -> SQL {
        var sql = self
        sql.append(" LIMIT ? OFFSET ?", (limit ?? -1).databaseValue, offset.databaseValue)
        return sql
    }

    /// A placeholder for a string value, exact even when it holds NUL characters
    /// (SQLite would cut such a string at the NUL if it were bound as text).
    static func string(_ value: String) -> SQL {
        if value.utf8.contains(0) {
            return SQL("CAST(? AS TEXT)", [Data(value.utf8).databaseValue])
        }
        return SQL("?", [value.databaseValue])
    }

    /// `(?, ?, ...)` for a list of strings.
    static func list(_ values: [String]) -> SQL {
        var sql = SQL("(")
        for (index, value) in values.enumerated() {
            if index > 0 { sql.text += ", " }
            sql.append(string(value))
        }
        sql.text += ")"
        return sql
    }

    /// A placeholder for a number: an integer when the value is one, as MLflow binds it.
    static func number(_ value: Double) -> SQL {
        if value.rounded() == value, abs(value) < 9.2e18 {
            return SQL("?", [Int64(value).databaseValue])
        }
        return SQL("?", [value.databaseValue])
    }
}

extension Array {
    /// The elements in consecutive slices of at most `size`.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
