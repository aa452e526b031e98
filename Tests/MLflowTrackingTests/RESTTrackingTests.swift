import Foundation
import MLflowCore
import MLflowREST
import MLflowTracking
import NIOConcurrencyHelpers
import TestFixtures
import Testing

/// `TrackedRun` over the REST store: a server that fails for a while, one that never recovers,
/// and the live MLflow server.
struct RESTTrackingTests {
    static let runId = "f00dfeedf00dfeedf00dfeedf00dfeed"
    static let options = TrackingOptions(flushInterval: 0.05, initialBackoff: 0.05, maxBackoff: 0.2, attempts: 3, endDeadline: 1.5)

    /// Answers as MLflow does for the calls a tracked run makes; `failing` decides when
    /// log-batch and update answer 503 instead.
    static func mlflowLike(failing: @escaping @Sendable () -> Bool) -> @Sendable (RecordedRequest, Int) -> FaultAction {
        { request, _ in
            let path = request.uri.split(separator: "?").first.map(String.init) ?? request.uri
            let ok = { (body: String) in FaultAction.respond(status: 200, headers: [("Content-Type", "application/json")], body: body) }
            switch path {
            case "/api/2.0/mlflow/experiments/get-by-name":
                return ok(#"{"experiment": {"experiment_id": "3", "name": "faults", "artifact_location": "mlflow-artifacts:/3", "lifecycle_stage": "active"}}"#)
            case "/api/2.0/mlflow/runs/create":
                return ok(#"{"run": {"info": {"run_id": "\#(runId)", "experiment_id": "3", "run_name": "r", "status": "RUNNING", "start_time": 1, "artifact_uri": "mlflow-artifacts:/3/\#(runId)/artifacts", "lifecycle_stage": "active"}, "data": {}}}"#)
            case "/api/2.0/mlflow/runs/log-batch", "/api/2.0/mlflow/runs/update":
                if failing() {
                    return .respond(status: 503, headers: [("Content-Type", "application/json")],
                                    body: #"{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "down for maintenance"}"#)
                }
                return ok("{}")
            default:
                return .respond(status: 404, body: #"{"error_code": "ENDPOINT_NOT_FOUND", "message": "no"}"#)
            }
        }
    }

    static func store(_ url: String) throws -> RESTStore {
        try RESTStore(configuration: RESTConfiguration(
            baseURL: url, requestTimeout: 5, retry: RetryPolicy(maxRetries: 1, backoffFactor: 0.01, jitter: 0, maxBackoff: 0.05)))
    }

    /// The metric steps the server accepted, in the order it accepted them.
    static func acceptedSteps(_ server: FaultServer, failedRequests: Set<Int>) -> [Int64] {
        var steps: [Int64] = []
        for (index, request) in server.requests.enumerated() where request.uri.hasPrefix("/api/2.0/mlflow/runs/log-batch") && !failedRequests.contains(index) {
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any],
                  let metrics = object["metrics"] as? [[String: Any]] else { continue }
            steps += metrics.compactMap { ($0["step"] as? NSNumber)?.int64Value }
        }
        return steps
    }

    @Test func metricsSurviveAServerThatFailsForAWhile() async throws {
        let recoverAt = Date().addingTimeInterval(1.5)
        let failed = NIOLockedValueBox<Set<Int>>([])
        let handler = Self.mlflowLike { Date() < recoverAt }
        let server = try await FaultServer { request, index in
            let action = handler(request, index)
            if case .respond(let status, _, _) = action, status == 503 { failed.withLockedValue { _ = $0.insert(index) } }
            return action
        }
        defer { Task { await server.stop() } }
        let store = try Self.store(server.url)
        let run = try await TrackedRun.start(writer: store, experiment: "faults", artifactLocation: nil, runName: "r",
                                             tags: [], userId: "u", options: Self.options)
        for step in 0..<3_000 {
            run.logMetric("loss", 1 / Double(step + 1), step: Int64(step), timestamp: Int64(step))
            if step % 300 == 0 { try await Task.sleep(nanoseconds: 100_000_000) }
        }
        #expect(run.queuedMetrics > 0)  // the server is still down
        let report = await run.end(status: .finished, endTime: 77)
        #expect(report.isComplete, "\(report.lines)")
        #expect(report.sentMetrics == 3_000)
        let failures = failed.withLockedValue { $0 }
        #expect(!failures.isEmpty)
        #expect(Self.acceptedSteps(server, failedRequests: failures) == (0..<3_000).map(Int64.init))
        let update = try #require(server.requests.last)
        #expect(update.uri == "/api/2.0/mlflow/runs/update")
        #expect(update.bodyText.contains("\"FINISHED\"") && update.bodyText.contains("77"))
        await store.close()
    }

    @Test func aServerThatNeverRecoversIsReportedNotLost() async throws {
        let server = try await FaultServer(Self.mlflowLike { true })
        defer { Task { await server.stop() } }
        let store = try Self.store(server.url)
        let run = try await TrackedRun.start(writer: store, experiment: "faults", artifactLocation: nil, runName: "r",
                                             tags: [], userId: "u", options: Self.options)
        for step in 0..<2_222 { run.logMetric("loss", 1, step: Int64(step), timestamp: 1) }
        try await run.setTags([KeyValue(key: "phase", value: "train")])
        let began = Date()
        let report = await run.end(status: .failed)
        #expect(Date().timeIntervalSince(began) < 8)
        #expect(report.unsentMetrics == 2_222)
        #expect(report.sentMetrics == 0)
        #expect(!report.statusStored)
        #expect(report.errors.contains { $0.hasPrefix("tags phase were not stored: server error 503 TEMPORARILY_UNAVAILABLE") }, "\(report.errors)")
        #expect(report.errors.contains { $0.hasPrefix("the run's status FAILED and end time were not stored") })
        await store.close()
    }

    @Test(.enabled(if: Fixtures.haveServer)) func liveServerStoresWhatWasTracked() async throws {
        let url = try #require(Fixtures.serverURL, "RUNBOARD_TEST_SERVER is not set")
        let store = try RESTStore(configuration: RESTConfiguration.fromEnvironment(baseURL: url))
        let name = "tracked-run-\(UUID().uuidString.prefix(8))"
        let run = try await TrackedRun.start(writer: store, experiment: name, artifactLocation: nil, runName: "live run",
                                             tags: [KeyValue(key: SystemTag.sourceType, value: "LOCAL")], userId: "ada",
                                             startTime: 1_700_000_000_000,
                                             options: TrackingOptions(flushInterval: 0.2, endDeadline: 120))
        try await run.logParams([KeyValue(key: "lr", value: "0.01"), KeyValue(key: "text", value: "é\u{1B}[1m")])
        try await run.setTags([KeyValue(key: "stage", value: "train")])
        for step in -2..<1_500 {
            run.logMetric("loss", step == 7 ? .nan : Double(step) / 10, step: Int64(step), timestamp: 1_700_000_000_000 + Int64(step + 2))
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tracked-\(UUID().uuidString).json").path
        try Data(#"{"k": 1}"#.utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        try await run.logArtifact(localFile: file, artifactPath: "model/meta.json")
        let report = await run.end(status: .finished, endTime: 1_700_000_009_000)
        #expect(report.isComplete, "\(report.lines)")

        let stored = try await store.run(id: run.runId)
        #expect(stored.info.status == .finished)
        #expect(stored.info.endTime == 1_700_000_009_000)
        #expect(stored.info.runName == "live run")
        #expect(stored.params == [KeyValue(key: "lr", value: "0.01"), KeyValue(key: "text", value: "é\u{1B}[1m")])
        #expect(stored.tag("stage") == "train")
        #expect(stored.tag(SystemTag.sourceType) == "LOCAL")
        #expect(stored.metric("loss") == Metric(key: "loss", value: 149.9, timestamp: 1_700_000_001_501, step: 1_499))
        let history = try await store.fullMetricHistory(runId: run.runId, key: "loss")
        #expect(history.count == 1_502)
        #expect(history.first == Metric(key: "loss", value: -0.2, timestamp: 1_700_000_000_000, step: -2))
        #expect(history.first { $0.step == 7 }?.value.isNaN == true)
        let listed = try await store.listArtifacts(.run(run.runId), path: "model")
        #expect(listed.map(\.path) == ["model/meta.json"])
        await store.close()
    }
}

