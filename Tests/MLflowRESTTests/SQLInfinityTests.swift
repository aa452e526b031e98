import Foundation
import MLflowCore
import Testing
import TestFixtures
@testable import MLflowREST

/// A server over a SQL store sends a logged ±infinity as ±1.7976931348623157e308; the REST store
/// gives back the infinity, as a server over a file store sends it ("Infinity").
@Suite("REST infinities") struct SQLInfinityTests {
    static let run = """
    {"run": {"info": {"run_id": "r1", "experiment_id": "1", "status": "FINISHED"},
     "data": {"metrics": [{"key": "up", "value": 1.7976931348623157e308, "timestamp": 1, "step": 0},
                          {"key": "down", "value": -1.7976931348623157e+308, "timestamp": 1, "step": 0},
                          {"key": "file", "value": "Infinity", "timestamp": 1, "step": 0},
                          {"key": "big", "value": 1.7976931348623155e308, "timestamp": 1, "step": 0}]}}}
    """

    static let history = """
    {"metrics": [{"key": "up", "value": 1.5, "timestamp": 1, "step": 0, "run_id": "r1"},
                 {"key": "up", "value": 1.7976931348623157e308, "timestamp": 2, "step": 1, "run_id": "r1"},
                 {"key": "up", "value": -1.7976931348623157e308, "timestamp": 3, "step": 2, "run_id": "r1"}]}
    """

    @Test func latestValuesHistoriesAndSamplesAreTheLoggedInfinities() async throws {
        let server = try await FaultServer { request, _ in
            request.uri.contains("/runs/get") ? .respond(status: 200, body: Self.run) : .respond(status: 200, body: Self.history)
        }
        let store = try faultStore(server)
        let run = try await store.run(id: "r1")
        #expect(run.metric("up")?.value == .infinity)
        #expect(run.metric("down")?.value == -.infinity)
        #expect(run.metric("file")?.value == .infinity)
        // The next double down stays a finite number.
        #expect(run.metric("big")?.value == Double.greatestFiniteMagnitude.nextDown)
        let history = try await store.metricHistory(runId: "r1", key: "up", pageSize: 10, pageToken: nil)
        #expect(history.items.map(\.value) == [1.5, .infinity, -.infinity])
        let sampled = try await store.sampledMetricHistory(runIds: ["r1"], key: "up", maxPoints: 10, steps: nil)
        #expect(sampled["r1"]?.map(\.value) == [1.5, .infinity, -.infinity])
        await store.close()
        await server.stop()
    }
}
