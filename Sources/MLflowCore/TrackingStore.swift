import Foundation
/// Read access to MLflow tracking data, whatever holds it: a server, `mlflow.db` or `./mlruns`.
///
/// Every store returns the same values for the same data: entities with tags, params and
/// metrics sorted by key, ids as strings, times in milliseconds, NaN as `Double.nan`.
/// Names and values are returned as stored, control characters included.
public protocol TrackingStore: Sendable {
    /// A display form of where the data comes from, without credentials.
    var displayURI: String { get }

    /// One page of experiments, in MLflow's default order (creation time descending, then id).
    func searchExperiments(view: ViewType, maxResults: Int, pageToken: String?) async throws -> Page<Experiment>

    /// One experiment by id; `MLflowError.notFound` when there is none (deleted ones are found).
    func experiment(id: String) async throws -> Experiment

    /// One experiment by name; nil when there is none (deleted ones are found).
    func experiment(named name: String) async throws -> Experiment?

    /// One page of runs. `query.maxResults` caps the page size here; `pageToken` continues.
    func searchRuns(_ query: RunQuery, pageSize: Int, pageToken: String?) async throws -> Page<Run>

    /// One run with everything about it; `MLflowError.notFound` when there is none.
    func run(id: String) async throws -> Run

    /// One page of a metric's full history, in MLflow's order (timestamp, step, value).
    func metricHistory(runId: String, key: String, pageSize: Int, pageToken: String?) async throws -> Page<Metric>

    /// At most `maxPoints` (1...2,500) points per run, evenly spread over each history with the
    /// first and last point kept, as MLflow's `get-history-bulk-interval` does. Every requested run id
    /// is a key (an empty history for a run without that metric); any number of runs.
    func sampledMetricHistory(runIds: [String], key: String, maxPoints: Int, steps: StepRange?) async throws -> [String: [Metric]]

    /// The entries of one artifact folder ("" for the root), sorted by path.
    func listArtifacts(_ owner: ArtifactOwner, path: String) async throws -> [ArtifactEntry]

    /// Streams one artifact file to `destination` (a local file path, created or replaced);
    /// returns the number of bytes written. `expectedBytes` is the size a listing gave, a hint for
    /// how to fetch it (nil when unknown); the bytes written are what counts.
    func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String, expectedBytes: Int64?) async throws -> Int64

    /// Hands one artifact file's bytes to `consume` in order, chunk by chunk, until the file ends or
    /// `consume` returns false; what is not asked for is not read (a preview of a large log, `cat | head`).
    func readArtifact(_ owner: ArtifactOwner, path: String, consume: @escaping @Sendable (Data) throws -> Bool) async throws

    /// MLflow 3 logged models of the given experiments.
    func loggedModels(experimentIds: [String]) async throws -> [LoggedModel]

    /// Every registered model, sorted by name.
    func registeredModels() async throws -> [RegisteredModel]

    /// Every version of one registered model, newest first.
    func modelVersions(name: String) async throws -> [ModelVersion]

    /// Every run the query matches (up to `query.maxResults`), all pages, in the query's order.
    /// `progress` is told the count loaded so far. Stores may fetch pages concurrently.
    func allRuns(_ query: RunQuery, progress: (@Sendable (Int) -> Void)?) async throws -> [Run]

    /// Every run the query matches, handed over page by page in the query's order: a first page of
    /// `firstPageSize` (small, so that it shows at once), then, after `pauseAfterFirstPage` (a
    /// cancelled task asks for nothing more), pages of `pageSize`. `deliver` gets each page and
    /// whether it is the last; it is called from one task at a time. Stores may fetch later pages
    /// concurrently.
    func streamRuns(
        _ query: RunQuery, firstPageSize: Int, pageSize: Int, pauseAfterFirstPage: Duration,
        deliver: @escaping @Sendable ([Run], Bool) -> Void
    ) async throws

    /// The exact summary of a metric's whole history (count, min and max with their steps, NaN
    /// and infinity counts); an empty summary when the run never logged the key. `progress` is told
    /// how many points have been read so far, where the store reads them one page at a time.
    func metricSummary(runId: String, key: String, progress: (@Sendable (Int) -> Void)?) async throws -> MetricSummary

    /// Whether `metricSummary` answers at once (a local store computes it where the data is) rather
    /// than after reading the whole history page by page (a server, which has no aggregate endpoint).
    var summarizesMetricsCheaply: Bool { get }

    /// Releases connections or file handles; the store is not used afterwards.
    func close() async

    /// The number of active runs of each experiment, when the store can count them cheaply (one
    /// query on a database); nil when counting would mean reading every run.
    func runCounts(experimentIds: [String]) async throws -> [String: Int]?
}

extension TrackingStore {
    /// `downloadArtifact` without a size hint.
    public func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String) async throws -> Int64 {
        try await downloadArtifact(owner, path: path, to: destination, expectedBytes: nil)
    }

    public func allRuns(_ query: RunQuery, progress: (@Sendable (Int) -> Void)?) async throws -> [Run] {
        try await allRunsSequentially(query, progress: progress)
    }

    public func streamRuns(
        _ query: RunQuery, firstPageSize: Int, pageSize: Int, pauseAfterFirstPage: Duration,
        deliver: @escaping @Sendable ([Run], Bool) -> Void
    ) async throws {
        try await streamRunsSequentially(
            query, firstPageSize: firstPageSize, pageSize: pageSize, pauseAfterFirstPage: pauseAfterFirstPage, deliver: deliver)
    }

    /// `streamRuns` with no pause after the first page.
    public func streamRuns(
        _ query: RunQuery, firstPageSize: Int, pageSize: Int, deliver: @escaping @Sendable ([Run], Bool) -> Void
    ) async throws {
        try await streamRuns(query, firstPageSize: firstPageSize, pageSize: pageSize, pauseAfterFirstPage: .zero, deliver: deliver)
    }

    /// `streamRuns` one page after the other, following the store's page tokens.
    public func streamRunsSequentially(
        _ query: RunQuery, firstPageSize: Int, pageSize: Int, pauseAfterFirstPage: Duration = .zero,
        deliver: @escaping @Sendable ([Run], Bool) -> Void
    ) async throws {
        var token: String?
        var size = max(1, firstPageSize)
        var loaded = 0
        var finished = false
        repeat {
            try Task.checkCancellation()
            if let cap = query.maxResults { size = min(size, cap - loaded) }
            if size <= 0 { break }
            let page = try await searchRuns(query, pageSize: size, pageToken: token)
            loaded += page.items.count
            token = page.nextPageToken
            try Task.checkCancellation()
            finished = token == nil || query.maxResults.map { loaded >= $0 } == true
            deliver(page.items, finished)
            if !finished, loaded == page.items.count, pauseAfterFirstPage > .zero {
                try await Task.sleep(for: pauseAfterFirstPage)  // after the first page only
            }
            size = max(1, pageSize)
        } while !finished
        if !finished { deliver([], true) }
    }

    /// Pages through a run search one page after the other.
    public func allRunsSequentially(_ query: RunQuery, pageSize: Int = 1_000, progress: (@Sendable (Int) -> Void)?) async throws -> [Run] {
        var result: [Run] = []
        var token: String?
        repeat {
            try Task.checkCancellation()
            var size = pageSize
            if let cap = query.maxResults { size = min(size, cap - result.count) }
            if size <= 0 { break }
            let page = try await searchRuns(query, pageSize: size, pageToken: token)
            result += page.items
            progress?(result.count)
            token = page.nextPageToken
        } while token != nil
        return result
    }

    public func close() async {}

    public func metricSummary(runId: String, key: String, progress: (@Sendable (Int) -> Void)?) async throws -> MetricSummary {
        try await pagedMetricSummary(runId: runId, key: key, progress: progress)
    }

    public var summarizesMetricsCheaply: Bool { false }

    /// `metricSummary` without progress reports.
    public func metricSummary(runId: String, key: String) async throws -> MetricSummary {
        try await metricSummary(runId: runId, key: key, progress: nil)
    }

    /// A metric's summary from its history read page by page (`MLflowLimits.historyPageSize`
    /// points each), keeping no page once counted. `progress` gets the points read after each
    /// page; a cancelled task stops between pages.
    public func pagedMetricSummary(runId: String, key: String, progress: (@Sendable (Int) -> Void)?) async throws -> MetricSummary {
        var accumulator = MetricSummaryAccumulator()
        var token: String?
        repeat {
            try Task.checkCancellation()
            let page = try await metricHistory(runId: runId, key: key, pageSize: MLflowLimits.historyPageSize, pageToken: token)
            accumulator.add(contentsOf: page.items)
            progress?(accumulator.summary.count)
            token = page.nextPageToken
        } while token != nil
        return accumulator.summary
    }

    public func runCounts(experimentIds: [String]) async throws -> [String: Int]? { nil }

    /// Every experiment in the view, all pages.
    public func allExperiments(view: ViewType = .activeOnly) async throws -> [Experiment] {
        var result: [Experiment] = []
        var token: String?
        repeat {
            try Task.checkCancellation()
            let page = try await searchExperiments(view: view, maxResults: 1_000, pageToken: token)
            result += page.items
            token = page.nextPageToken
        } while token != nil
        return result
    }

    /// Finds an experiment by id or, failing that, by name.
    public func resolveExperiment(_ idOrName: String) async throws -> Experiment? {
        if idOrName.allSatisfy(\.isNumber), !idOrName.isEmpty {
            if let found = try? await experiment(id: idOrName) { return found }
        }
        return try await experiment(named: idOrName)
    }

    /// A metric's complete history, paged as MLflow's client does, optionally cut to a step range.
    public func fullMetricHistory(runId: String, key: String, steps: StepRange? = nil) async throws -> [Metric] {
        try await fullMetricHistory(runId: runId, key: key, steps: steps, progress: nil)
    }

    /// `fullMetricHistory`, telling `progress` how many points have been read after each page
    /// (counted before the cut to `steps`).
    public func fullMetricHistory(
        runId: String, key: String, steps: StepRange?, progress: (@Sendable (Int) -> Void)?
    ) async throws -> [Metric] {
        var result: [Metric] = []
        var token: String?
        var read = 0
        repeat {
            try Task.checkCancellation()
            let page = try await metricHistory(runId: runId, key: key, pageSize: MLflowLimits.historyPageSize, pageToken: token)
            read += page.items.count
            progress?(read)
            if let steps {
                result += page.items.filter { steps.contains($0.step) }
            } else {
                result += page.items
            }
            token = page.nextPageToken
        } while token != nil
        return result
    }
}
