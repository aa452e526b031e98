import Foundation
import MLflowCore
import Testing
import TestFixtures
@testable import MLflowREST

/// An error answer whose body is larger than what is read of it is still the server's error,
/// with its status and the start of its body, and never a transport failure.
@Suite("REST error bodies") struct ErrorBodyTests {
    static let limit = 4_096

    /// A 500 whose body is four times the limit: its start, then filler.
    static let body = "upstream exploded: " + String(repeating: "x", count: 4 * limit)

    func transport(_ server: FaultServer) throws -> HTTPTransport {
        var config = try RESTConfiguration.fromEnvironment(baseURL: server.url, environment: [:], credentialsFile: "/nonexistent")
        config.requestTimeout = 5
        config.retry = RetryPolicy(maxRetries: 1, backoffFactor: 0.01, jitter: 0)
        return try HTTPTransport(configuration: config, errorBodyBytes: Self.limit)
    }

    func expectServerError(_ error: (any Error)?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard case let .server(status, _, message)? = error as? MLflowError else {
            Issue.record("not the server's error: \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(status == 500, sourceLocation: sourceLocation)
        #expect(message.hasPrefix("upstream exploded: xxx"), "\(message.prefix(80))", sourceLocation: sourceLocation)
    }

    @Test func aHugeErrorBodyIsTheServersError() async throws {
        let server = try await FaultServer { _, _ in .respond(status: 500, body: Self.body) }
        let http = try transport(server)
        // Larger than both the error-body limit and the response limit of the request.
        let sent = await #expect(throws: (any Error).self) { try await http.send(.GET, "/api/2.0/mlflow/experiments/search", maxBytes: 1_024) }
        expectServerError(sent)
        let folder = try Fixtures.scratch("rest-error-body")
        let downloaded = await #expect(throws: (any Error).self) { try await http.download("/get-artifact", to: folder + "/file") }
        expectServerError(downloaded)
        let file = folder + "/upload.txt"
        try Data("hello".utf8).write(to: URL(fileURLWithPath: file))
        let uploaded = await #expect(throws: (any Error).self) { try await http.upload("/put", file: file, contentType: "text/plain") }
        expectServerError(uploaded)
        // Each was an HTTP 500, retried once as MLflow retries a 500.
        #expect(server.requests.count == 6)
        await http.shutdown()
        await server.stop()
    }
}
