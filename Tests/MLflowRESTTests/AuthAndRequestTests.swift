import Foundation
import MLflowCore
import TestFixtures
import Testing
@testable import MLflowREST

@Suite("REST requests, auth and headers") struct AuthAndRequestTests {
    func credentialsFile(_ text: String) throws -> String {
        let dir = try Fixtures.scratch("creds-\(UUID().uuidString)")
        let path = dir + "/credentials"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func basicAuthWinsOverATokenAndEnvWinsOverTheFile() async throws {
        let file = try credentialsFile("[mlflow]\nmlflow_tracking_username = fileuser\nmlflow_tracking_password = filepass\n")
        let config = try RESTConfiguration.fromEnvironment(
            baseURL: "http://x", environment: ["MLFLOW_TRACKING_USERNAME": "envuser", "MLFLOW_TRACKING_TOKEN": "tok"],
            credentialsFile: file)
        #expect(config.username == "envuser")
        #expect(config.password == "filepass")
        #expect(config.authorizationHeader == "Basic " + Data("envuser:filepass".utf8).base64EncodedString())
        #expect(config.credentialSources == ["MLFLOW_TRACKING_USERNAME", "~/.mlflow/credentials (mlflow_tracking_password)", "MLFLOW_TRACKING_TOKEN"])
    }

    @Test func aTokenAloneIsSentAsBearer() throws {
        let config = try RESTConfiguration.fromEnvironment(baseURL: "http://x", environment: ["MLFLOW_TRACKING_TOKEN": "abc"], credentialsFile: "/nonexistent")
        #expect(config.authorizationHeader == "Bearer abc")
    }

    @Test func badSettingsAreClearErrors() throws {
        #expect(throws: MLflowError.self) {
            try RESTConfiguration.fromEnvironment(baseURL: "http://x", environment: ["MLFLOW_TRACKING_INSECURE_TLS": "maybe"], credentialsFile: "/nonexistent")
        }
        #expect(throws: MLflowError.self) {
            try RESTConfiguration.fromEnvironment(
                baseURL: "http://x", environment: ["MLFLOW_TRACKING_INSECURE_TLS": "true", "MLFLOW_TRACKING_SERVER_CERT_PATH": "/ca.pem"],
                credentialsFile: "/nonexistent")
        }
        #expect(throws: MLflowError.self) {
            try RESTConfiguration.fromEnvironment(baseURL: "http://x", environment: ["MLFLOW_HTTP_REQUEST_TIMEOUT": "soon"], credentialsFile: "/nonexistent")
        }
        #expect(throws: MLflowError.self) {
            try RESTConfiguration.fromEnvironment(baseURL: "http://x", environment: ["MLFLOW_HTTP_REQUEST_MAX_RETRIES": "99"], credentialsFile: "/nonexistent")
        }
    }

    @Test(arguments: [
        ("MLFLOW_HTTP_REQUEST_TIMEOUT", "1e400"), ("MLFLOW_HTTP_REQUEST_TIMEOUT", "nan"), ("MLFLOW_HTTP_REQUEST_TIMEOUT", "0"),
        ("MLFLOW_HTTP_REQUEST_TIMEOUT", "-3"), ("MLFLOW_HTTP_REQUEST_TIMEOUT", "1e300"), ("MLFLOW_HTTP_REQUEST_TIMEOUT", "inf"),
        ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "-1"), ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "99999999999999999999999"),
        ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "2.5"), ("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "lots"),
        ("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "-1"), ("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "121"),
        ("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "Infinity"), ("MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "two"),
        ("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "-0.5"), ("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "1e12"),
        ("MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", "NaN"),
    ])
    func outOfRangeRetrySettingsNameTheVariableAndTheValue(name: String, value: String) throws {
        do {
            _ = try RESTConfiguration.fromEnvironment(baseURL: "http://x", environment: [name: value], credentialsFile: "/nonexistent")
            Issue.record("\(name)=\(value) was accepted")
        } catch let error as MLflowError {
            guard case .invalidArgument(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.hasPrefix("\(name) must be "), "\(message)")
            #expect(message.hasSuffix("not '\(value)'"), "\(message)")
        }
    }

    @Test func retrySettingsInRangeAreRead() throws {
        let config = try RESTConfiguration.fromEnvironment(baseURL: "http://x", environment: [
            "MLFLOW_HTTP_REQUEST_TIMEOUT": "86400", "MLFLOW_HTTP_REQUEST_MAX_RETRIES": " 10", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR": "0",
            "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER": "0.25",
        ], credentialsFile: "/nonexistent")
        #expect(config.requestTimeout == 86400)
        #expect(config.retry == RetryPolicy(maxRetries: 10, backoffFactor: 0, jitter: 0.25))
        #expect(HTTPTransport.wholeMilliseconds(.infinity) == 10_000_000_000)
        #expect(HTTPTransport.wholeMilliseconds(.nan) == 0)
        #expect(HTTPTransport.wholeMilliseconds(-1) == 0)
    }

    @Test func sendsHeadersQueryAndBodyAsMLflowExpects() async throws {
        let server = try await FaultServer { request, _ in
            if request.uri.contains("bulk-interval") { return .respond(status: 200, body: #"{"metrics": []}"#) }
            return .respond(status: 200, body: #"{"runs": []}"#)
        }
        let store = try faultStore(server, env: ["MLFLOW_TRACKING_USERNAME": "u", "MLFLOW_TRACKING_PASSWORD": "p w", "MLFLOW_WORKSPACE": "team-a"])
        _ = try await store.searchRuns(RunQuery(experimentIds: ["1", "2"], filter: "params.lr = '0.1'", orderBy: ["metrics.acc DESC"]), pageSize: 5, pageToken: nil)
        _ = try await store.sampledMetricHistory(runIds: ["a", "b"], key: "val/loss é", maxPoints: 10, steps: StepRange(from: -5, to: 7))
        let post = try #require(server.requests.first)
        #expect(post.method == "POST")
        #expect(post.uri == "/api/2.0/mlflow/runs/search")
        #expect(post.header("Content-Type") == "application/json")
        #expect(post.header("Authorization") == "Basic " + Data("u:p w".utf8).base64EncodedString())
        #expect(post.header("X-MLFLOW-WORKSPACE") == "team-a")
        let body = try #require(try JSONSerialization.jsonObject(with: Data(post.body)) as? [String: Any])
        #expect(body["experiment_ids"] as? [String] == ["1", "2"])
        #expect(body["filter"] as? String == "params.lr = '0.1'")
        #expect(body["order_by"] as? [String] == ["metrics.acc DESC"])
        #expect(body["max_results"] as? Int == 5)
        #expect(body["run_view_type"] as? String == "ACTIVE_ONLY")
        let get = try #require(server.requests.last)
        #expect(get.method == "GET")
        #expect(get.uri == "/api/2.0/mlflow/metrics/get-history-bulk-interval?run_ids=a&run_ids=b&metric_key=val%2Floss%20%C3%A9&max_results=10&start_step=-5&end_step=7")
        await store.close()
        await server.stop()
    }

    @Test func sampledHistoryIsSplitIntoRequestsOfAHundredRuns() async throws {
        let server = try await FaultServer { request, _ in
            let ids = request.uri.split(separator: "&").filter { $0.contains("run_ids=") }.map { $0.split(separator: "=").last.map(String.init) ?? "" }
            let points = ids.map { #"{"key": "m", "value": "NaN", "timestamp": 5, "step": -1, "run_id": "\#($0)"}"# }
            return .respond(status: 200, body: #"{"metrics": [\#(points.joined(separator: ","))]}"#)
        }
        let store = try faultStore(server)
        let ids = (0..<250).map { "run\($0)" }
        let result = try await store.sampledMetricHistory(runIds: ids, key: "m", maxPoints: 2_500, steps: nil)
        #expect(server.requests.count == 3)
        #expect(result.count == 250)
        #expect(result["run249"]?.first?.value.isNaN == true)
        #expect(result["run249"]?.first?.step == -1)
        await store.close()
        await server.stop()
    }

    @Test func unauthorizedNamesTheVariablesButNeverTheirValues() async throws {
        let server = try await FaultServer { _, _ in
            .respond(status: 401, body: #"{"error_code": "UNAUTHENTICATED", "message": "You are not authenticated."}"#)
        }
        let store = try faultStore(server, env: ["MLFLOW_TRACKING_USERNAME": "alice", "MLFLOW_TRACKING_PASSWORD": "s3cret-value"])
        do {
            _ = try await store.searchExperiments(view: .all, maxResults: 1, pageToken: nil)
            Issue.record("expected an error")
        } catch let error as MLflowError {
            let text = error.description
            #expect(text.contains("MLFLOW_TRACKING_USERNAME"))
            #expect(text.contains("MLFLOW_TRACKING_PASSWORD"))
            #expect(!text.contains("s3cret-value"))
            #expect(!text.contains("alice"))
            #expect(text.contains("401"))
        }
        #expect(server.requests.count == 1)
        await store.close()
        await server.stop()
    }

    @Test func uploadEncodesEverySegmentOfTheArtifactPath() async throws {
        let server = try await FaultServer { request, _ in
            if request.uri.hasPrefix("/api/2.0/mlflow/runs/get") {
                return .respond(status: 200, body: #"{"run": {"info": {"run_id": "r1", "experiment_id": "3", "artifact_uri": "mlflow-artifacts:/3/r1/artifacts"}}}"#)
            }
            return .respond(status: 200, body: "{}")
        }
        let store = try faultStore(server)
        let dir = try Fixtures.scratch("upload-\(UUID().uuidString)")
        let file = dir + "/f.txt"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: file))
        try await store.uploadArtifact(runId: "r1", localFile: file, artifactPath: "dir with space/weird name% ?&=+;.txt")
        let put = try #require(server.requests.last)
        #expect(put.method == "PUT")
        #expect(put.uri == "/api/2.0/mlflow-artifacts/artifacts/3/r1/artifacts/dir%20with%20space/weird%20name%25%20%3F%26%3D%2B%3B.txt")
        #expect(put.bodyText == "hello")
        #expect(put.header("Content-Type") == "text/plain")
        await #expect(throws: MLflowError.self) {
            try await store.uploadArtifact(runId: "r1", localFile: file, artifactPath: "../escape.txt")
        }
        await store.close()
        await server.stop()
    }

    @Test func logBatchSplitsWithinMLflowsLimits() {
        let metrics = (0..<2_500).map { Metric(key: "m", value: Double($0), timestamp: 1, step: Int64($0)) }
        let params = (0..<250).map { KeyValue(key: "p\($0)", value: "v") }
        let tags = (0..<120).map { KeyValue(key: "t\($0)", value: "v") }
        let batches = LogBatch.split(metrics: metrics, params: params, tags: tags)
        for batch in batches {
            #expect(batch.params.count <= 100)
            #expect(batch.tags.count <= 100)
            #expect(batch.metrics.count <= 1_000)
            #expect(batch.params.count + batch.tags.count + batch.metrics.count <= 1_000)
        }
        #expect(batches.flatMap(\.metrics) == metrics)
        #expect(batches.flatMap(\.params) == params)
        #expect(batches.flatMap(\.tags) == tags)
        #expect(throws: MLflowError.self) {
            try LogBatch.validate(metrics: [], params: [KeyValue(key: "long", value: String(repeating: "x", count: 6_001))], tags: [])
        }
        #expect(throws: MLflowError.self) {
            try LogBatch.validate(metrics: [], params: [KeyValue(key: String(repeating: "k", count: 251), value: "")], tags: [])
        }
    }

    @Test func retryDelaysFollowMLflowsBackoff() {
        let policy = RetryPolicy(maxRetries: 7, backoffFactor: 2, jitter: 1)
        #expect(policy.delay(beforeRetry: 1, retryAfter: nil, random: 0.5) == 0)
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, random: 0.5) == 4.5)
        #expect(policy.delay(beforeRetry: 3, retryAfter: nil, random: 0) == 8)
        #expect(policy.delay(beforeRetry: 9, retryAfter: nil, random: 0) == 120)
        #expect(policy.delay(beforeRetry: 2, retryAfter: "7", random: 0) == 7)
        var ignoring = policy
        ignoring.respectRetryAfter = false
        #expect(ignoring.delay(beforeRetry: 2, retryAfter: "7", random: 0) == 4)
    }

    @Test func proxiedArtifactPaths() {
        #expect(RESTStore.proxiedPath(artifactRoot: "mlflow-artifacts:/3/abc/artifacts") == "3/abc/artifacts")
        #expect(RESTStore.proxiedPath(artifactRoot: "mlflow-artifacts://host:5000/3/abc/artifacts") == "3/abc/artifacts")
        #expect(RESTStore.proxiedPath(artifactRoot: "s3://bucket/3/abc") == nil)
    }
}
