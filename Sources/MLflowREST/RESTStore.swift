import Foundation
import Logging
import MLflowCore
import NIOHTTP1
import Synchronization

/// An MLflow tracking server, read and written over its REST API.
public final class RESTStore: TrackingStore, Sendable {
    public let transport: HTTPTransport
    let decoder = JSONDecoder()
    /// Run artifact roots already looked up, for downloads.
    let artifactRoots = LockedDictionary<String, RunArtifactRoot>()

    public var displayURI: String { TrackingLocation.redactingCredentials(transport.configuration.baseURL) }

    public init(configuration: RESTConfiguration, logger: Logger = Logger(label: "runboard.rest"),
                onRetry: (@Sendable (RetryNotice) -> Void)? = nil) throws {
        transport = try HTTPTransport(configuration: configuration, logger: logger, onRetry: onRetry)
    }

    public func close() async {
        await transport.shutdown()
    }

    // MARK: Requests

    func get<T: Decodable>(_ path: String, _ query: [(String, String)] = [], as type: T.Type) async throws -> T {
        try decode(T.self, try await transport.send(.GET, "/api/2.0/mlflow" + path, query: query), path)
    }

    func post<T: Decodable>(_ path: String, _ body: [String: Any], as type: T.Type) async throws -> T {
        let data = try JSONSerialization.data(withJSONObject: body)
        return try decode(T.self, try await transport.send(.POST, "/api/2.0/mlflow" + path, json: data), path)
    }

    func decode<T: Decodable>(_ type: T.Type, _ data: Data, _ path: String) throws -> T {
        // The hot responses (pages of runs and of metric history) are read by JSONScanner; what it
        // will not take goes to JSONDecoder, which accepts it or says what is wrong.
        if let scannable = T.self as? any JSONScannable.Type,
           let value = try? JSONScanner.scan(data, { try scannable.init(scanning: &$0) }) as? T {
            return value
        }
        do {
            return try decoder.decode(T.self, from: data)
        } catch {
            let preview = String(decoding: data.prefix(120), as: UTF8.self)
            throw MLflowError.malformedResponse("\(path): not the JSON MLflow sends (\(RESTStore.describe(error))): \(preview)")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        case DecodingError.dataCorrupted(let context): return context.debugDescription
        default: return String(describing: error)
        }
    }

    // MARK: Experiments

    public func searchExperiments(view: ViewType, maxResults: Int, pageToken: String?) async throws -> Page<Experiment> {
        var body: [String: Any] = ["max_results": max(1, min(maxResults, MLflowLimits.maxSearchPage)), "view_type": view.rawValue]
        if let pageToken { body["page_token"] = pageToken }
        let response = try await post("/experiments/search", body, as: SearchExperimentsResponse.self)
        return Page(items: (response.experiments ?? []).map(\.model), nextPageToken: response.next_page_token.nonEmpty)
    }

    public func experiment(id: String) async throws -> Experiment {
        do {
            return try await get("/experiments/get", [("experiment_id", id)], as: GetExperimentResponse.self).experiment.model
        } catch MLflowError.server(let status, _, let message) where status == 400 || status == 404 {
            throw MLflowError.notFound("experiment \(id): \(message)")
        }
    }

    public func experiment(named name: String) async throws -> Experiment? {
        do {
            return try await get("/experiments/get-by-name", [("experiment_name", name)], as: GetExperimentResponse.self).experiment.model
        } catch MLflowError.notFound {
            return nil
        }
    }

    // MARK: Runs

    func searchBody(_ query: RunQuery, pageSize: Int, pageToken: String?) -> [String: Any] {
        var body: [String: Any] = [
            "experiment_ids": query.experimentIds,
            "run_view_type": query.viewType.rawValue,
            "max_results": max(1, min(pageSize, MLflowLimits.maxSearchPage)),
        ]
        if let filter = query.filter, !filter.trimmingCharacters(in: .whitespaces).isEmpty { body["filter"] = filter }
        if !query.orderBy.isEmpty { body["order_by"] = query.orderBy }
        if let pageToken { body["page_token"] = pageToken }
        return body
    }

    public func searchRuns(_ query: RunQuery, pageSize: Int, pageToken: String?) async throws -> Page<Run> {
        // Parsed here first so that a syntax error points at its position, as from every store;
        // the server itself only says that a clause is invalid.
        if let filter = query.filter { _ = try SearchFilter.parse(filter) }
        _ = try OrderBy.parseList(query.orderBy)
        let response = try await post("/runs/search", searchBody(query, pageSize: pageSize, pageToken: pageToken), as: SearchRunsResponse.self)
        return Page(items: try (response.runs ?? []).map { try $0.model() }, nextPageToken: response.next_page_token.nonEmpty)
    }

    public func run(id: String) async throws -> Run {
        do {
            let run = try await get("/runs/get", [("run_id", id)], as: GetRunResponse.self).run.model()
            // Remembered for artifact downloads, which need the run's root to pick their route.
            rememberArtifactRoot(run.info.artifactUri, ofRun: id)
            return run
        } catch MLflowError.server(let status, _, let message) where status == 400 || status == 404 {
            throw MLflowError.notFound("run \(id): \(message)")
        }
    }

    public func allRuns(_ query: RunQuery, progress: (@Sendable (Int) -> Void)?) async throws -> [Run] {
        try await ConcurrentRunPager(store: self).fetchAll(query, progress: progress)
    }

    public func streamRuns(
        _ query: RunQuery, firstPageSize: Int, pageSize: Int, pauseAfterFirstPage: Duration,
        deliver: @escaping @Sendable ([Run], Bool) -> Void
    ) async throws {
        try await ConcurrentRunPager(store: self).stream(
            query, firstPageSize: firstPageSize, pageSize: pageSize, pauseAfterFirstPage: pauseAfterFirstPage, deliver: deliver)
    }

    // MARK: Metrics

    public func metricHistory(runId: String, key: String, pageSize: Int, pageToken: String?) async throws -> Page<Metric> {
        var query = [("run_id", runId), ("metric_key", key), ("max_results", String(max(1, pageSize)))]
        if let pageToken { query.append(("page_token", pageToken)) }
        let response = try await get("/metrics/get-history", query, as: MetricHistoryResponse.self)
        return Page(items: (response.metrics ?? []).map(\.model), nextPageToken: response.next_page_token.nonEmpty)
    }

    public func sampledMetricHistory(runIds: [String], key: String, maxPoints: Int, steps: StepRange?) async throws -> [String: [Metric]] {
        try SampledHistoryRequest.validate(maxPoints: maxPoints, steps: steps)
        let points = maxPoints
        let chunks = stride(from: 0, to: runIds.count, by: MLflowLimits.maxSampledRuns).map {
            Array(runIds[$0..<min($0 + MLflowLimits.maxSampledRuns, runIds.count)])
        }
        return try await withThrowingTaskGroup(of: [MetricDTO].self) { group in
            for chunk in chunks {
                group.addTask {
                    var query = chunk.map { ("run_ids", $0) }
                    query += [("metric_key", key), ("max_results", String(points))]
                    if let steps { query += [("start_step", String(steps.from)), ("end_step", String(steps.to))] }
                    return try await self.get("/metrics/get-history-bulk-interval", query, as: MetricHistoryResponse.self).metrics ?? []
                }
            }
            var result: [String: [Metric]] = [:]
            for runId in runIds { result[runId] = [] }
            for try await metrics in group {
                for dto in metrics {
                    guard let runId = dto.run_id else { continue }
                    result[runId, default: []].append(dto.model)
                }
            }
            return result
        }
    }

    // MARK: Models

    public func loggedModels(experimentIds: [String]) async throws -> [LoggedModel] {
        var result: [LoggedModel] = []
        var token: String?
        repeat {
            var body: [String: Any] = ["experiment_ids": experimentIds, "max_results": 100]
            if let token { body["page_token"] = token }
            let page = try await post("/logged-models/search", body, as: SearchLoggedModelsResponse.self)
            result += (page.models ?? []).map(\.model)
            token = page.next_page_token.nonEmpty
        } while token != nil
        return result
    }

    public func registeredModels() async throws -> [RegisteredModel] {
        var result: [RegisteredModel] = []
        var token: String?
        repeat {
            var query = [("max_results", "1000")]
            if let token { query.append(("page_token", token)) }
            let page = try await get("/registered-models/search", query, as: SearchRegisteredModelsResponse.self)
            result += (page.registered_models ?? []).map(\.model)
            token = page.next_page_token.nonEmpty
        } while token != nil
        return result.sorted { $0.name < $1.name }
    }

    public func modelVersions(name: String) async throws -> [ModelVersion] {
        var result: [ModelVersion] = []
        var token: String?
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
        repeat {
            var query = [("filter", "name = '\(quoted)'"), ("max_results", "10000")]
            if let token { query.append(("page_token", token)) }
            let page = try await get("/model-versions/search", query, as: SearchModelVersionsResponse.self)
            result += (page.model_versions ?? []).map(\.model)
            token = page.next_page_token.nonEmpty
        } while token != nil
        // The search endpoint leaves out aliases; the registered model has them.
        let aliases = try await get("/registered-models/get", [("name", name)], as: GetRegisteredModelResponse.self)
            .registered_model.aliases ?? []
        for index in result.indices where result[index].aliases.isEmpty {
            result[index].aliases = aliases.filter { $0.version == result[index].version }.map(\.alias).sorted()
        }
        return result.sorted { (Int($0.version) ?? 0) > (Int($1.version) ?? 0) }
    }
}

extension Optional where Wrapped == String {
    /// nil for nil or "" (MLflow omits or empties the last page's token).
    var nonEmpty: String? {
        guard let self, !self.isEmpty else { return nil }
        return self
    }
}

/// A dictionary behind a lock, for small caches shared across tasks.
final class LockedDictionary<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let storage = Mutex<[Key: Value]>([:])

    subscript(key: Key) -> Value? {
        get { storage.withLock { $0[key] } }
        set { storage.withLock { $0[key] = newValue } }
    }
}
