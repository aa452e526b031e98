import Foundation
import Dashboard
import MLflowCore

/// An in-memory store: experiments, runs and histories given up front; every call recorded.
final class FakeStore: TrackingStore, @unchecked Sendable {
    let experiments: [Experiment]
    let runs: [Run]
    let histories: [String: [Metric]]
    /// When set, every call fails with it.
    let failure: MLflowError?
    private let lock = NSLock()
    private var _calls: [String] = []

    init(experiments: [Experiment] = [], runs: [Run] = [], histories: [String: [Metric]] = [:], failure: MLflowError? = nil) {
        self.experiments = experiments
        self.runs = runs
        self.histories = histories
        self.failure = failure
    }

    var calls: [String] { lock.withLock { _calls } }

    private func record(_ call: String) throws {
        lock.withLock { _calls.append(call) }
        if let failure { throw failure }
    }

    var displayURI: String { "fake://" }

    func searchExperiments(view: ViewType, maxResults: Int, pageToken: String?) async throws -> Page<Experiment> {
        try record("searchExperiments \(view.rawValue)")
        return Page(items: experiments.filter { view.includes($0.lifecycleStage) }, nextPageToken: nil)
    }

    func experiment(id: String) async throws -> Experiment {
        try record("experiment \(id)")
        guard let found = experiments.first(where: { $0.experimentId == id }) else { throw MLflowError.notFound(id) }
        return found
    }

    func experiment(named name: String) async throws -> Experiment? {
        try record("experiment named \(name)")
        return experiments.first { $0.name == name }
    }

    func searchRuns(_ query: RunQuery, pageSize: Int, pageToken: String?) async throws -> Page<Run> {
        try record("searchRuns \(pageSize) \(pageToken ?? "-")")
        let filter = try SearchFilter.parse(query.filter ?? "")
        let matching = runs.filter { query.experimentIds.contains($0.info.experimentId) && filter.matches($0) }
        let start = Int(pageToken ?? "0") ?? 0
        let end = min(matching.count, start + pageSize)
        return Page(items: Array(matching[start..<end]), nextPageToken: end < matching.count ? String(end) : nil)
    }

    func run(id: String) async throws -> Run {
        try record("run \(id)")
        guard let found = runs.first(where: { $0.info.runId == id }) else { throw MLflowError.notFound("run \(id)") }
        return found
    }

    func metricHistory(runId: String, key: String, pageSize: Int, pageToken: String?) async throws -> Page<Metric> {
        try record("metricHistory \(runId) \(key)")
        return Page(items: histories["\(runId)/\(key)"] ?? [], nextPageToken: nil)
    }

    func sampledMetricHistory(runIds: [String], key: String, maxPoints: Int, steps: StepRange?) async throws -> [String: [Metric]] {
        try record("sampledMetricHistory \(key) \(maxPoints)")
        var result: [String: [Metric]] = [:]
        for id in runIds {
            result[id] = MetricSampling.sample(histories["\(id)/\(key)"] ?? [], maxPoints: maxPoints, steps: steps)
        }
        return result
    }

    func listArtifacts(_ owner: ArtifactOwner, path: String) async throws -> [ArtifactEntry] { [] }
    func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String, expectedBytes: Int64?) async throws -> Int64 { 0 }
    func readArtifact(_ owner: ArtifactOwner, path: String, consume: @escaping @Sendable (Data) throws -> Bool) async throws {}
    func loggedModels(experimentIds: [String]) async throws -> [LoggedModel] { [] }
    func registeredModels() async throws -> [RegisteredModel] { [] }
    func modelVersions(name: String) async throws -> [ModelVersion] { [] }
}

/// Collects actions posted by an effect runner.
final class ActionLog: @unchecked Sendable {
    private let lock = NSLock()
    private var _actions: [Dashboard.Action] = []

    var actions: [Dashboard.Action] { lock.withLock { _actions } }

    func append(_ action: Dashboard.Action) { lock.withLock { _actions.append(action) } }

    /// Waits (up to two seconds) until `count` actions have arrived.
    func wait(for count: Int) async -> [Dashboard.Action] {
        for _ in 0..<400 {
            if actions.count >= count { return actions }
            try? await Task.sleep(nanoseconds: 5_000_000)
        }
        return actions
    }
}
