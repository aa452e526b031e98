import Foundation
import MLflowCore
import NIOSSL
import TestFixtures
import Testing
@testable import MLflowREST

/// A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl.
struct TestPKI {
    let dir: String
    var caCert: String { dir + "/ca.pem" }
    var serverCert: String { dir + "/server.pem" }
    var serverKey: String { dir + "/server.key" }
    /// Client certificate and key in one PEM, as MLFLOW_TRACKING_CLIENT_CERT_PATH takes it.
    var clientPEM: String { dir + "/client-combined.pem" }

    static func make() throws -> TestPKI {
        let dir = try Fixtures.scratch("pki-\(UUID().uuidString)")
        let script = """
        set -e
        cd '\(dir)'
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=runboard-test-ca 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\\n' > san.ext
        openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile san.ext 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout client.key -out client.csr -subj /CN=runboard-client 2>/dev/null
        openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out client.pem -days 2 2>/dev/null
        cat client.pem client.key > client-combined.pem
        """
        guard try ChildProgram.runBlocking("/bin/sh", ["-c", script]).status == 0 else {
            throw FixtureError.missing("openssl could not make test certificates")
        }
        return TestPKI(dir: dir)
    }

    func serverTLS(requireClientCert: Bool) throws -> TLSConfiguration {
        var tls = TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(serverCert).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: serverKey, format: .pem)))
        if requireClientCert {
            tls.certificateVerification = .noHostnameVerification
            tls.trustRoots = .file(caCert)
        }
        return tls
    }
}

@Suite("REST over TLS") struct TLSTests {
    let ok: @Sendable (RecordedRequest, Int) -> FaultAction = { _, _ in .respond(status: 200, body: #"{"experiments": []}"#) }

    func attempt(_ server: FaultServer, env: [String: String], retries: Int = 0) async throws {
        var config = try RESTConfiguration.fromEnvironment(baseURL: server.url, environment: env, credentialsFile: "/nonexistent")
        config.retry = RetryPolicy(maxRetries: retries, backoffFactor: 10, jitter: 0)
        config.requestTimeout = 5
        let store = try RESTStore(configuration: config)
        do {
            _ = try await store.searchExperiments(view: .all, maxResults: 1, pageToken: nil)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test func anUnknownCAIsRefusedAndNotRetried() async throws {
        let pki = try await onOwnThread { try TestPKI.make() }
        let server = try await FaultServer(tls: try pki.serverTLS(requireClientCert: false), ok)
        let clock = ContinuousClock()
        let started = clock.now
        // With retries allowed, a certificate failure is still reported at once (retries would wait 20 + 40 s).
        await #expect(throws: MLflowError.self) { try await attempt(server, env: [:], retries: 3) }
        #expect(clock.now - started < .seconds(15))
        #expect(server.requests.isEmpty)
        await server.stop()
    }

    @Test func aCABundleFromTheEnvironmentIsTrusted() async throws {
        let pki = try await onOwnThread { try TestPKI.make() }
        let server = try await FaultServer(tls: try pki.serverTLS(requireClientCert: false), ok)
        try await attempt(server, env: ["MLFLOW_TRACKING_SERVER_CERT_PATH": pki.caCert])
        #expect(server.requests.count == 1)
        await server.stop()
    }

    @Test func insecureTLSSkipsVerification() async throws {
        let pki = try await onOwnThread { try TestPKI.make() }
        let server = try await FaultServer(tls: try pki.serverTLS(requireClientCert: false), ok)
        try await attempt(server, env: ["MLFLOW_TRACKING_INSECURE_TLS": "true"])
        #expect(server.requests.count == 1)
        await server.stop()
    }

    @Test func aClientCertificateIsPresentedForMutualTLS() async throws {
        let pki = try await onOwnThread { try TestPKI.make() }
        let server = try await FaultServer(tls: try pki.serverTLS(requireClientCert: true), ok)
        await #expect(throws: MLflowError.self) {
            try await attempt(server, env: ["MLFLOW_TRACKING_SERVER_CERT_PATH": pki.caCert])
        }
        #expect(server.requests.isEmpty)
        try await attempt(server, env: ["MLFLOW_TRACKING_SERVER_CERT_PATH": pki.caCert, "MLFLOW_TRACKING_CLIENT_CERT_PATH": pki.clientPEM])
        #expect(server.requests.count == 1)
        await server.stop()
    }

    @Test func anUnreadableClientCertificateIsAClearError() throws {
        #expect(throws: MLflowError.self) {
            _ = try RESTStore(configuration: RESTConfiguration(baseURL: "https://127.0.0.1:1", clientCertPath: "/nonexistent.pem"))
        }
    }
}
