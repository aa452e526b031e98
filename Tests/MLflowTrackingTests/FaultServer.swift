import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A request as the fault server saw it.
struct RecordedRequest: Sendable {
    var method: String
    var uri: String
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// What the fault server does with one request.
enum FaultAction: Sendable {
    case respond(status: Int, headers: [(String, String)] = [], body: String)
    /// Closes the connection without answering.
    case close
}

/// A small HTTP server standing in for an MLflow server that fails for a while or for good
/// (trimmed from the REST tests' fault server).
final class FaultServer: Sendable {
    let port: Int
    private let channel: Channel
    private let log: NIOLockedValueBox<[RecordedRequest]>

    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [RecordedRequest] { log.withLockedValue { $0 } }

    /// Starts on a free loopback port; `respond` gets each request and its 0-based index.
    init(_ respond: @escaping @Sendable (RecordedRequest, Int) -> FaultAction) async throws {
        let log = NIOLockedValueBox<[RecordedRequest]>([])
        self.log = log
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                return channel.pipeline.configureHTTPServerPipeline().flatMap {
                    channel.pipeline.addHandler(FaultHandler(log: log, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    func stop() async {
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
        case .close:
            context.close(promise: nil)
        }
    }
}
