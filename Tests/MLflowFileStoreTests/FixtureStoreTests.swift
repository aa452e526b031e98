import Foundation
import MLflowCore
import MLflowFileStore
import TestFixtures
import Testing

/// The generated `mlruns` tree (written by MLflow itself) read back against the manifest.
@Suite(.enabled(if: Fixtures.haveLocalStores, "generated fixtures are missing (run scripts/test)"))
struct FixtureStoreTests {
    let store: FileStore
    let data: [String: Any]
    let ids: [String: Any]

    init() throws {
        store = try FileStore(path: Fixtures.fileStorePath)
        let manifest = try Fixtures.manifest()
        data = try #require(manifest["data"] as? [String: Any])
        let stores = try #require(manifest["stores"] as? [String: Any])
        ids = try #require(stores["filestore"] as? [String: Any])
    }

    func experimentId(_ name: String) throws -> String {
        try #require((ids["experiments"] as? [String: String])?[name])
    }

    func runId(_ name: String) throws -> String {
        try #require((ids["runs"] as? [String: String])?[name])
    }

    func runData(_ name: String) throws -> [String: Any] {
        try #require((data["runs"] as? [String: Any])?[name] as? [String: Any])
    }

    /// A manifest value: a number, or "NaN" / "Infinity" / "-Infinity".
    static func double(_ value: Any?) -> Double? {
        switch value {
        case let number as NSNumber: return number.doubleValue
        case let text as String: return Double(text.replacingOccurrences(of: "Infinity", with: "inf"))
        default: return nil
        }
    }

    static func sameValue(_ a: Double, _ b: Double) -> Bool { a == b || (a.isNaN && b.isNaN) }

    @Test func experimentsAreInMLflowsOrder() async throws {
        let active = try await store.searchExperiments(view: .activeOnly, maxResults: 100, pageToken: nil).items
        #expect(active.map(\.name) == data["experiment_order"] as? [String])
        let deleted = try await store.searchExperiments(view: .deletedOnly, maxResults: 100, pageToken: nil).items
        #expect(deleted.map(\.name) == ["fixture-deleted"])
        #expect(deleted.first?.lifecycleStage == .deleted)
        let experiments = try #require(data["experiments"] as? [String: [String: Any]])
        for (name, expected) in experiments {
            let experiment = try await store.experiment(id: try experimentId(name))
            #expect(experiment.name == name)
            #expect(experiment.lifecycleStage.rawValue == expected["lifecycle_stage"] as? String)
            let tags = Dictionary(uniqueKeysWithValues: experiment.tags.map { ($0.key, $0.value) })
            #expect(tags == expected["tags"] as? [String: String], "\(name)")
        }
        #expect(try await store.experiment(named: "fixture-main")?.description
            == "Fixture experiment for **Runboard** tests.\nSecond line of the description.")
        #expect(store.warnings.isEmpty)
    }

    @Test func runsAreInMLflowsDefaultOrderWithExactValues() async throws {
        let main = try experimentId("fixture-main")
        let page = try await store.searchRuns(RunQuery(experimentIds: [main]), pageSize: 1_000, pageToken: nil)
        #expect(page.items.map(\.info.runName) == data["main_run_order"] as? [String])
        let deleted = try await store.searchRuns(RunQuery(experimentIds: [main], viewType: .deletedOnly), pageSize: 1_000, pageToken: nil)
        #expect(deleted.items.map(\.info.runName) == ["deleted-run"])

        let runs = try #require(data["runs"] as? [String: [String: Any]])
        for (name, expected) in runs {
            let run = try await store.run(id: try runId(name))
            #expect(run.info.runName == name)
            #expect(run.info.experimentId == (try experimentId(try #require(expected["experiment"] as? String))))
            #expect(run.info.status.rawValue == expected["status"] as? String, "\(name)")
            #expect(run.info.lifecycleStage.rawValue == expected["lifecycle_stage"] as? String, "\(name)")
            #expect(run.info.startTime == (expected["start_time"] as? NSNumber)?.int64Value, "\(name)")
            #expect(run.info.endTime == (expected["end_time"] as? NSNumber)?.int64Value, "\(name)")
            #expect(run.info.userId == expected["user_id"] as? String, "\(name)")
            let params = Dictionary(uniqueKeysWithValues: run.params.map { ($0.key, $0.value) })
            #expect(params == expected["params"] as? [String: String], "\(name)")
            for (key, value) in try #require(expected["tags"] as? [String: String]) {
                #expect(run.tag(key) == value, "\(name) \(key)")
            }
            #expect(run.tag(SystemTag.runName) == name)
            if let parent = expected["parent"] as? String {
                #expect(run.parentRunId == (try runId(parent)), "\(name)")
            } else {
                #expect(run.parentRunId == nil, "\(name)")
            }
            let metrics = try #require(expected["metrics"] as? [String: [String: Any]])
            #expect(run.metrics.map(\.key) == metrics.keys.sorted(), "\(name)")
            for (key, info) in metrics {
                let latest = try #require(info["latest"] as? [String: Any])
                let metric = try #require(run.metric(key))
                #expect(metric.step == (latest["step"] as? NSNumber)?.int64Value, "\(name) \(key)")
                #expect(metric.timestamp == (latest["timestamp"] as? NSNumber)?.int64Value, "\(name) \(key)")
                #expect(Self.sameValue(metric.value, try #require(Self.double(latest["value"]))), "\(name) \(key)")
            }
        }
        #expect(store.warnings.isEmpty)
    }

    @Test func historiesMatchWhatWasLogged() async throws {
        let runs = try #require(data["runs"] as? [String: [String: Any]])
        for (name, expected) in runs {
            let metrics = try #require(expected["metrics"] as? [String: [String: Any]])
            for (key, info) in metrics {
                let history = try await store.fullMetricHistory(runId: try runId(name), key: key)
                #expect(history.count == (info["count"] as? Int), "\(name) \(key)")
                guard let logged = info["history"] as? [[Any]] else { continue }
                // The fixture logs each metric with increasing timestamps, so history order is logging order.
                #expect(history.map(\.step) == logged.compactMap { ($0.first as? NSNumber)?.int64Value }, "\(name) \(key)")
                #expect(history.map(\.timestamp) == logged.compactMap { ($0[1] as? NSNumber)?.int64Value }, "\(name) \(key)")
                let values = logged.compactMap { Self.double($0[2]) }
                #expect(values.count == history.count)
                #expect(zip(history, values).allSatisfy { Self.sameValue($0.value, $1) }, "\(name) \(key)")
            }
        }
        let failed = try await store.fullMetricHistory(runId: try runId("failed"), key: "train/loss")
        #expect(failed.first { $0.step == 5 }?.value == .infinity)
        #expect(failed.first { $0.step == 6 }?.value == -.infinity)
        #expect(failed.first { $0.step == 7 }?.value.isNaN == true)
    }

    @Test func longHistoryPagesAndSamples() async throws {
        let id = try runId("long-history")
        let first = try await store.metricHistory(runId: id, key: "loss", pageSize: MLflowLimits.historyPageSize, pageToken: nil)
        #expect(first.items.count == 25_000)
        let second = try await store.metricHistory(runId: id, key: "loss", pageSize: MLflowLimits.historyPageSize, pageToken: first.nextPageToken)
        #expect(second.items.count == 5_000)
        #expect(second.nextPageToken == nil)
        #expect(second.items.last?.step == 29_999)
        let sampled = try await store.sampledMetricHistory(runIds: [id], key: "loss", maxPoints: 2_500, steps: nil)
        let points = try #require(sampled[id])
        // 30000 points in 2500 NTILE buckets of 12: every 12th step, then the last one in place of 29988.
        #expect(points.count == 2_500)
        #expect(Array(points.map(\.step).prefix(3)) == [0, 12, 24])
        #expect(points.last?.step == 29_999)
        #expect(points[2_498].step == 29_976)
        let ranged = try await store.sampledMetricHistory(runIds: [id], key: "loss", maxPoints: 3, steps: StepRange(from: 100, to: 110))
        #expect(ranged[id]?.map(\.step) == [100, 104, 110])
    }

    @Test func datasetInputsOfTheParentRun() async throws {
        let datasets = try #require(data["datasets"] as? [String: Any])
        let run = try await store.run(id: try runId(try #require(datasets["run"] as? String)))
        let expected = try #require(datasets["inputs"] as? [[String: String]])
        let want = expected.map { item in
            DatasetInput(
                dataset: Dataset(
                    name: item["name"] ?? "", digest: item["digest"] ?? "", sourceType: item["source_type"] ?? "",
                    source: item["source"] ?? "", schema: item["schema"], profile: item["profile"]),
                tags: [KeyValue(key: "mlflow.data.context", value: item["context"] ?? "")])
        }
        #expect(run.datasetInputs == want.sorted { ($0.dataset.name, $0.dataset.digest) < ($1.dataset.name, $1.dataset.digest) })
    }

    @Test func runArtifactsMatchTheManifest() async throws {
        let artifacts = try #require(data["artifacts"] as? [String: Any])
        let owner = ArtifactOwner.run(try runId(try #require(artifacts["run"] as? String)))
        var listed: [ArtifactEntry] = []
        var folders = [""]
        while let folder = folders.popLast() {
            for entry in try await store.listArtifacts(owner, path: folder) {
                listed.append(entry)
                if entry.isDir { folders.append(entry.path) }
            }
        }
        let expected = try #require(artifacts["entries"] as? [[String: Any]])
        #expect(listed.map(\.path).sorted() == expected.compactMap { $0["path"] as? String }.sorted())
        for item in expected where item["is_dir"] as? Bool == false {
            let path = try #require(item["path"] as? String)
            let size = (item["size"] as? NSNumber)?.int64Value ?? -1
            let entry = try #require(listed.first { $0.path == path })
            #expect(entry.fileSize == (size == 0 ? nil : size), "\(path)")
        }
        let target = try Fixtures.scratch("filestore-fixture-download") + "/loss.png"
        let bytes = try await store.downloadArtifact(owner, path: "plots/loss.png", to: target)
        #expect(bytes == listed.first { $0.path == "plots/loss.png" }?.fileSize)
    }

    @Test func loggedModelAndRegistry() async throws {
        let expected = try #require(data["logged_model"] as? [String: Any])
        let modelId = try #require((ids["logged_models"] as? [String: String])?["model"])
        let models = try await store.loggedModels(experimentIds: [try experimentId("fixture-main")])
        let model = try #require(models.first)
        #expect(models.count == 1)
        #expect(model.modelId == modelId)
        #expect(model.name == expected["name"] as? String)
        #expect(model.status.rawValue == expected["status"] as? String)
        #expect(model.modelType == expected["model_type"] as? String)
        #expect(model.sourceRunId == (try runId(try #require(expected["run"] as? String))))
        #expect(model.artifactUri == ids["model_artifact_uri"] as? String)
        #expect(Dictionary(uniqueKeysWithValues: model.params.map { ($0.key, $0.value) }) == expected["params"] as? [String: String])
        for (key, value) in try #require(expected["tags"] as? [String: String]) {
            #expect(model.tags.value(for: key) == value, "\(key)")
        }
        let files = try await store.listArtifacts(.loggedModel(modelId), path: "")
        let expectedFiles = try #require(expected["artifacts"] as? [[String: Any]])
        #expect(files.map(\.path) == expectedFiles.compactMap { $0["path"] as? String })
        #expect(files.map(\.fileSize) == expectedFiles.map { ($0["size"] as? NSNumber)?.int64Value })
        let producer = try await store.run(id: try runId("artifact-run"))
        #expect(producer.modelOutputs == [ModelOutput(modelId: modelId, step: (expected["step"] as? NSNumber)?.int64Value ?? -1)])

        let registered = try #require(data["registered_model"] as? [String: Any])
        let name = try #require(registered["name"] as? String)
        let all = try await store.registeredModels()
        #expect(all.map(\.name) == [name])
        let entry = try #require(all.first)
        #expect(entry.description == registered["description"] as? String)
        #expect(Dictionary(uniqueKeysWithValues: entry.tags.map { ($0.key, $0.value) }) == registered["tags"] as? [String: String])
        #expect(entry.aliases == (registered["aliases"] as? [String: String] ?? [:]).map { ModelAlias(alias: $0.key, version: $0.value) }.sorted { $0.alias < $1.alias })
        let versions = try await store.modelVersions(name: name)
        let expectedVersions = try #require(registered["versions"] as? [[String: Any]])
        #expect(versions.map(\.version) == expectedVersions.compactMap { $0["version"] as? String })
        let version = try #require(versions.first)
        let first = try #require(expectedVersions.first)
        #expect(version.description == first["description"] as? String)
        #expect(version.aliases == first["aliases"] as? [String])
        #expect(version.runId == (try runId(try #require(first["run"] as? String))))
        #expect(version.modelId == modelId)
        #expect(version.source == "models:/\(modelId)")
        #expect(Dictionary(uniqueKeysWithValues: version.tags.map { ($0.key, $0.value) }) == first["tags"] as? [String: String])
        #expect(store.warnings.isEmpty)
    }
}
