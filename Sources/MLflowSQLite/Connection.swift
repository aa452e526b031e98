import Foundation
import GRDB
import MLflowCore

/// A read-only connection to an `mlflow.db`, safe to use while MLflow writes to the file.
///
/// MLflow leaves the database in the rollback-journal mode; a reader then gets `SQLITE_BUSY`
/// while a writer commits. Each read waits up to `busyTimeout` for the lock and is retried a
/// few times before the error reaches the caller. The journal mode is never changed.
struct Connection: Sendable {
    let queue: DatabaseQueue
    let path: String
    /// The memory map's size, 0 for none.
    let memoryMapBytes: Int

    static let busyTimeout: TimeInterval = 3
    static let busyRetries = 3

    /// The memory map's size when one is used.
    static let memoryMapBytes = 1 << 30

    /// Opens `path` read-only; a missing file is an error (SQLite would otherwise create it).
    /// `memoryMapBytes` 0 reads through the page cache only. With `waitsForLocks` false a read
    /// that finds the file locked fails at once with `SQLITE_BUSY` instead of waiting.
    init(path: String, memoryMapBytes: Int, waitsForLocks: Bool = true) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw MLflowError.notFound("MLflow database \(path)")
        }
        guard !isDir.boolValue else {
            throw MLflowError.storage("\(path) is a folder, not an MLflow SQLite database")
        }
        var config = Configuration()
        config.readonly = true
        config.busyMode = waitsForLocks ? .timeout(Connection.busyTimeout) : .immediateError
        config.foreignKeysEnabled = false
        config.label = "MLflowSQLite"
        config.prepareDatabase { db in
            // MLflow's SQL store sets this on every connection: LIKE is case-sensitive there.
            try db.execute(sql: "PRAGMA case_sensitive_like = true")
            // With a memory map, pages come from the OS cache without a read per page.
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA mmap_size = \(memoryMapBytes)")
        }
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw Connection.storageError(error, path: path)
        }
        self.path = path
        self.memoryMapBytes = memoryMapBytes
    }

    /// Runs `body` in one read transaction, retrying while the database is locked.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await BusyRetry(path: path, retries: Connection.busyRetries, pause: 0.05).run { try await queue.read(body) }
    }

    /// The blocking form of `read`, for opening the store.
    func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try BusyRetry(path: path, retries: Connection.busyRetries, pause: 0.05).runNow { try queue.read(body) }
    }

    static func isBusy(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
    }

    static func storageError(_ error: DatabaseError, path: String) -> MLflowError {
        if isBusy(error) {
            return .storage("\(path) stayed locked by a writer; try again (\(describe(error)))")
        }
        if error.resultCode == .SQLITE_NOTADB {
            return .storage("\(path) is not an SQLite database")
        }
        return .storage("\(path): \(describe(error))")
    }

    static func describe(_ error: DatabaseError) -> String {
        error.message ?? "SQLite error \(error.extendedResultCode.rawValue)"
    }
}

/// Runs a database call again while SQLite reports the file locked (a writer committing): up to
/// `retries` more times, pausing `pause` seconds times the attempt's number. Other database
/// errors, and the last busy one, become storage errors that name the file.
struct BusyRetry {
    let path: String
    let retries: Int
    let pause: Double

    func run<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as DatabaseError where Connection.isBusy(error) && attempt < retries {
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(Double(attempt) * pause * 1e9))
            } catch let error as DatabaseError {
                throw Connection.storageError(error, path: path)
            }
        }
    }

    func runNow<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where Connection.isBusy(error) && attempt < retries {
                attempt += 1
                Thread.sleep(forTimeInterval: Double(attempt) * pause)
            } catch let error as DatabaseError {
                throw Connection.storageError(error, path: path)
            }
        }
    }
}
