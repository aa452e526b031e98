import Foundation
import MLflowCore
import Synchronization
import Testing
import TestFixtures
@testable import MLflowREST

/// Files the listing says are small come in one request, written as the parts arrive
/// (`WholeFileWriter`): against a server of the tests' own, whole files, error answers, a cut
/// answer and a retry, a hanging one (timed out, and cancelled).
@Suite struct WholeFileDownloadTests {
    static func destination() throws -> String {
        try Fixtures.scratch("whole-\(UUID().uuidString)") + "/file.part"
    }

    /// Numbered lines: a byte in the wrong place shows.
    static func lines(_ bytes: Int) -> String {
        var text = ""
        var line = 0
        while text.utf8.count < bytes {
            text += String(format: "line %09d\n", line)
            line += 1
        }
        return text
    }

    @Test func aSmallFileComesInOneRequestWrittenWhole() async throws {
        let body = Self.lines(300_000)
        let server = try await FaultServer { _, _ in .respond(status: 200, headers: [("Accept-Ranges", "bytes")], body: body) }
        let transport = try faultTransport(server)
        let out = try Self.destination()
        try await expectDownloaded(body, by: transport, to: out, expectedBytes: Int64(body.utf8.count))
        #expect(server.requests.count == 1 && server.requests.allSatisfy { $0.header("Range") == nil })
        await transport.shutdown()
        await server.stop()
    }

    @Test func aHintTooSmallStillGetsTheWholeFileInOneRequest() async throws {
        // The listing said 100 bytes; the file has grown past the size that would come in ranges.
        let body = Self.lines(17 << 20)
        let server = try await FaultServer { _, _ in .respond(status: 200, headers: [("Accept-Ranges", "bytes")], body: body) }
        let transport = try faultTransport(server)
        let out = try Self.destination()
        try await expectDownloaded(body, by: transport, to: out, expectedBytes: 100)
        #expect(server.requests.count == 1)
        await transport.shutdown()
        await server.stop()
    }

    @Test func aRedirectIsFollowedAndOnlyTheFileIsWritten() async throws {
        let body = Self.lines(50_000)
        let server = try await FaultServer { request, _ in
            request.uri == "/file" ? .respond(status: 302, headers: [("Location", "/elsewhere/file")], body: "moved") : .respond(status: 200, body: body)
        }
        let transport = try faultTransport(server)
        let out = try Self.destination()
        try await expectDownloaded(body, by: transport, to: out, expectedBytes: 50_000)
        #expect(server.requests.map(\.uri) == ["/file", "/elsewhere/file"])
        await transport.shutdown()
        await server.stop()
    }

    @Test func aDestinationThatCannotBeWrittenFailsAtOnceWithoutRetries() async throws {
        let server = try await FaultServer { _, _ in .respond(status: 200, body: "abc") }
        let transport = try faultTransport(server, retries: 3)
        let out = try Self.destination() + "/no/such/folder/file"
        do {
            _ = try await transport.download("/file", to: out, expectedBytes: 3)
            Issue.record("expected a storage error")
        } catch let error as MLflowError {
            guard case .storage(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("cannot write") && message.contains("no/such/folder"), "\(message)")
        }
        #expect(server.requests.count == 1, "a local failure is not the server's: no retry")
        await transport.shutdown()
        await server.stop()
    }

    @Test func anErrorAnswerCreatesNoFileAndNamesTheError() async throws {
        let longMessage = String(repeating: "x", count: 3 << 20)
        let server = try await FaultServer { request, _ in
            if request.uri.hasSuffix("/missing") {
                return .respond(status: 404, body: #"{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": "no such artifact: missing"}"#)
            }
            return .respond(status: 500, body: #"{"error_code": "INTERNAL_ERROR", "message": "disk on fire \#(longMessage)"}"#)
        }
        let transport = try faultTransport(server)
        let out = try Self.destination()
        do {
            _ = try await transport.download("/missing", to: out, expectedBytes: 10)
            Issue.record("expected not found")
        } catch let error as MLflowError {
            #expect(error == .notFound("no such artifact: missing"), "\(error)")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        // An error body longer than what is kept is cut, and its start still names the error.
        do {
            _ = try await transport.download("/broken", to: out, expectedBytes: 10)
            Issue.record("expected a server error")
        } catch let error as MLflowError {
            guard case .server(let status, _, let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(status == 500 && message.contains("disk on fire"), "\(message.prefix(100))")
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        await transport.shutdown()
        await server.stop()
    }

    @Test func aCutAnswerFailsAndARetryStartsTheFileAgain() async throws {
        let body = Self.lines(200_000)
        let cut = Mutex(true)
        let server = try await FaultServer { _, _ in
            let cutThisOne = cut.withLock { now in
                defer { now = false }
                return now
            }
            return cutThisOne ? .truncate(declared: body.utf8.count, body: String(body.prefix(70_000))) : .respond(status: 200, body: body)
        }
        let once = try faultTransport(server)
        let out = try Self.destination()
        await #expect(throws: MLflowError.self) { try await once.download("/file", to: out, expectedBytes: 200_000) }
        await once.shutdown()
        cut.withLock { $0 = true }
        // The second attempt writes the file from its start, not after the 70,000 bytes of the first.
        let retrying = try faultTransport(server, retries: 1)
        try await expectDownloaded(body, by: retrying, to: out, expectedBytes: 200_000)
        #expect(server.requests.count == 3)
        await retrying.shutdown()
        await server.stop()
    }

    @Test func aHangingDownloadTimesOutOrIsCancelled() async throws {
        let server = try await FaultServer { _, _ in .hang }
        let quick = try faultTransport(server, timeout: 0.5)
        let out = try Self.destination()
        let clock = ContinuousClock()
        let started = clock.now
        do {
            _ = try await quick.download("/file", to: out, expectedBytes: 10)
            Issue.record("expected a timeout")
        } catch let error as MLflowError {
            guard case .transport(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("timed out"), "\(message)")
        }
        #expect(clock.now - started < .seconds(20))
        await quick.shutdown()
        let patient = try faultTransport(server, retries: 5, timeout: 60)
        try await expectCancelledPromptly(Task { try await patient.download("/file", to: out, expectedBytes: 10) })
        #expect(!FileManager.default.fileExists(atPath: out))
        await patient.shutdown()
        await server.stop()
    }
}
