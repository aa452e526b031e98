import Foundation
import GRDB
import MLflowCore

/// A writable connection to an `mlflow.db`, shared safely with MLflow's own Python client.
///
/// Every write is one `BEGIN IMMEDIATE` transaction: the write lock is taken up front, so two
/// writers never deadlock upgrading a read lock. A locked file is waited for (`busyTimeout`), and
/// a transaction that still finds it locked is retried from the start with a growing pause.
/// The journal mode MLflow chose (rollback journal) is left as it is.
struct WriteConnection: Sendable {
    let queue: DatabaseQueue
    let path: String

    static let busyTimeout: TimeInterval = 5
    static let busyRetries = 6

    init(path: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(WriteConnection.busyTimeout)
        // MLflow's SQLAlchemy engine leaves foreign keys off on SQLite; rows are written consistently anyway.
        config.foreignKeysEnabled = false
        config.label = "MLflowSQLiteWriter"
        do {
            queue = try DatabaseQueue(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw Connection.storageError(error, path: path)
        }
        self.path = path
    }

    /// Runs `body` in one immediate transaction, committed when it returns, retried while locked.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        let path = path
        return try await BusyRetry(path: path, retries: WriteConnection.busyRetries, pause: 0.1).run {
            try await queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw MLflowError.storage("\(path): transaction ended without a result") }
                return result
            }
        }
    }

    /// The blocking form of a read, for opening the store.
    func readNow<T>(_ body: (Database) throws -> T) throws -> T {
        try BusyRetry(path: path, retries: WriteConnection.busyRetries, pause: 0.1).runNow { try queue.read(body) }
    }
}
