import Foundation
import MLflowCore
import Testing
import TestFixtures
@testable import MLflowREST

/// A store against the fault server with fast retries and a short timeout.
func faultStore(_ server: FaultServer, retries: Int = 3, timeout: Double = 2, env: [String: String] = [:]) throws -> RESTStore {
    var config = try RESTConfiguration.fromEnvironment(baseURL: server.url, environment: env, credentialsFile: "/nonexistent")
    config.requestTimeout = timeout
    config.retry = RetryPolicy(maxRetries: retries, backoffFactor: 0.05, jitter: 0)
    return try RESTStore(configuration: config)
}

/// A transport to a fault server, with short retries.
func faultTransport(_ server: FaultServer, retries: Int = 0, timeout: Double = 10) throws -> HTTPTransport {
    var config = try RESTConfiguration.fromEnvironment(baseURL: server.url, environment: [:], credentialsFile: "/nonexistent")
    config.retry = RetryPolicy(maxRetries: retries, backoffFactor: 0.05, jitter: 0)
    config.requestTimeout = timeout
    return try HTTPTransport(configuration: config)
}

/// GETs `/file` into `out` and expects `body` there whole, and its size returned.
func expectDownloaded(_ body: String, by transport: HTTPTransport, to out: String, expectedBytes: Int64? = nil,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws {
    #expect(try await transport.download("/file", to: out, expectedBytes: expectedBytes) == Int64(body.utf8.count), sourceLocation: sourceLocation)
    #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(body.utf8), sourceLocation: sourceLocation)
}

/// Cancels `task` once it has had 200 ms to start, and expects it to end with `CancellationError`
/// soon after: with the long timeouts and retries the callers give it, only cancellation ends it.
func expectCancelledPromptly<T: Sendable>(_ task: Task<T, any Error>) async throws {
    let clock = ContinuousClock()
    try await Task.sleep(for: .milliseconds(200))
    let cancelled = clock.now
    task.cancel()
    let result = await task.result
    #expect(throws: CancellationError.self) { try result.get() }
    #expect(clock.now - cancelled < .seconds(20))
}

let experimentsJSON = """
{"experiments": [{"experiment_id": "7", "name": "e\\u001b[31m", "artifact_location": "mlflow-artifacts:/7",
 "lifecycle_stage": "active", "last_update_time": 9007199254740993, "creation_time": 1700000000000,
 "tags": [{"key": "mlflow.note.content", "value": "note"}]}]}
"""

@Suite("REST faults") struct FaultTests {
    @Test func retriesA500ThenSucceeds() async throws {
        let server = try await FaultServer { _, index in
            index == 0 ? .respond(status: 500, body: #"{"error_code": "INTERNAL_ERROR", "message": "boom"}"#) : .respond(status: 200, body: experimentsJSON)
        }
        let store = try faultStore(server)
        let page = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        #expect(page.items.map(\.name) == ["e\u{1b}[31m"])
        #expect(page.items.first?.lastUpdateTime == 9_007_199_254_740_993)  // above 2^53: exact as Int64
        #expect(page.items.first?.description == "note")
        #expect(server.requests.count == 2)
        await store.close()
        await server.stop()
    }

    @Test func honoursRetryAfterOn429() async throws {
        let server = try await FaultServer { _, index in
            index == 0 ? .respond(status: 429, headers: [("Retry-After", "1")], body: "slow down") : .respond(status: 200, body: experimentsJSON)
        }
        let store = try faultStore(server)
        let clock = ContinuousClock()
        let started = clock.now
        _ = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        let elapsed = clock.now - started
        #expect(elapsed >= .milliseconds(950))
        // The backoff alone would be 0 s; the bound is loose for busy machines.
        #expect(elapsed < .seconds(30))
        await store.close()
        await server.stop()
    }

    @Test func givesUpAfterTheRetriesWithTheServersMessage() async throws {
        let server = try await FaultServer { _, _ in
            .respond(status: 503, body: #"{"error_code": "TEMPORARILY_UNAVAILABLE", "message": "db down"}"#)
        }
        let store = try faultStore(server, retries: 2)
        await #expect(throws: MLflowError.server(status: 503, code: "TEMPORARILY_UNAVAILABLE", message: "db down")) {
            try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        }
        #expect(server.requests.count == 3)
        await store.close()
        await server.stop()
    }

    @Test func doesNotRetryA400() async throws {
        let server = try await FaultServer { _, _ in
            .respond(status: 400, body: #"{"error_code": "INVALID_PARAMETER_VALUE", "message": "bad filter"}"#)
        }
        let store = try faultStore(server)
        await #expect(throws: MLflowError.server(status: 400, code: "INVALID_PARAMETER_VALUE", message: "bad filter")) {
            try await store.searchRuns(RunQuery(experimentIds: ["1"]), pageSize: 10, pageToken: nil)
        }
        #expect(server.requests.count == 1)
        await store.close()
        await server.stop()
    }

    @Test func aHangingServerTimesOut() async throws {
        let server = try await FaultServer { _, _ in .hang }
        let store = try faultStore(server, retries: 1, timeout: 0.5)
        let clock = ContinuousClock()
        let started = clock.now
        // Two attempts of 0.5 s; MLflow's default timeout would be 120 s each.
        do {
            _ = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
            Issue.record("expected a timeout")
        } catch let error as MLflowError {
            guard case .transport(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("timed out"))
        }
        #expect(clock.now - started < .seconds(30))
        #expect(server.requests.count == 2)
        await store.close()
        await server.stop()
    }

    @Test func aHangingRequestCanBeCancelled() async throws {
        let server = try await FaultServer { _, _ in .hang }
        let store = try faultStore(server, retries: 5, timeout: 60)
        try await expectCancelledPromptly(Task { try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil) })
        await store.close()
        await server.stop()
    }

    @Test func aTruncatedBodyIsAnErrorNotAPartialResult() async throws {
        let server = try await FaultServer { _, _ in .truncate(declared: 5_000, body: String(experimentsJSON.prefix(60))) }
        let store = try faultStore(server, retries: 1)
        do {
            _ = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
            Issue.record("expected an error")
        } catch let error as MLflowError {
            guard case .transport = error else { Issue.record("wrong error \(error)"); return }
        }
        #expect(server.requests.count == 2)
        await store.close()
        await server.stop()
    }

    @Test(arguments: ["not json at all", "{\"experiments\": [{\"name\": 3}]}", "[1, 2", "<html>proxy error</html>"])
    func invalidJSONIsAClearError(body: String) async throws {
        let server = try await FaultServer { _, _ in .respond(status: 200, body: body) }
        let store = try faultStore(server)
        do {
            _ = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
            Issue.record("expected an error")
        } catch let error as MLflowError {
            guard case .malformedResponse(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("/experiments/search"))
        }
        await store.close()
        await server.stop()
    }

    @Test func aHundredMegabyteBodyIsRefusedForJSONAndStreamedForDownloads() async throws {
        let total = 100 << 20
        let server = try await FaultServer { request, _ in
            if request.uri.hasPrefix("/api/2.0/mlflow/runs/get") {
                return .respond(status: 200, body: #"{"run": {"info": {"run_id": "r1", "experiment_id": "1", "artifact_uri": "mlflow-artifacts:/1/r1/artifacts"}}}"#)
            }
            return .stream(total: total, byte: 0x41)
        }
        let config = try RESTConfiguration.fromEnvironment(baseURL: server.url, environment: [:], credentialsFile: "/nonexistent")
        let store = try RESTStore(configuration: config)
        // JSON: refused past the cap with a clear message, never held whole.
        do {
            _ = try await store.transport.send(.GET, "/api/2.0/mlflow/experiments/search", maxBytes: 64 << 20)
            Issue.record("expected an error")
        } catch let error as MLflowError {
            #expect(error.description.contains("larger than 64 MB"))
        }
        // Download: every byte on disk.
        let dir = try Fixtures.scratch("hundred-mb")
        let written = try await store.downloadArtifact(.run("r1"), path: "big.bin", to: dir + "/big.bin")
        #expect(written == Int64(total))
        let size = try FileManager.default.attributesOfItem(atPath: dir + "/big.bin")[.size] as? Int
        #expect(size == total)
        #expect(server.requests.last?.uri == "/api/2.0/mlflow-artifacts/artifacts/1/r1/artifacts/big.bin")
        await store.close()
        await server.stop()
    }

    @Test func connectionRefusedIsRetriedThenReported() async throws {
        // A port nothing listens on: bind a server, note its port, stop it.
        let server = try await FaultServer { _, _ in .close }
        await server.stop()
        var config = try RESTConfiguration.fromEnvironment(baseURL: server.url, environment: [:], credentialsFile: "/nonexistent")
        config.retry = RetryPolicy(maxRetries: 2, backoffFactor: 0.01, jitter: 0)
        let store = try RESTStore(configuration: config)
        do {
            _ = try await store.searchExperiments(view: .all, maxResults: 1, pageToken: nil)
            Issue.record("expected an error")
        } catch let error as MLflowError {
            guard case .transport(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("127.0.0.1:\(server.port)"))
        }
        await store.close()
    }

    @Test func downloadsUseGetArtifactForNonProxiedRootsAndWhenProxyingIsOff() async throws {
        let server = try await FaultServer { request, _ in
            if request.uri.hasPrefix("/api/2.0/mlflow/runs/get?run_id=s3run") {
                return .respond(status: 200, body: #"{"run": {"info": {"run_id": "s3run", "experiment_id": "1", "artifact_uri": "s3://bucket/1/s3run/artifacts"}}}"#)
            }
            if request.uri.hasPrefix("/api/2.0/mlflow/runs/get") {
                return .respond(status: 200, body: #"{"run": {"info": {"run_id": "p1", "experiment_id": "1", "artifact_uri": "mlflow-artifacts:/1/p1/artifacts"}}}"#)
            }
            if request.uri.hasPrefix("/api/2.0/mlflow-artifacts/") {
                return .respond(status: 503, body: #"{"detail": "Artifact serving is disabled."}"#)
            }
            return .respond(status: 200, body: "bytes")
        }
        let store = try faultStore(server, retries: 0)
        let dir = try Fixtures.scratch("get-artifact-\(UUID().uuidString)")
        #expect(try await store.downloadArtifact(.run("s3run"), path: "a b/c?.txt", to: dir + "/one") == 5)
        #expect(server.requests.last?.uri == "/get-artifact?run_id=s3run&path=a%20b%2Fc%3F.txt")
        #expect(try await store.downloadArtifact(.run("p1"), path: "x.txt", to: dir + "/two") == 5)
        #expect(server.requests.map(\.uri).suffix(2) == ["/api/2.0/mlflow-artifacts/artifacts/1/p1/artifacts/x.txt", "/get-artifact?run_id=p1&path=x.txt"])
        await store.close()
        await server.stop()
    }
}
