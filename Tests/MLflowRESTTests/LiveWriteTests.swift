import Foundation
import MLflowCore
import TestFixtures
import Testing
@testable import MLflowREST

/// A store on the live MLflow server of the test suite.
func liveStore() throws -> RESTStore {
    guard let url = Fixtures.serverURL else { throw FixtureError.missing("RUNBOARD_TEST_SERVER") }
    var config = try RESTConfiguration.fromEnvironment(baseURL: url, environment: [:], credentialsFile: "/nonexistent")
    config.retry = RetryPolicy(maxRetries: 2, backoffFactor: 0.1, jitter: 0)
    return try RESTStore(configuration: config)
}

@Suite("Writes to a live MLflow server", .enabled(if: Fixtures.haveServer))
struct LiveWriteTests {
    @Test func aRunWrittenThroughTheAPIReadsBackExactly() async throws {
        let store = try liveStore()
        let name = "write-test-\(UUID().uuidString.prefix(8))"
        let experiment = try await store.getOrCreateExperiment(name: name, artifactLocation: nil, tags: [KeyValue(key: "purpose", value: "test")])
        #expect(experiment.name == name)
        // Get-or-create returns the same experiment the second time.
        #expect(try await store.getOrCreateExperiment(name: name, artifactLocation: nil, tags: []).experimentId == experiment.experimentId)

        let start: Int64 = 1_700_000_000_000
        let info = try await store.createRun(
            experimentId: experiment.experimentId, runName: "writer \u{1b}[31m", startTime: start, userId: "tester",
            tags: [KeyValue(key: "team", value: "vision")])
        #expect(info.status == .running)
        #expect(info.endTime == nil)

        let params = (0..<250).map { KeyValue(key: "p\(String(format: "%03d", $0))", value: "v\($0)") }
        var metrics: [Metric] = []
        for index in 0..<2_345 {
            let value: Double = index == 7 ? .nan : 1 / Double(index + 1)
            metrics.append(Metric(key: "loss", value: value, timestamp: start + Int64(index), step: Int64(index) - 10))
        }
        metrics.append(Metric(key: "acc", value: 0.75, timestamp: start, step: 0))
        try await store.logBatch(runId: info.runId, metrics: metrics, params: params, tags: [KeyValue(key: "stage", value: "x\ny")])
        try await store.updateRun(runId: info.runId, status: .finished, endTime: start + 60_000, runName: nil)

        let run = try await store.run(id: info.runId)
        #expect(run.info.status == .finished)
        #expect(run.info.endTime == start + 60_000)
        #expect(run.info.runName == "writer \u{1b}[31m")
        #expect(run.params == params)
        #expect(run.tag("stage") == "x\ny")
        #expect(run.tag("team") == "vision")
        #expect(run.metric("loss")?.step == 2_334)
        #expect(run.metric("acc")?.value == 0.75)

        let history = try await store.fullMetricHistory(runId: info.runId, key: "loss")
        #expect(history.count == 2_345)
        #expect(history[7].value.isNaN)
        #expect(history.first?.step == -10)
        let page = try await store.metricHistory(runId: info.runId, key: "loss", pageSize: 1_000, pageToken: nil)
        #expect(page.items.count == 1_000)
        #expect(page.nextPageToken != nil)
        let steps = try await store.fullMetricHistory(runId: info.runId, key: "loss", steps: StepRange(from: 0, to: 9))
        #expect(steps.map(\.step) == Array(0...9))

        let sampled = try await store.sampledMetricHistory(runIds: [info.runId], key: "loss", maxPoints: 100, steps: nil)
        let points = try #require(sampled[info.runId])
        #expect(points.count <= 101)
        #expect(points.first?.step == -10)
        #expect(points.last?.step == 2_334)
        await store.close()
    }

    @Test func artifactNamesRoundTripExactlyOrAreRefusedBeforeUpload() async throws {
        let store = try liveStore()
        let experiment = try await store.getOrCreateExperiment(name: "upload-test", artifactLocation: nil, tags: [])
        let info = try await store.createRun(experimentId: experiment.experimentId, runName: "upload", startTime: 1_700_000_000_000, userId: "t", tags: [])
        let dir = try Fixtures.scratch("upload-live-\(UUID().uuidString)")
        let names = ["weird name% ?&=+.txt", "what?.txt", "dir with space/ünïcode-名前.txt", "a/b/c/deep.bin"]
        for (index, name) in names.enumerated() {
            let local = dir + "/f\(index)"
            try Data("content \(index) \(name)".utf8).write(to: URL(fileURLWithPath: local))
            try await store.uploadArtifact(runId: info.runId, localFile: local, artifactPath: name)
        }
        let root = try await store.listArtifacts(.run(info.runId), path: "")
        #expect(root.map(\.path) == ["a", "dir with space", "weird name% ?&=+.txt", "what?.txt"])
        #expect(root.map(\.isDir) == [true, true, false, false])
        let nested = try await store.listArtifacts(.run(info.runId), path: "dir with space")
        #expect(nested.map(\.path) == ["dir with space/ünïcode-名前.txt"])
        for (index, name) in names.enumerated() {
            let out = dir + "/out\(index)"
            let bytes = try await store.downloadArtifact(.run(info.runId), path: name, to: out)
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(text == "content \(index) \(name)")
            #expect(bytes == Int64(text.utf8.count))
        }
        await #expect(throws: MLflowError.self) {
            try await store.downloadArtifact(.run(info.runId), path: "missing.txt", to: dir + "/missing")
        }
        // Names the server would refuse or rename are refused before anything is sent.
        for bad in ["bad #name.txt", "a%41b.txt", "esc\u{1b}[31m.txt", "new\nline.txt"] {
            do {
                try await store.uploadArtifact(runId: info.runId, localFile: dir + "/f0", artifactPath: bad)
                Issue.record("expected \(bad.debugDescription) to be refused")
            } catch let error as MLflowError {
                guard case .invalidArgument = error else { Issue.record("\(error)"); continue }
            }
        }
        #expect(try await store.listArtifacts(.run(info.runId), path: "").count == 4)
        await store.close()
    }

    @Test func aDeletedExperimentIsNotSilentlyReused() async throws {
        let store = try liveStore()
        let name = "deleted-\(UUID().uuidString.prefix(8))"
        let experiment = try await store.getOrCreateExperiment(name: name, artifactLocation: nil, tags: [])
        _ = try await store.transport.send(.POST, "/api/2.0/mlflow/experiments/delete",
                                           json: try JSONSerialization.data(withJSONObject: ["experiment_id": experiment.experimentId]))
        await #expect(throws: MLflowError.self) {
            try await store.getOrCreateExperiment(name: name, artifactLocation: nil, tags: [])
        }
        await store.close()
    }

    @Test func rejectedValuesNameTheKey() async throws {
        let store = try liveStore()
        let experiment = try await store.getOrCreateExperiment(name: "reject-test", artifactLocation: nil, tags: [])
        let info = try await store.createRun(experimentId: experiment.experimentId, runName: "", startTime: 1_700_000_000_000, userId: "t", tags: [])
        #expect(!info.runName.isEmpty)  // the server picks a name
        do {
            try await store.logBatch(runId: info.runId, metrics: [], params: [KeyValue(key: "big", value: String(repeating: "x", count: 6_001))], tags: [])
            Issue.record("expected an error")
        } catch let error as MLflowError {
            #expect(error.description.contains("'big'"))
        }
        try await store.logBatch(runId: info.runId, metrics: [], params: [KeyValue(key: "lr", value: "0.1")], tags: [])
        do {
            try await store.logBatch(runId: info.runId, metrics: [], params: [KeyValue(key: "lr", value: "0.2")], tags: [])
            Issue.record("expected an error")
        } catch let error as MLflowError {
            guard case .server(400, "INVALID_PARAMETER_VALUE", let message) = error else { Issue.record("\(error)"); return }
            #expect(message.contains("lr"))
        }
        await store.close()
    }
}
