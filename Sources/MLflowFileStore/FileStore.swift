import Foundation
import Synchronization
import MLflowCore

/// Reads a `./mlruns` tree written by MLflow's file store (tracking and model registry), read-only.
///
/// Nothing is cached across calls except parsed metric files (checked against size and
/// modification time) and recent run-search results, so that the pages of one search come from
/// one snapshot. Broken entries — an unreadable `meta.yaml`, a garbled metric line — are skipped
/// and described in `warnings`.
public final class FileStore: TrackingStore {
    /// The `mlruns` folder, absolute.
    public let root: String
    public let displayURI: String
    let state = Mutex(StoreState())

    /// Folder names MLflow keeps inside an experiment folder that are not runs.
    static let reservedExperimentFolders: Set<String> = ["tags", "datasets", "traces", "models"]

    /// Opens the tree at `path` (absolute, or relative to the working directory).
    public init(path: String) throws {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let standardized = (absolute as NSString).standardizingPath
        guard FileSystem.exists(standardized) else {
            throw MLflowError.notFound("file store folder '\(standardized)'")
        }
        guard FileSystem.isDirectory(standardized) else {
            throw MLflowError.storage("'\(standardized)' is not a folder")
        }
        guard FileSystem.list(standardized) != nil else {
            throw MLflowError.storage("cannot list '\(standardized)'")
        }
        root = standardized
        displayURI = TrackingLocation.fileStore(path: standardized).displayURI
    }

    /// Notes about entries that were skipped or partly read, oldest first, without repeats.
    public var warnings: [String] { state.withLock { $0.warnings } }

    /// Forgets the notes collected so far.
    public func clearWarnings() {
        state.withLock {
            $0.warnings.removeAll()
            $0.warningSet.removeAll()
        }
    }

    func warn(_ message: String) {
        state.withLock { $0.warn(message) }
    }

    var trashFolder: String { root + "/.trash" }

    /// Path of `absolute` relative to the store, for notes.
    func relative(_ absolute: String) -> String {
        absolute.hasPrefix(root + "/") ? String(absolute.dropFirst(root.count + 1)) : absolute
    }

    // MARK: TrackingStore

    public func searchExperiments(view: ViewType, maxResults: Int, pageToken: String?) async throws -> Page<Experiment> {
        guard maxResults >= 1 else { throw MLflowError.invalidArgument("maxResults must be at least 1, got \(maxResults)") }
        let offset = try OffsetPageToken.decode(pageToken).offset
        let sorted = try await blocking { ExperimentOrder.sorted(self.experiments(view: view)) }
        return OffsetPageToken.page(sorted, offset: offset, size: maxResults)
    }

    public func experiment(id: String) async throws -> Experiment {
        try await blocking {
            guard let folder = self.experimentFolder(id: id), let experiment = self.readExperiment(folder) else {
                throw MLflowError.notFound("experiment '\(id)'")
            }
            return experiment
        }
    }

    public func experiment(named name: String) async throws -> Experiment? {
        try await blocking { ExperimentOrder.sorted(self.experiments(view: .all)).first { $0.name == name } }
    }

    public func searchRuns(_ query: RunQuery, pageSize: Int, pageToken: String?) async throws -> Page<Run> {
        try await blocking { try self.searchRunsNow(query, pageSize: pageSize, pageToken: pageToken) }
    }

    public func run(id: String) async throws -> Run {
        try await blocking {
            guard let folder = self.runFolder(id: id) else { throw MLflowError.notFound("run '\(id)'") }
            var context = ReadContext()
            guard let run = self.readRun(folder, context: &context) else {
                throw MLflowError.storage("run '\(id)' cannot be read: \(self.warnings.last ?? "meta.yaml is broken")")
            }
            return run
        }
    }

    public func metricHistory(runId: String, key: String, pageSize: Int, pageToken: String?) async throws -> Page<Metric> {
        guard pageSize >= 1 else { throw MLflowError.invalidArgument("pageSize must be at least 1, got \(pageSize)") }
        let offset = try OffsetPageToken.decode(pageToken).offset
        let history = try await blocking { try self.history(runId: runId, key: key) }
        return OffsetPageToken.page(history, offset: offset, size: pageSize)
    }

    public func sampledMetricHistory(runIds: [String], key: String, maxPoints: Int, steps: StepRange?) async throws -> [String: [Metric]] {
        try SampledHistoryRequest.validate(maxPoints: maxPoints, steps: steps)
        var result: [String: [Metric]] = [:]
        for runId in runIds where result[runId] == nil {
            try Task.checkCancellation()
            let history = try await blocking { try self.history(runId: runId, key: key) }
            result[runId] = MetricSampling.sample(history, maxPoints: maxPoints, steps: steps)
        }
        return result
    }

    public func metricSummary(runId: String, key: String, progress: (@Sendable (Int) -> Void)?) async throws -> MetricSummary {
        try Task.checkCancellation()
        let summary = try await blocking { try self.summary(runId: runId, key: key) }
        progress?(summary.count)
        return summary
    }

    /// True: a metric file is summarized in one pass where it lies.
    public var summarizesMetricsCheaply: Bool { true }

    public func listArtifacts(_ owner: ArtifactOwner, path: String) async throws -> [ArtifactEntry] {
        try await blocking { try self.artifactRoot(owner).list(path) }
    }

    public func readArtifact(_ owner: ArtifactOwner, path: String,
                             consume: @escaping @Sendable (Data) throws -> Bool) async throws {
        try await blocking { try self.artifactRoot(owner).read(path, consume: consume) }
    }

    public func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String, expectedBytes: Int64?) async throws -> Int64 {
        try await blocking { try self.artifactRoot(owner).copy(path, to: destination) }
    }

    public func loggedModels(experimentIds: [String]) async throws -> [LoggedModel] {
        try await blocking { try self.readLoggedModels(experimentIds: experimentIds) }
    }

    public func registeredModels() async throws -> [RegisteredModel] {
        try await blocking { self.readRegisteredModels() }
    }

    public func modelVersions(name: String) async throws -> [ModelVersion] {
        try await blocking { try self.readModelVersions(name: name) }
    }
}
