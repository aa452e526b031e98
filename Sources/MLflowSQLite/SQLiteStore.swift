import Foundation
import GRDB
import MLflowCore
import Synchronization

/// Reads an `mlflow.db` written by MLflow's SQL store, read-only, with the results an MLflow
/// server on the same file would give: the same order, values and page semantics.
///
/// Safe to use while a server or a training script writes to the file (see `Connection`).
/// Artifacts are read from local artifact roots; a root recorded on another machine is looked
/// for under the database's own folder (`LocalArtifactRoot`).
public final class SQLiteStore: TrackingStore {
    public let displayURI: String
    /// The database file, absolute.
    public let path: String
    /// The schema revision (`alembic_version`) of the file.
    public var schemaRevision: String { schema.revision }

    let connection: Connection
    let schema: Schema
    let storeDirectory: String
    let searchCache = SearchCache()

    /// Opens `path` read-only and checks that MLflow wrote it.
    ///
    /// `memoryMap` reads the file through a memory map (fastest for one big read, as the command
    /// line does); without it pages go through SQLite's bounded page cache, so a long session (the
    /// dashboard) does not keep every page it once touched resident.
    public init(path: String, memoryMap: Bool = true) throws {
        let absolute = path.hasPrefix("/")
            ? (path as NSString).standardizingPath
            : ((FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(path) as NSString).standardizingPath
        let connection = try Connection(path: absolute, memoryMapBytes: memoryMap ? Connection.memoryMapBytes : 0)
        self.connection = connection
        self.schema = try connection.readNow { try Schema.inspect($0, path: absolute) }
        self.path = absolute
        self.storeDirectory = (absolute as NSString).deletingLastPathComponent
        self.displayURI = TrackingLocation.sqlite(path: absolute).displayURI
    }

    // MARK: Experiments

    public func searchExperiments(view: ViewType, maxResults: Int, pageToken: String?) async throws -> Page<Experiment> {
        try Self.checkPageSize(maxResults)
        let offset = try OffsetPageToken.decode(pageToken).offset
        let found = try await connection.read { db in
            try ExperimentReader.search(db, view: view, limit: maxResults + 1, offset: offset)
        }
        let more = found.count > maxResults
        return Page(items: Array(found.prefix(maxResults)), nextPageToken: more ? OffsetPageToken(offset: offset + maxResults).encoded : nil)
    }

    public func experiment(id: String) async throws -> Experiment {
        let number = try ExperimentReader.parseId(id)
        let found = try await connection.read { db in try ExperimentReader.byId(db, id: number) }
        guard let found else { throw MLflowError.notFound("No Experiment with id=\(number) exists") }
        return found
    }

    public func experiment(named name: String) async throws -> Experiment? {
        try await connection.read { db in try ExperimentReader.byName(db, name: name) }
    }

    // MARK: Runs

    public func searchRuns(_ query: RunQuery, pageSize: Int, pageToken: String?) async throws -> Page<Run> {
        let filter: SearchFilter
        let orderBy: [OrderBy]
        // A syntax error is thrown as it is (`SearchSyntaxError`), with its position, as from every store.
        filter = try SearchFilter.parse(query.filter ?? "")
        orderBy = try OrderBy.parseList(query.orderBy)
        return try await searchRuns(query, filter: filter, orderBy: orderBy, pageSize: pageSize, pageToken: pageToken)
    }

    /// `searchRuns` with an already parsed filter and order; `query.filter` and
    /// `query.orderBy` are ignored.
    public func searchRuns(
        _ query: RunQuery, filter: SearchFilter, orderBy: [OrderBy], pageSize: Int, pageToken: String?
    ) async throws -> Page<Run> {
        try Self.checkPageSize(pageSize)
        let offset = try OffsetPageToken.decode(pageToken).offset
        var limit = pageSize
        if let cap = query.maxResults {
            guard cap >= 0 else { throw MLflowError.invalidArgument("maxResults must not be negative, got \(cap)") }
            guard cap > offset else { return Page(items: [], nextPageToken: nil) }
            limit = min(limit, cap - offset)
        }
        let experimentIds = try query.experimentIds.map(ExperimentReader.parseId)
        guard !experimentIds.isEmpty else { return Page(items: [], nextPageToken: nil) }
        let idsQuery = try RunSearchSQL.idsQuery(experimentIds: experimentIds, view: query.viewType, filter: filter, orderBy: orderBy)
        let allIdsQuery = query.maxResults.map { idsQuery.limited($0) } ?? idsQuery
        let schema = self.schema
        let cache = self.searchCache
        let pageLimit = limit
        let (runs, more) = try await connection.read { db in
            if offset == 0 {
                // A first page needs only the top rows, which SQLite finds without a full sort.
                let pageIds = try db.map(idsQuery.limited(pageLimit + 1)) { $0.int64(0) ?? -1 }
                let runs = try RunReader.runs(db, rowids: Array(pageIds.prefix(pageLimit)), schema: schema)
                return (runs, pageIds.count > pageLimit)
            }
            // A later page: the caller is paging through, so the order and a window of runs
            // ahead are read once and kept while the database is unchanged.
            let version = try SearchCache.dataVersion(db)
            let all = try cache.ids(db, query: allIdsQuery, version: version)
            let start = min(offset, all.count)
            let end = min(offset + pageLimit, all.count)
            if let cached = cache.runs(query: allIdsQuery, version: version, range: start..<end) {
                return (cached, all.count > end)
            }
            let windowEnd = min(all.count, start + max(pageLimit, SearchCache.window))
            let window = try RunReader.runs(db, rowids: Array(all[start..<windowEnd]), schema: schema)
            cache.store(query: allIdsQuery, version: version, start: start, runs: window)
            return (Array(window.prefix(end - start)), all.count > end)
        }
        let end = offset + limit
        let hasNext = more && (query.maxResults.map { end < $0 } ?? true)
        return Page(items: runs, nextPageToken: hasNext ? OffsetPageToken(offset: end).encoded : nil)
    }

    public func runCounts(experimentIds: [String]) async throws -> [String: Int]? {
        let ids = experimentIds.compactMap { Int64($0) }
        guard !ids.isEmpty else { return [:] }
        return try await connection.read { db in
            var counts: [String: Int] = [:]
            for chunk in stride(from: 0, to: ids.count, by: 500) {
                let part = Array(ids[chunk..<min(chunk + 500, ids.count)])
                let marks = Array(repeating: "?", count: part.count).joined(separator: ",")
                let rows = try Row.fetchAll(db, sql: """
                    SELECT experiment_id, COUNT(*) AS n FROM runs
                    WHERE lifecycle_stage = 'active' AND experiment_id IN (\(marks)) GROUP BY experiment_id
                    """, arguments: StatementArguments(part))
                for row in rows {
                    let id: Int64 = row["experiment_id"]
                    counts[String(id)] = row["n"]
                }
            }
            for id in ids where counts[String(id)] == nil { counts[String(id)] = 0 }
            return counts
        }
    }

    public func run(id: String) async throws -> Run {
        let schema = self.schema
        let found = try await connection.read { db in try RunReader.run(db, id: id, schema: schema) }
        guard let found else { throw MLflowError.notFound("Run with id=\(id) not found") }
        return found
    }

    // MARK: Metrics

    public func metricHistory(runId: String, key: String, pageSize: Int, pageToken: String?) async throws -> Page<Metric> {
        guard pageSize > 0 else {
            throw MLflowError.invalidArgument("Invalid value \(pageSize) for parameter 'max_results' supplied. It must be a positive integer.")
        }
        let offset = try OffsetPageToken.decode(pageToken).offset
        let found = try await connection.read { db in
            try MetricReader.history(db, runId: runId, key: key, limit: pageSize + 1, offset: offset)
        }
        let more = found.count > pageSize
        return Page(items: Array(found.prefix(pageSize)), nextPageToken: more ? OffsetPageToken(offset: offset + pageSize).encoded : nil)
    }

    public func sampledMetricHistory(runIds: [String], key: String, maxPoints: Int, steps: StepRange?) async throws -> [String: [Metric]] {
        try SampledHistoryRequest.validate(maxPoints: maxPoints, steps: steps)
        let schema = self.schema
        var seen = Set<String>()
        let unique = runIds.filter { seen.insert($0).inserted }
        // Each run's sample reads its whole step index (MLflow's buckets are by rank), so runs are
        // shared out over one connection per core: the store's own, and ones opened for this call.
        // One read per run, so that a writer is never kept waiting for the whole batch.
        var lanes = [connection]
        for _ in 1..<max(1, min(SplitSummaryScan.partCount, unique.count)) {
            guard let helper = try? Connection(path: path, memoryMapBytes: connection.memoryMapBytes) else { break }
            lanes.append(helper)
        }
        let next = NextIndex()
        return try await withThrowingTaskGroup(of: [String: [Metric]].self) { group in
            for lane in lanes {
                group.addTask {
                    var sampled: [String: [Metric]] = [:]
                    while true {
                        try Task.checkCancellation()
                        let index = next.take()
                        guard index < unique.count else { return sampled }
                        let runId = unique[index]
                        sampled[runId] = try await lane.read { db in
                            try MetricReader.sample(db, runId: runId, key: key, maxPoints: maxPoints, steps: steps, schema: schema)
                        }
                    }
                }
            }
            var result: [String: [Metric]] = [:]
            for try await part in group { result.merge(part) { first, _ in first } }
            return result
        }
    }

    public func metricSummary(runId: String, key: String, progress: (@Sendable (Int) -> Void)?) async throws -> MetricSummary {
        let summary = try await summaryScan(runId: runId, key: key).summary
        progress?(summary.count)
        return summary
    }

    /// The summary of a metric history in `parts` parts scanned at once (`SplitSummaryScan`),
    /// each further part on a connection of its own opened for this call; one part is a single
    /// scan on the store's connection. `afterFirstLock` is for tests (`SplitSummaryScan`).
    func summaryScan(
        runId: String, key: String, parts: Int = SplitSummaryScan.partCount, afterFirstLock: (@Sendable () -> Void)? = nil
    ) async throws -> SplitSummaryScan.Outcome {
        guard parts > 1 else {
            let summary = try await connection.read { db in try MetricSummaryReader.summary(db, runId: runId, key: key) }
            return SplitSummaryScan.Outcome(summary: summary, parts: 1)
        }
        let helpers = try (1..<parts).map { _ in
            try Connection(path: path, memoryMapBytes: connection.memoryMapBytes, waitsForLocks: false)
        }
        return try await SplitSummaryScan(
            leader: connection, helpers: helpers, runId: runId, key: key, afterFirstLock: afterFirstLock
        ).run()
    }

    /// True: the summary is computed in SQL, without sending the rows over.
    public var summarizesMetricsCheaply: Bool { true }

    // MARK: Artifacts

    public func listArtifacts(_ owner: ArtifactOwner, path: String) async throws -> [ArtifactEntry] {
        let root = try await artifactRoot(owner)
        return try await blocking { try root.list(path) }
    }

    public func readArtifact(_ owner: ArtifactOwner, path: String,
                             consume: @escaping @Sendable (Data) throws -> Bool) async throws {
        let root = try await artifactRoot(owner)
        try await blocking { try root.read(path, consume: consume) }
    }

    public func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String, expectedBytes: Int64?) async throws -> Int64 {
        let root = try await artifactRoot(owner)
        return try await blocking { try root.copy(path, to: destination) }
    }

    /// The local folder holding a run's or a logged model's artifacts.
    func artifactRoot(_ owner: ArtifactOwner) async throws -> LocalArtifactRoot {
        let schema = self.schema
        let uri: String? = try await connection.read { db in
            switch owner {
            case .run(let id):
                let sql = SQL("SELECT artifact_uri FROM runs WHERE run_uuid = ") + SQL.string(id)
                return try db.map(sql) { $0.string(0) }.first
            case .loggedModel(let id):
                guard schema.hasLoggedModels else { return nil }
                return try ModelReader.artifactLocation(db, modelId: id)
            }
        }
        guard let uri else {
            switch owner {
            case .run(let id): throw MLflowError.notFound("Run with id=\(id) not found")
            case .loggedModel(let id): throw MLflowError.notFound("Logged model with ID '\(id)' not found")
            }
        }
        let ownerId: String
        switch owner {
        case .run(let id), .loggedModel(let id): ownerId = id
        }
        let storeDirectory = self.storeDirectory
        return try await blocking { try LocalArtifactRoot(uri: uri, storeDirectory: storeDirectory, ownerId: ownerId) }
    }

    // MARK: Models

    public func loggedModels(experimentIds: [String]) async throws -> [LoggedModel] {
        let ids = try experimentIds.map(ExperimentReader.parseId)
        guard schema.hasLoggedModels else { return [] }
        return try await connection.read { db in try ModelReader.loggedModels(db, experimentIds: ids) }
    }

    public func registeredModels() async throws -> [RegisteredModel] {
        let schema = self.schema
        guard schema.hasRegistry else { return [] }
        return try await connection.read { db in try ModelReader.registeredModels(db, schema: schema) }
    }

    public func modelVersions(name: String) async throws -> [ModelVersion] {
        let schema = self.schema
        guard schema.hasRegistry else { return [] }
        return try await connection.read { db in try ModelReader.modelVersions(db, name: name, schema: schema) }
    }

    static func checkPageSize(_ size: Int) throws {
        guard size >= 1 else {
            throw MLflowError.invalidArgument("Invalid value \(size) for parameter 'max_results' supplied. It must be a positive integer")
        }
        guard size <= MLflowLimits.maxSearchPage else {
            throw MLflowError.invalidArgument("Invalid value \(size) for parameter 'max_results' supplied. It must be at most \(MLflowLimits.maxSearchPage)")
        }
    }
}

/// Hands out 0, 1, 2, ... to tasks that share a list of work.
private final class NextIndex: Sendable {
    private let next = Mutex(0)

    func take() -> Int {
        next.withLock { index in
            defer { index += 1 }
            return index
        }
    }
}
