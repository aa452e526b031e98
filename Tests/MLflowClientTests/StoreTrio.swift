import Foundation
import MLflowClient
import TestFixtures
import Testing

/// The same data set, written by MLflow three times, opened through `StoreOpener`.
struct StoreTrio {
    struct Named {
        var kind: String
        var store: any TrackingStore
        /// Experiment name -> id and run name -> id in this store.
        var experimentIds: [String: String]
        var runIds: [String: String]
        var modelIds: [String: String]

        func runName(_ id: String) -> String { runIds.first { $0.value == id }?.key ?? "?\(id)" }
        func experimentName(_ id: String) -> String { experimentIds.first { $0.value == id }?.key ?? "?\(id)" }
        func experimentId(_ name: String) throws -> String { try #require(experimentIds[name], "\(kind): no experiment \(name)") }
        func runId(_ name: String) throws -> String { try #require(runIds[name], "\(kind): no run \(name)") }
    }

    let stores: [Named]
    let manifest: [String: Any]

    var server: Named { stores[0] }

    static func open() throws -> StoreTrio {
        let manifest = try Fixtures.manifest()
        guard let storeInfo = manifest["stores"] as? [String: [String: Any]], let url = Fixtures.serverURL else {
            throw FixtureError.missing("manifest stores / RUNBOARD_TEST_SERVER")
        }
        func named(_ kind: String, _ location: TrackingLocation) throws -> Named {
            let info = storeInfo[kind] ?? [:]
            return Named(
                kind: kind, store: try StoreOpener.open(location, environment: [:]),
                experimentIds: info["experiments"] as? [String: String] ?? [:],
                runIds: info["runs"] as? [String: String] ?? [:],
                modelIds: info["logged_models"] as? [String: String] ?? [:])
        }
        return StoreTrio(stores: [
            try named("server", .server(baseURL: url)),
            try named("sqlite", .sqlite(path: Fixtures.sqlitePath)),
            try named("filestore", .fileStore(path: Fixtures.fileStorePath)),
        ], manifest: manifest)
    }

    func close() async {
        for named in stores { await named.store.close() }
    }

    var data: [String: Any] { manifest["data"] as? [String: Any] ?? [:] }
}

/// A run with every id replaced by names, so runs of different stores compare equal (metric values
/// as they are: every store gives back a logged infinity as infinity).
struct PortableRun: Equatable, CustomStringConvertible {
    var name: String
    var status: RunStatus
    var userId: String
    var startTime: Int64?
    var endTime: Int64?
    var lifecycle: LifecycleStage
    var params: [KeyValue]
    var tags: [KeyValue]
    var metrics: [Metric]
    var datasets: [DatasetInput]
    var modelOutputs: Int
    var parent: String?

    init(_ run: Run, in store: StoreTrio.Named) {
        name = run.info.runName
        status = run.info.status
        userId = run.info.userId
        startTime = run.info.startTime
        endTime = run.info.endTime
        lifecycle = run.info.lifecycleStage
        params = run.params
        // Tags that hold ids or store-specific paths are compared through `parent` or not at all.
        let volatile: Set<String> = ["mlflow.parentRunId", "mlflow.log-model.history", "mlflow.loggedArtifacts"]
        tags = run.tags.filter { !volatile.contains($0.key) }
        metrics = run.metrics
        datasets = run.datasetInputs
        modelOutputs = run.modelOutputs.count
        parent = run.parentRunId.map { store.runName($0) }
    }

    /// The fields that differ from another run, for failure messages.
    func differences(from other: PortableRun) -> String {
        let mine = Mirror(reflecting: self).children
        let theirs = Array(Mirror(reflecting: other).children)
        return zip(mine, theirs).compactMap { a, b in
            String(describing: a.value) == String(describing: b.value) ? nil : "\(a.label ?? "?"): \(a.value) vs \(b.value)"
        }.joined(separator: "; ")
    }

    var description: String { "\(name) \(status) params=\(params.count) tags=\(tags.count) metrics=\(metrics.map { "\($0.key)=\($0.value)@\($0.step)" })" }
}
