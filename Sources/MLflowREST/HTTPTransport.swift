import AsyncHTTPClient
import Foundation
import Logging
import MLflowCore
import NIOCore
import NIOHTTP1
import NIOSSL

/// Sends requests to one MLflow server: URLs, auth headers, TLS, timeouts, retries and error mapping.
///
/// Owns an `HTTPClient`; call `shutdown()` when done.
public final class HTTPTransport: Sendable {
    /// The largest JSON response accepted (a 1,000-run page is a few MB).
    public static let maxJSONResponseBytes = 256 << 20

    /// How much of an error answer's body is kept by default: its start names the error.
    public static let defaultErrorBodyBytes = 1 << 20

    public let configuration: RESTConfiguration
    /// How much of an error answer's body is read; the rest is left unread, never a failure.
    let errorBodyBytes: Int
    let client: HTTPClient
    let logger: Logger
    let onRetry: (@Sendable (RetryNotice) -> Void)?

    public init(configuration: RESTConfiguration, logger: Logger = Logger(label: "runboard.http"),
                onRetry: (@Sendable (RetryNotice) -> Void)? = nil, errorBodyBytes: Int = HTTPTransport.defaultErrorBodyBytes) throws {
        self.configuration = configuration
        self.errorBodyBytes = max(0, errorBodyBytes)
        self.logger = logger
        self.onRetry = onRetry
        var tls = TLSConfiguration.makeClientConfiguration()
        if configuration.insecureTLS { tls.certificateVerification = .none }
        if let ca = configuration.serverCertPath {
            guard FileManager.default.isReadableFile(atPath: ca) else {
                throw MLflowError.invalidArgument("MLFLOW_TRACKING_SERVER_CERT_PATH: cannot read '\(ca)'")
            }
            tls.trustRoots = .file(ca)
        }
        if let pem = configuration.clientCertPath {
            do {
                let certs = try NIOSSLCertificate.fromPEMFile(pem)
                tls.certificateChain = certs.map { .certificate($0) }
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: pem, format: .pem))
            } catch {
                throw MLflowError.invalidArgument(
                    "MLFLOW_TRACKING_CLIENT_CERT_PATH: '\(pem)' must be a PEM file with the client certificate and its private key (\(error))")
            }
        }
        var config = HTTPClient.Configuration(
            tlsConfiguration: tls,
            redirectConfiguration: .follow(max: 5, allowCycles: false),
            timeout: .init(connect: .seconds(10), read: HTTPTransport.milliseconds(configuration.requestTimeout)),
            decompression: .enabled(limit: .ratio(100))
        )
        config.connectionPool = .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        // A refused connection fails at once; RetryPolicy decides about trying again, as MLflow does.
        config.connectionPool.retryConnectionEstablishment = false
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    deinit {
        client.shutdown { _ in }
    }

    /// Closes the connections.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// The URL of `path` (which starts with `/`) under the base URL, with query parameters.
    public func url(_ path: String, query: [(String, String)] = []) -> String {
        var url = configuration.baseURL + path
        if !query.isEmpty {
            url += "?" + query.map { "\(PercentEncoding.queryComponent($0.0))=\(PercentEncoding.queryComponent($0.1))" }
                .joined(separator: "&")
        }
        return url
    }

    /// Sends a request and returns the status, headers and whole body (at most `maxBytes`),
    /// retrying as MLflow's client does. Non-2xx answers are thrown as `MLflowError`.
    public func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)] = [], json body: Data? = nil,
        maxBytes: Int = HTTPTransport.maxJSONResponseBytes
    ) async throws -> Data {
        let target = url(path, query: query)
        return try await withRetries(method: method, url: target) {
            var request = self.makeRequest(method, target)
            if let body {
                request.headers.add(name: "Content-Type", value: "application/json")
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await self.client.execute(request, timeout: self.headTimeout)
            guard HTTPTransport.isSuccess(response) else { return try await self.failure(response) }
            let buffer: ByteBuffer
            do {
                buffer = try await response.body.collect(upTo: maxBytes)
            } catch is NIOTooManyBytesError {
                throw MLflowError.malformedResponse("response to \(method) \(path) is larger than \(maxBytes >> 20) MB")
            }
            return .done(Data(buffer.readableBytesView))
        }
    }

    /// GETs `path` and hands the body to `consume` chunk by chunk until it ends or `consume`
    /// returns false (the rest is not read). Retried like any request until the first byte has been
    /// handed over; a failure after that is reported, never retried (the consumer has the start).
    public func stream(_ path: String, query: [(String, String)] = [],
                       consume: @escaping @Sendable (Data) throws -> Bool) async throws {
        let target = url(path, query: query)
        try await withRetries(method: .GET, url: target) { () async throws -> Outcome<Void> in
            let response = try await self.client.execute(self.makeRequest(.GET, target), timeout: self.headTimeout)
            guard HTTPTransport.isSuccess(response) else { return try await self.failure(response) }
            var delivered: Int64 = 0
            do {
                for try await chunk in response.body {
                    delivered += Int64(chunk.readableBytes)
                    if !(try consume(Data(chunk.readableBytesView))) { break }
                }
            } catch let error where delivered > 0 && !(error is MLflowError) && !(error is CancellationError) {
                throw MLflowError.transport(
                    "\(TransportFailure.describe(error)) after \(delivered) bytes: \(TrackingLocation.redactingCredentials(target))")
            }
            return .done(())
        }
    }

    /// Sends a file as the body of a PUT (artifact upload), streamed from disk.
    public func upload(_ path: String, file: String, contentType: String) async throws {
        let target = url(path)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file),
              let size = (attributes[.size] as? NSNumber)?.int64Value else {
            throw MLflowError.storage("cannot read \(file)")
        }
        _ = try await withRetries(method: .PUT, url: target) { () async throws -> Outcome<Void> in
            guard let handle = FileHandle(forReadingAtPath: file) else { throw MLflowError.storage("cannot read \(file)") }
            defer { try? handle.close() }
            var request = self.makeRequest(.PUT, target)
            request.headers.add(name: "Content-Type", value: contentType)
            let chunks = FileChunks(handle: handle)
            request.body = .stream(chunks, length: .known(size))
            let response = try await self.client.execute(request, timeout: self.uploadTimeout(size))
            guard HTTPTransport.isSuccess(response) else { return try await self.failure(response) }
            for try await _ in response.body {}
            return .done(())
        }
    }

    /// The result of one attempt: done, or an HTTP error answer to retry or report.
    enum Outcome<T: Sendable>: Sendable {
        case done(T)
        case failed(HTTPResponseStatus, HTTPHeaders, Data)
    }

    static func isSuccess(_ response: HTTPClientResponse) -> Bool { isSuccess(response.status) }

    static func isSuccess(_ status: HTTPResponseStatus) -> Bool { (200..<300).contains(Int(status.code)) }

    /// An error answer with the start of its body (at most `errorBodyBytes`). A longer body is not
    /// an error of its own: it is cut, not collected with a limit that would throw and turn the
    /// server's answer into a transport failure (retried, and then reported without the server's words).
    func failure<T: Sendable>(_ response: HTTPClientResponse) async throws -> Outcome<T> {
        var kept = Data()
        for try await chunk in response.body {
            kept.append(contentsOf: chunk.readableBytesView.prefix(errorBodyBytes - kept.count))
            if kept.count >= errorBodyBytes { break }
        }
        return .failed(response.status, response.headers, kept)
    }

    var headTimeout: TimeAmount { HTTPTransport.milliseconds(configuration.requestTimeout) }

    private func uploadTimeout(_ size: Int64) -> TimeAmount {
        // The request must complete within the timeout plus a second per 10 MB.
        HTTPTransport.milliseconds(configuration.requestTimeout + Double(size) / 10_000_000)
    }

    /// Seconds as a `TimeAmount`.
    static func milliseconds(_ seconds: Double) -> TimeAmount { .milliseconds(wholeMilliseconds(seconds)) }

    /// Seconds as whole milliseconds, kept between 0 and 10^7 s so that no value set in code
    /// (NaN, infinity, 1e300) can trap the conversion.
    static func wholeMilliseconds(_ seconds: Double) -> Int64 {
        guard !seconds.isNaN else { return 0 }
        return Int64((min(max(0, seconds), 1e7) * 1000).rounded())
    }

    func makeRequest(_ method: HTTPMethod, _ url: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "User-Agent", value: "runboard/\(RunboardVersion.current)")
        request.headers.add(name: "Accept", value: "application/json")
        if let auth = configuration.authorizationHeader { request.headers.add(name: "Authorization", value: auth) }
        if let workspace = configuration.workspace { request.headers.add(name: "X-MLFLOW-WORKSPACE", value: workspace) }
        return request
    }

    /// Runs `attempt` until it gives a non-retried answer or the retries run out.
    func withRetries<T: Sendable>(
        method: HTTPMethod, url: String,
        _ attempt: @Sendable () async throws -> Outcome<T>
    ) async throws -> T {
        let policy = configuration.retry
        var retry = 0
        let display = TrackingLocation.redactingCredentials(url)
        let server = TrackingLocation.redactingCredentials(configuration.baseURL)
        while true {
            try Task.checkCancellation()
            let started = ContinuousClock.now
            let reason: String
            var retryAfter: String?
            do {
                switch try await attempt() {
                case .done(let value):
                    logger.debug("\(method) \(display) done in \(ContinuousClock.now - started)")
                    return value
                case let .failed(status, headers, body):
                    let code = Int(status.code)
                    logger.debug("\(method) \(display) -> \(code) in \(ContinuousClock.now - started)")
                    guard RetryPolicy.retriedStatuses.contains(code), retry < policy.maxRetries else {
                        throw errorFor(status: code, body: body)
                    }
                    reason = "HTTP \(code) \(status.reasonPhrase)"
                    retryAfter = headers.first(name: "Retry-After")
                }
            } catch let error as MLflowError {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as HTTPClientError where error == .cancelled {
                throw CancellationError()
            } catch {
                if Task.isCancelled { throw CancellationError() }
                let description = TransportFailure.describe(error)
                logger.debug("\(method) \(display) failed: \(description) (\(String(reflecting: error)))")
                guard retry < policy.maxRetries, TransportFailure.isRetriable(error) else {
                    let attempts = retry + 1
                    throw MLflowError.transport(
                        "\(description): \(server)" + (attempts > 1 ? " (gave up after \(attempts) attempts)" : ""))
                }
                reason = description
            }
            retry += 1
            let delay = policy.delay(beforeRetry: retry, retryAfter: retryAfter)
            logger.info("retry \(retry)/\(policy.maxRetries) of \(method) \(display) in \(String(format: "%.1f", delay)) s: \(reason)")
            onRetry?(RetryNotice(retry: retry, maxRetries: policy.maxRetries, delaySeconds: delay, reason: reason, server: server))
            if delay > 0 { try await Task.sleep(for: .milliseconds(HTTPTransport.wholeMilliseconds(delay))) }
        }
    }

    /// The error for an HTTP error answer, with the server's own code and message (see `ErrorAnswer`).
    func errorFor(status: Int, body: Data) -> MLflowError {
        let answer = ErrorAnswer(status: status, body: body)
        let code = answer.code, message = answer.message
        if status == 401 || status == 403 {
            return .unauthorized(status: status, message: message, credentialsUsed: configuration.credentialSources)
        }
        if status == 404, code == "RESOURCE_DOES_NOT_EXIST" { return .notFound(message) }
        return .server(status: status, code: code, message: message)
    }
}

/// Reads a file in 1 MB chunks for a streamed request body.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let handle: FileHandle

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle
        mutating func next() async throws -> ByteBuffer? {
            let data = try handle.read(upToCount: 1 << 20) ?? Data()
            return data.isEmpty ? nil : ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(handle: handle) }
}
