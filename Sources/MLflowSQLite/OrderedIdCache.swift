import Foundation
import GRDB

/// The ordered run rowids of the last run search, reused for its later pages while the database
/// has not changed, so that paging through N runs sorts them once instead of once per page.
///
/// `PRAGMA data_version` tells whether another connection committed since the ids were read;
/// it is read inside the same read transaction as the page, so a cached list is always what
/// the search would return at that moment.
final class OrderedIdCache: @unchecked Sendable {
    private let lock = NSLock()
    private var query: SQL?
    private var version: Int64 = 0
    private var ids: [Int64] = []

    /// Lists longer than this are not kept.
    static let maxCount = 2_000_000

    /// The ids `query` selects, from the cache when the database is unchanged since they were read.
    func ids(_ db: Database, query: SQL) throws -> [Int64] {
        // A first read takes the shared lock, so no writer commits between it and data_version.
        _ = try db.map(SQL("SELECT 1 FROM runs LIMIT 1")) { _ in 0 }
        let current = try db.map(SQL("PRAGMA data_version")) { $0.int64(0) ?? 0 }.first ?? 0
        lock.lock()
        if self.query == query, version == current {
            let cached = ids
            lock.unlock()
            return cached
        }
        lock.unlock()
        let fresh = try db.map(query) { $0.int64(0) ?? -1 }
        if fresh.count <= OrderedIdCache.maxCount {
            lock.lock()
            self.query = query
            version = current
            ids = fresh
            lock.unlock()
        }
        return fresh
    }
}
