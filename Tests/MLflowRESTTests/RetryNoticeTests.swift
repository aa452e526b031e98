import Foundation
import MLflowCore
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import TestFixtures
import Testing
@testable import MLflowREST

/// A port on the loopback that nothing listens on: a server bound to it and closed again.
func closedPort() async throws -> Int {
    let server = try await FaultServer { _, _ in .close }
    await server.stop()
    return server.port
}

/// A store for `baseURL` with quick retries that records its retry notices.
func noticingStore(_ baseURL: String, retries: Int, timeout: Double = 2) throws -> (RESTStore, NIOLockedValueBox<[RetryNotice]>) {
    var config = try RESTConfiguration.fromEnvironment(baseURL: baseURL, environment: [:], credentialsFile: "/nonexistent")
    config.requestTimeout = timeout
    config.retry = RetryPolicy(maxRetries: retries, backoffFactor: 0.01, jitter: 0)
    let notices = NIOLockedValueBox<[RetryNotice]>([])
    let store = try RESTStore(configuration: config, onRetry: { notice in notices.withLockedValue { $0.append(notice) } })
    return (store, notices)
}

/// The transport error a request to `store` ends with.
func transportFailure(_ store: RESTStore) async -> String? {
    do {
        _ = try await store.searchExperiments(view: .all, maxResults: 1, pageToken: nil)
    } catch let error as MLflowError {
        if case .transport(let message) = error { return message }
        Issue.record("wrong error \(error)")
    } catch {
        Issue.record("wrong error \(error)")
    }
    return nil
}

@Suite("Retry notices and transport reasons") struct RetryNoticeTests {
    @Test func aRefusedConnectionIsNamedAtOnceWithTheServerAndTheAttempts() async throws {
        let port = try await closedPort()
        let (store, notices) = try noticingStore("http://me:hunter2@127.0.0.1:\(port)/", retries: 2)
        let clock = ContinuousClock()
        let started = clock.now
        let failure = await transportFailure(store)
        #expect(clock.now - started < .seconds(10))
        let server = "http://127.0.0.1:\(port)"
        #expect(failure == "connection refused: \(server) (gave up after 3 attempts)")
        #expect(MLflowError.transport(failure ?? "").description == "connection failed: connection refused: \(server) (gave up after 3 attempts)")
        let seen = notices.withLockedValue { $0 }
        #expect(seen.map(\.retry) == [1, 2])
        #expect(seen.map(\.attempt) == [2, 3])
        let first = try #require(seen.first)
        #expect(first.maxRetries == 2)
        #expect(first.maxAttempts == 3)
        #expect(first.delaySeconds == 0)
        #expect(first.reason == "connection refused")
        #expect(first.server == server)
        #expect(first.sentence == "connection refused: \(server) (retrying, attempt 2 of 3)")
        #expect(!seen.contains { $0.sentence.contains("hunter2") })
        await store.close()
    }

    @Test func theFirstNoticeComesBeforeAnyWait() async throws {
        let port = try await closedPort()
        var config = try RESTConfiguration.fromEnvironment(baseURL: "http://127.0.0.1:\(port)", environment: [:], credentialsFile: "/nonexistent")
        config.retry = RetryPolicy(maxRetries: 7, backoffFactor: 30, jitter: 0)
        let clock = ContinuousClock()
        let started = clock.now
        let firstNotice = NIOLockedValueBox<(RetryNotice, Duration)?>(nil)
        let store = try RESTStore(configuration: config, onRetry: { notice in
            firstNotice.withLockedValue { if $0 == nil { $0 = (notice, clock.now - started) } }
        })
        let task = Task { try await store.searchExperiments(view: .all, maxResults: 1, pageToken: nil) }
        // The second retry would wait 60 s: the first notice must be here long before that.
        for _ in 0..<100 where firstNotice.withLockedValue({ $0 == nil }) { try await Task.sleep(for: .milliseconds(50)) }
        task.cancel()
        _ = await task.result
        let (notice, after) = try #require(firstNotice.withLockedValue { $0 })
        #expect(after < .seconds(2))
        #expect(notice.sentence == "connection refused: http://127.0.0.1:\(port) (retrying, attempt 2 of 8)")
        await store.close()
    }

    @Test func aHostNameThatDoesNotResolveIsNamed() async throws {
        let (store, _) = try noticingStore("http://no-such-host.invalid:5000", retries: 0)
        #expect(await transportFailure(store) == "host not found: no-such-host.invalid: http://no-such-host.invalid:5000")
        await store.close()
    }

    @Test func localhostGoesThroughEveryAddressAndStillSaysRefused() async throws {
        let port = try await closedPort()
        let (store, _) = try noticingStore("http://localhost:\(port)", retries: 0)
        #expect(await transportFailure(store) == "connection refused: http://localhost:\(port)")
        await store.close()
    }

    @Test func aServerThatHangsUpOrCutsTheAnswerShortIsNamed() async throws {
        let closing = try await FaultServer { _, _ in .close }
        let (first, notices) = try noticingStore(closing.url, retries: 1)
        let closed = await transportFailure(first)
        #expect(closed?.hasPrefix("connection closed by the server before the response was complete: \(closing.url)") == true, "\(closed ?? "")")
        #expect(notices.withLockedValue { $0.map(\.reason) } == ["connection closed by the server before the response was complete"])
        await first.close()
        await closing.stop()

        let truncating = try await FaultServer { _, _ in .truncate(declared: 5_000, body: "{\"experiments\": [") }
        let (second, _) = try noticingStore(truncating.url, retries: 0)
        #expect(await transportFailure(second) == "connection closed by the server before the response was complete: \(truncating.url)")
        await second.close()
        await truncating.stop()
    }

    @Test func aTimeoutSaysSo() async throws {
        let server = try await FaultServer { _, _ in .hang }
        let (store, notices) = try noticingStore(server.url, retries: 1, timeout: 0.3)
        #expect(await transportFailure(store) == "timed out: \(server.url) (gave up after 2 attempts)")
        #expect(notices.withLockedValue { $0.map(\.reason) } == ["timed out"])
        await store.close()
        await server.stop()
    }

    @Test func tlsFailuresGiveTheirReasonAndAreNotRetried() async throws {
        // A plain HTTP server spoken to over TLS.
        let server = try await FaultServer { _, _ in .respond(status: 200, body: "{}") }
        let (store, notices) = try noticingStore("https://127.0.0.1:\(server.port)", retries: 3)
        let failure = await transportFailure(store)
        #expect(failure?.hasPrefix("TLS handshake failed: ") == true, "\(failure ?? "")")
        #expect(failure?.hasSuffix(": https://127.0.0.1:\(server.port)") == true)
        #expect(failure?.contains("BoringSSL") == false)
        #expect(failure?.contains("(") == false)
        #expect(notices.withLockedValue { $0.isEmpty })
        await store.close()
        await server.stop()
    }

    @Test func anUnknownCertificateAuthorityIsNamedAsSuch() async throws {
        let pki = try await onOwnThread { try TestPKI.make() }
        let server = try await FaultServer(tls: try pki.serverTLS(requireClientCert: false)) { _, _ in .respond(status: 200, body: "{}") }
        let (store, notices) = try noticingStore(server.url, retries: 3)
        #expect(await transportFailure(store) == "TLS handshake failed: certificate verify failed: \(server.url)")
        #expect(notices.withLockedValue { $0.isEmpty })
        await store.close()
        await server.stop()
    }

    @Test func retriedStatusesAreNamedWithTheirPhrase() async throws {
        let server = try await FaultServer { _, index in
            index == 0 ? .respond(status: 503, body: "") : .respond(status: 200, body: #"{"experiments": []}"#)
        }
        let (store, notices) = try noticingStore(server.url, retries: 2)
        _ = try await store.searchExperiments(view: .all, maxResults: 1, pageToken: nil)
        #expect(notices.withLockedValue { $0.map(\.sentence) } == ["HTTP 503 Service Unavailable: \(server.url) (retrying, attempt 2 of 3)"])
        await store.close()
        await server.stop()
    }

    @Test func socketErrorsAndTypeNamesBecomeWords() {
        #expect(TransportFailure.describe(IOError(errnoCode: ECONNREFUSED, reason: "connect")) == "connection refused")
        #expect(TransportFailure.describe(IOError(errnoCode: ECONNRESET, reason: "read")) == "connection reset by the server")
        #expect(TransportFailure.describe(IOError(errnoCode: EHOSTUNREACH, reason: "connect")) == "host unreachable")
        #expect(TransportFailure.describe(HTTPParserError.invalidEOFState) == TransportFailure.closedEarly)
        #expect(TransportFailure.describe(ChannelError.connectTimeout(.seconds(10))) == "connect timed out")
        #expect(TransportFailure.words("Some.Module.someThingFailed(42)") == "some thing failed")
        #expect(TransportFailure.words("plain words") == "plain words")
        #expect(TransportFailure.reasonCode("Error: 268435581 error:1000007d:SSL routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at /x/handshake.cc:1")
                    == "certificate verify failed")
    }
}

@Suite("HTTP error answers") struct ErrorAnswerTests {
    func answer(_ status: Int, _ body: String) -> ErrorAnswer { ErrorAnswer(status: status, body: Data(body.utf8)) }

    @Test func mlflowsOwnMessageIsKept() {
        #expect(answer(400, #"{"error_code": "INVALID_PARAMETER_VALUE", "message": " bad filter\n"}"#)
                    == ErrorAnswer(code: "INVALID_PARAMETER_VALUE", message: "bad filter"))
    }

    @Test func fastAPIDetailsReadAsText() {
        #expect(answer(400, #"{"detail": "Artifact path refers to a directory"}"#).message == "Artifact path refers to a directory")
        let list = answer(422, #"{"detail": [{"loc": ["query", "path"], "msg": "field required", "type": "missing"}]}"#)
        #expect(list.message == "query.path: field required")
        #expect(list.code == "UNPROCESSABLE_ENTITY")
    }

    @Test func aProxysPageGivesItsTitleAndAnEmptyBodyThePhrase() {
        let page = "<html>\n<head><title>502 Bad Gateway</title></head>\n<body><center><h1>502 Bad Gateway</h1></center></body></html>"
        #expect(answer(502, page) == ErrorAnswer(code: "BAD_GATEWAY", message: "502 Bad Gateway"))
        #expect(answer(503, "").message == "Service Unavailable")
        #expect(answer(500, "  line one\n\n  line two ").message == "line one line two")
        #expect(answer(500, "<p>no <b>title</b></p>").message == "no title")
        #expect(answer(500, String(repeating: "x", count: 1000)).message.count == ErrorAnswer.maxPlainLength + 1)
        #expect(answer(404, #"{"error_code": "RESOURCE_DOES_NOT_EXIST", "message": ""}"#).message == "Not Found")
    }
}
