import Foundation
import MLflowCore
import MLflowFileStore
import Testing

@Suite struct RunTests {
    static let exp = "111111111111111111"

    /// An experiment with runs of every status, nesting, a deleted run and odd values.
    static func tree(_ name: String) throws -> TreeBuilder {
        let tree = try TreeBuilder(name)
        try tree.experiment(exp, name: "main")
        try tree.run(TreeBuilder.runId(1), experiment: exp, name: "parent", status: 3, start: 5000,
                     params: ["lr": "0.01", "optimizer/adam.beta1": "0.9", "quote": "it's"],
                     tags: ["mlflow.runName": "parent", "mlflow.user": "ana", "note": "line1\nline2\r\n\u{1b}[2J\u{0}"],
                     metrics: [
                        "acc": "100 0.5 0\n200 0.75 1\n300 nan 2\n",
                        "train/loss": "100 inf 0\n200 -inf 1\n150 -0.0 2\n",
                        "val_loss": "100 1.0 0\n200 nan 1\n",
                     ])
        try tree.run(TreeBuilder.runId(2), experiment: exp, name: "child", status: 1, start: 6000, end: nil,
                     tags: ["mlflow.parentRunId": TreeBuilder.runId(1), "mlflow.runName": "child"])
        try tree.run(TreeBuilder.runId(3), experiment: exp, name: "", status: nil, start: 7000, end: nil, stage: nil,
                     tags: ["mlflow.runName": "named-by-tag"], metrics: ["old": "100 2.5\n"])
        try tree.run(TreeBuilder.runId(4), experiment: exp, name: "removed", status: 5, start: 8000, stage: "deleted")
        try tree.run(TreeBuilder.runId(5), experiment: exp, name: "failed", status: 4, start: 4000)
        try tree.run(TreeBuilder.runId(6), experiment: exp, name: "scheduled", status: 2, start: 4000)
        return tree
    }

    @Test func readsEverythingAboutARun() async throws {
        let tree = try Self.tree("runs-read")
        let store = try FileStore(path: tree.root)
        let run = try await store.run(id: TreeBuilder.runId(1))
        #expect(run.info == RunInfo(
            runId: TreeBuilder.runId(1), runName: "parent", experimentId: Self.exp, userId: "tester", status: .finished,
            startTime: 5000, endTime: 1_700_000_001_000, artifactUri: "file://\(tree.root)/\(Self.exp)/\(TreeBuilder.runId(1))/artifacts",
            lifecycleStage: .active))
        #expect(run.params == [
            KeyValue(key: "lr", value: "0.01"), KeyValue(key: "optimizer/adam.beta1", value: "0.9"), KeyValue(key: "quote", value: "it's"),
        ])
        #expect(run.tag("note") == "line1\nline2\r\n\u{1b}[2J\u{0}")
        #expect(run.tags.map(\.key) == ["mlflow.runName", "mlflow.user", "note"])
        #expect(run.metrics.map(\.key) == ["acc", "train/loss", "val_loss"])
        #expect(run.metric("acc")?.value.isNaN == true)
        #expect(run.metric("acc")?.step == 2)
        #expect(run.metric("train/loss") == Metric(key: "train/loss", value: -0.0, timestamp: 150, step: 2))
        #expect(run.metric("val_loss")?.value.isNaN == true)
        #expect(run.datasetInputs.isEmpty && run.modelInputs.isEmpty && run.modelOutputs.isEmpty)
    }

    @Test func oldFilesDefaultToRunningAndActive() async throws {
        let store = try FileStore(path: try Self.tree("runs-old").root)
        let run = try await store.run(id: TreeBuilder.runId(3))
        #expect(run.info.status == .running)
        #expect(run.info.lifecycleStage == .active)
        #expect(run.info.runName == "named-by-tag")
        #expect(run.info.endTime == nil)
        #expect(run.metrics == [Metric(key: "old", value: 2.5, timestamp: 100, step: 0)])
        let child = try await store.run(id: TreeBuilder.runId(2))
        #expect(child.parentRunId == TreeBuilder.runId(1))
        #expect(child.info.status == .running)
    }

    @Test func readsLegacyFilesWithIntegerIds() async throws {
        let tree = try TreeBuilder("runs-legacy")
        try tree.write("0/meta.yaml", "artifact_location: ./mlruns/0\nexperiment_id: 0\nlifecycle_stage: active\nname: Default\n")
        let run = TreeBuilder.runId(0x1E6)
        try tree.write("0/\(run)/meta.yaml", """
            artifact_uri: ./mlruns/0/\(run)/artifacts
            end_time: 1500000001000
            entry_point_name: ''
            experiment_id: 0
            name: ''
            run_uuid: \(run)
            source_name: train.py
            source_type: 4
            source_version: ''
            start_time: 1500000000000
            status: 3
            tags: []
            user_id: bob

            """)
        try tree.write("0/\(run)/metrics/loss", "1500000000500 0.25\n1500000000900 0.125\n")
        try tree.write("0/\(run)/artifacts/model.txt", "weights")
        let store = try FileStore(path: tree.root)
        let experiment = try await store.experiment(id: "0")
        #expect(experiment.name == "Default")
        #expect(experiment.creationTime == nil)
        let found = try await store.searchRuns(RunQuery(experimentIds: ["0"]), pageSize: 10, pageToken: nil).items
        #expect(found.map(\.info.runId) == [run])
        let info = try #require(found.first?.info)
        #expect(info.experimentId == "0")
        #expect(info.status == .finished)
        #expect(info.lifecycleStage == .active)
        #expect(info.userId == "bob")
        #expect(info.runName == "")
        #expect(found.first?.metrics == [Metric(key: "loss", value: 0.125, timestamp: 1_500_000_000_900, step: 0)])
        // A relative artifact root is found under the store's parent folder.
        #expect(try await store.listArtifacts(.run(run), path: "") == [ArtifactEntry(path: "model.txt", isDir: false, fileSize: 7)])
        #expect(store.warnings.isEmpty)
    }

    @Test func searchesInDefaultOrderByView() async throws {
        let store = try FileStore(path: try Self.tree("runs-search").root)
        func ids(_ view: ViewType) async throws -> [Int] {
            let page = try await store.searchRuns(RunQuery(experimentIds: [Self.exp], viewType: view), pageSize: 100, pageToken: nil)
            #expect(page.nextPageToken == nil)
            return page.items.map { Int($0.info.runId, radix: 16) ?? -1 }
        }
        // start_time descending, then run id.
        #expect(try await ids(.activeOnly) == [3, 2, 1, 5, 6])
        #expect(try await ids(.deletedOnly) == [4])
        #expect(try await ids(.all) == [4, 3, 2, 1, 5, 6])
        let statuses = try await store.searchRuns(RunQuery(experimentIds: [Self.exp], viewType: .all), pageSize: 100, pageToken: nil)
            .items.map(\.info.status)
        #expect(statuses == [.killed, .running, .running, .finished, .failed, .scheduled])
    }

    @Test func pagesFromOneSnapshot() async throws {
        let tree = try Self.tree("runs-paging")
        let store = try FileStore(path: tree.root)
        let query = RunQuery(experimentIds: [Self.exp, "unknown", Self.exp], viewType: .all)
        let first = try await store.searchRuns(query, pageSize: 4, pageToken: nil)
        #expect(first.items.count == 4)
        let token = try #require(first.nextPageToken)
        // A run added between pages does not shift the second page.
        try tree.run(TreeBuilder.runId(9), experiment: Self.exp, name: "late", start: 9000)
        let second = try await store.searchRuns(query, pageSize: 4, pageToken: token)
        #expect(second.items.map(\.info.runName) == ["failed", "scheduled"])
        #expect(second.nextPageToken == nil)
        let fresh = try await store.searchRuns(query, pageSize: 10, pageToken: nil)
        #expect(fresh.items.first?.info.runName == "late")
        #expect(fresh.items.count == 7)
    }

    @Test func capsAtMaxResults() async throws {
        let store = try FileStore(path: try Self.tree("runs-max").root)
        var query = RunQuery(experimentIds: [Self.exp], viewType: .all, maxResults: 3)
        let first = try await store.searchRuns(query, pageSize: 2, pageToken: nil)
        let second = try await store.searchRuns(query, pageSize: 2, pageToken: first.nextPageToken)
        #expect(first.items.count == 2)
        #expect(second.items.count == 1)
        #expect(second.nextPageToken == nil)
        query.maxResults = 0
        #expect(try await store.searchRuns(query, pageSize: 2, pageToken: nil).items.isEmpty)
        await #expect(throws: MLflowError.self) {
            try await store.searchRuns(query, pageSize: 0, pageToken: nil)
        }
    }

    @Test func unknownRunsAreNotFound() async throws {
        let store = try FileStore(path: try Self.tree("runs-missing").root)
        for bad in ["0123", "", "..", "../x", "tags", TreeBuilder.runId(77)] {
            await #expect(throws: MLflowError.notFound("run '\(bad)'")) { try await store.run(id: bad) }
        }
    }

    @Test func skipsBrokenRunsWithANote() async throws {
        let tree = try Self.tree("runs-broken")
        let bad1 = TreeBuilder.runId(0xB1), bad2 = TreeBuilder.runId(0xB2), bad3 = TreeBuilder.runId(0xB3)
        try tree.write("\(Self.exp)/\(bad1)/meta.yaml", "run_id: [\n")
        try tree.write("\(Self.exp)/\(bad2)/meta.yaml", "experiment_id: '42'\nrun_id: \(bad2)\n")
        try tree.write("\(Self.exp)/\(bad3)/meta.yaml", "experiment_id: '\(Self.exp)'\nrun_id: \(bad3)\nstatus: 9\n")
        try tree.write("\(Self.exp)/not-a-run/artifacts.txt", "artifacts kept beside runs")
        try tree.write("\(Self.exp)/\(TreeBuilder.runId(1))/metrics/broken", "1 2 3 4\n")
        try tree.write("\(Self.exp)/\(TreeBuilder.runId(1))/metrics/partly", "1 2 3 4\n5 6.5 7\n")
        let store = try FileStore(path: tree.root)
        let page = try await store.searchRuns(RunQuery(experimentIds: [Self.exp], viewType: .all), pageSize: 100, pageToken: nil)
        #expect(page.items.count == 6)
        let parent = try #require(page.items.first { $0.info.runName == "parent" })
        #expect(parent.metrics.map(\.key) == ["acc", "partly", "train/loss", "val_loss"])
        #expect(parent.metric("partly") == Metric(key: "partly", value: 6.5, timestamp: 5, step: 7))
        let run1 = "\(Self.exp)/\(TreeBuilder.runId(1))"
        let yamlNote = "run folder '\(Self.exp)/\(bad1)' skipped: meta.yaml is not valid YAML ("
        #expect(store.warnings.filter { $0.hasPrefix(yamlNote) }.count == 1)
        #expect(Set(store.warnings.filter { !$0.hasPrefix(yamlNote) }) == [
            "run folder '\(Self.exp)/\(bad2)' skipped: meta.yaml records experiment '42'",
            "run folder '\(Self.exp)/\(bad3)' skipped: unknown status '9'",
            "metric file '\(run1)/metrics/broken': line 1 skipped: 4 fields, expected 2, 3 or 5",
            "metric 'broken' of run '\(TreeBuilder.runId(1))' skipped: no data in '\(run1)/metrics/broken'",
            "metric file '\(run1)/metrics/partly': line 1 skipped: 4 fields, expected 2, 3 or 5",
        ])
    }
}

/// Random bytes where MLflow's files should be: every read completes, with notes instead of crashes.
@Suite struct GarbageTests {
    /// A small deterministic generator (SplitMix64).
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func randomFilesNeverCrashTheStore() async throws {
        var random = Generator(state: 42)
        let tree = try TreeBuilder("garbage")
        let exp = "666666666666666666"
        try tree.experiment(exp, name: "garbage")
        let alphabet = Array("0123456789 .-+eEinfaNx_:'\"[]{}#\n\r\t\u{0}\u{1b}é".utf8)
        func noise(_ count: Int) -> Data {
            Data((0..<count).map { _ in Bool.random(using: &random) ? alphabet.randomElement(using: &random) ?? 0 : UInt8.random(in: 0...255, using: &random) })
        }
        for i in 0..<40 {
            let run = TreeBuilder.runId(0x6A0 + i)
            try tree.run(run, experiment: exp, name: "r\(i)", metrics: ["m": "1 1.0 1\n"])
            try tree.write("\(exp)/\(run)/metrics/noise", noise(Int.random(in: 0...300, using: &random)))
            if i % 3 == 0 { try tree.write("\(exp)/\(run)/meta.yaml", noise(Int.random(in: 0...200, using: &random))) }
            if i % 5 == 0 { try tree.write("\(exp)/\(run)/inputs/x/meta.yaml", noise(80)) }
            if i % 7 == 0 { try tree.write("\(exp)/\(run)/outputs/y/meta.yaml", noise(80)) }
        }
        try tree.write("\(exp)/datasets/d/meta.yaml", noise(120))
        try tree.write("models/junk/meta.yaml", noise(120))
        try tree.write("models/junk/version-1/meta.yaml", noise(120))
        try tree.write("77/meta.yaml", noise(120))
        let store = try FileStore(path: tree.root)
        let runs = try await store.searchRuns(RunQuery(experimentIds: [exp], viewType: .all), pageSize: 100, pageToken: nil).items
        // Runs whose meta.yaml was replaced are skipped; the others keep their readable metric.
        #expect(runs.count == 26)
        #expect(runs.allSatisfy { $0.metric("m")?.value == 1.0 })
        for run in runs { _ = try await store.fullMetricHistory(runId: run.info.runId, key: "noise") }
        _ = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        _ = try await store.registeredModels()
        _ = try? await store.modelVersions(name: "junk")
        for i in stride(from: 0, to: 40, by: 3) {
            let folder = "run folder '\(exp)/\(TreeBuilder.runId(0x6A0 + i))' skipped: "
            #expect(store.warnings.contains { $0.hasPrefix(folder) }, "\(i)")
        }
        #expect(store.warnings.count >= 14)
    }
}
