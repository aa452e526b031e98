import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A request as the fault server saw it.
public struct RecordedRequest: Sendable {
    public var method: String
    public var uri: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What the fault server does with one request.
public enum FaultAction: Sendable {
    case respond(status: Int, headers: [(String, String)] = [], body: String)
    /// Never answers.
    case hang
    /// Promises `declared` bytes, sends `body`, closes the connection.
    case truncate(declared: Int, body: String)
    /// Answers `status` with `headers`, promises `declared` bytes, sends `body`, closes the connection.
    case cut(status: Int, headers: [(String, String)], declared: Int, body: String)
    /// Sends `total` bytes of `byte`, in 1 MB writes that wait for the previous one.
    case stream(total: Int, byte: UInt8)
    /// Closes the connection without answering.
    case close
}

/// A small HTTP server for faults a real MLflow server will not produce on demand:
/// 5xx then success, 429 with Retry-After, hangs, truncated or huge or hostile bodies.
public final class FaultServer: Sendable {
    public let port: Int
    private let channel: Channel
    private let log: NIOLockedValueBox<[RecordedRequest]>

    private let scheme: String
    public var url: String { "\(scheme)://127.0.0.1:\(port)" }
    public var requests: [RecordedRequest] { log.withLockedValue { $0 } }

    /// Starts on a free loopback port; `respond` gets each request and its 0-based index.
    public init(tls: TLSConfiguration? = nil, _ respond: @escaping @Sendable (RecordedRequest, Int) -> FaultAction) async throws {
        let log = NIOLockedValueBox<[RecordedRequest]>([])
        self.log = log
        let sslContext = try tls.map { try NIOSSLContext(configuration: $0) }
        scheme = tls == nil ? "http" : "https"
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                if let sslContext {
                    do {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(FaultHandler(log: log, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    public func stop() async {
        try? await channel.close()
    }
}

private final class FaultHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let log: NIOLockedValueBox<[RecordedRequest]>
    let respond: @Sendable (RecordedRequest, Int) -> FaultAction
    var current: RecordedRequest?

    init(log: NIOLockedValueBox<[RecordedRequest]>, respond: @escaping @Sendable (RecordedRequest, Int) -> FaultAction) {
        self.log = log
        self.respond = respond
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            current = RecordedRequest(method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) }, body: [])
        case .body(var buffer):
            current?.body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let request = current else { return }
            current = nil
            let index = log.withLockedValue { entries in
                entries.append(request)
                return entries.count - 1
            }
            act(respond(request, index), context: context)
        }
    }

    private func head(_ status: Int, _ headers: [(String, String)], length: Int) -> HTTPServerResponsePart {
        var fields = HTTPHeaders(headers)
        fields.replaceOrAdd(name: "Content-Length", value: String(length))
        return .head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields))
    }

    private func act(_ action: FaultAction, context: ChannelHandlerContext) {
        switch action {
        case let .respond(status, headers, body):
            let bytes = Array(body.utf8)
            context.write(wrapOutboundOut(head(status, headers, length: bytes.count)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: bytes)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case .hang:
            break
        case let .truncate(declared, body):
            act(.cut(status: 200, headers: [("Content-Type", "application/json")], declared: declared, body: body), context: context)
        case let .cut(status, headers, declared, body):
            context.write(wrapOutboundOut(head(status, headers, length: declared)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: Array(body.utf8))))), promise: nil)
            context.close(promise: nil)
        case let .stream(total, byte):
            context.writeAndFlush(wrapOutboundOut(head(200, [("Content-Type", "application/octet-stream")], length: total)), promise: nil)
            writeChunks(remaining: total, byte: byte, context: context)
        case .close:
            context.close(promise: nil)
        }
    }

    private func writeChunks(remaining: Int, byte: UInt8, context: ChannelHandlerContext) {
        guard remaining > 0 else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        let size = min(remaining, 1 << 20)
        let buffer = ByteBuffer(repeating: byte, count: size)
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer)))).whenSuccess { [self] in
            self.writeChunks(remaining: remaining - size, byte: byte, context: loopBound.value)
        }
    }
}
