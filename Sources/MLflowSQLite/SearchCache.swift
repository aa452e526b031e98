import Foundation
import GRDB
import MLflowCore
import Synchronization

/// What the last run search read, reused for its later pages while the database is unchanged:
/// the ordered rowids of every matching run, and the complete runs of a window of positions.
///
/// Paging through N runs then sorts them once instead of once per page, and reads their
/// params, tags and metrics in a few large passes instead of one per page. `PRAGMA
/// data_version` tells whether another connection committed since; it is read inside the
/// same read transaction as the page, so a cached answer is always what the search would
/// return at that moment.
final class SearchCache: Sendable {
    private struct Contents {
        var query: SQL?
        var version: Int64 = 0
        var ids: [Int64] = []
        var windowStart = 0
        var windowRuns: [Run] = []
    }

    private let contents = Mutex(Contents())

    /// Id lists longer than this are not kept.
    static let maxIds = 2_000_000
    /// How many runs one read loads ahead for the pages that follow.
    static let window = 20_000

    /// The database's change counter, read after a first read has taken the shared lock, so
    /// that no writer commits between the two.
    static func dataVersion(_ db: Database) throws -> Int64 {
        _ = try db.map(SQL("SELECT 1 FROM runs LIMIT 1")) { _ in 0 }
        return try db.map(SQL("PRAGMA data_version")) { $0.int64(0) ?? 0 }.first ?? 0
    }

    /// The rowids `query` selects, from the cache when the database is unchanged.
    func ids(_ db: Database, query: SQL, version: Int64) throws -> [Int64] {
        let cached: [Int64]? = contents.withLock { $0.query == query && $0.version == version ? $0.ids : nil }
        if let cached { return cached }
        let fresh = try db.map(query) { $0.int64(0) ?? -1 }
        if fresh.count <= SearchCache.maxIds {
            contents.withLock { $0 = Contents(query: query, version: version, ids: fresh) }
        }
        return fresh
    }

    /// The cached runs at positions `range` of `query`'s result, if they are all there.
    func runs(query: SQL, version: Int64, range: Range<Int>) -> [Run]? {
        contents.withLock { cache in
            guard cache.query == query, cache.version == version, range.lowerBound >= cache.windowStart,
                  range.upperBound <= cache.windowStart + cache.windowRuns.count else { return nil }
            return Array(cache.windowRuns[(range.lowerBound - cache.windowStart)..<(range.upperBound - cache.windowStart)])
        }
    }

    /// Keeps `runs`, the runs from position `start` of `query`'s result.
    func store(query: SQL, version: Int64, start: Int, runs: [Run]) {
        contents.withLock { cache in
            guard cache.query == query, cache.version == version else { return }
            cache.windowStart = start
            cache.windowRuns = runs
        }
    }
}
