import AsyncHTTPClient
import Foundation
import MLflowCore
import NIOCore
import NIOHTTP1
import Synchronization

/// Writes one answer's body to a file as its parts arrive, on the connection's event loop.
///
/// The streaming API hands every part (and the head, and the end) from the event loop to a task
/// and back; for a folder of many small files those hand-overs between threads cost more than the
/// files. Here the caller waits once, for the whole answer. The file is created when a successful
/// head arrives (an error answer creates nothing, as with the streaming path); an error answer's
/// body is kept up to `errorBodyBytes` to name the error. Large files that may come in ranges
/// (`SegmentPlan`) take the streaming path instead: see `HTTPTransport.download`.
final class WholeFileWriter: HTTPClientResponseDelegate {
    typealias Response = HTTPTransport.Outcome<Int64>

    private struct State {
        var head: HTTPResponseHead?
        var file: OutputFile?
        var written: Int64 = 0
        var errorBody = Data()
    }

    let destination: String
    let errorBodyBytes: Int
    // AsyncHTTPClient calls a delegate on one event loop at a time; the lock is never contended.
    private let state = Mutex(State())

    init(destination: String, errorBodyBytes: Int) {
        self.destination = destination
        self.errorBodyBytes = errorBodyBytes
    }

    func didReceiveHead(task: HTTPClient.Task<Response>, _ head: HTTPResponseHead) -> EventLoopFuture<Void> {
        do {
            try state.withLock { state in
                state.head = head
                if HTTPTransport.isSuccess(head.status) { state.file = try OutputFile(creating: destination) }
            }
            return task.eventLoop.makeSucceededVoidFuture()
        } catch {
            return task.eventLoop.makeFailedFuture(error)
        }
    }

    func didReceiveBodyPart(task: HTTPClient.Task<Response>, _ buffer: ByteBuffer) -> EventLoopFuture<Void> {
        do {
            try state.withLock { state in
                if let file = state.file {
                    try file.write(buffer, at: state.written)
                    state.written += Int64(buffer.readableBytes)
                } else if state.errorBody.count < errorBodyBytes {
                    state.errorBody.append(contentsOf: buffer.readableBytesView.prefix(errorBodyBytes - state.errorBody.count))
                }
            }
            return task.eventLoop.makeSucceededVoidFuture()
        } catch {
            return task.eventLoop.makeFailedFuture(error)
        }
    }

    func didFinishRequest(task: HTTPClient.Task<Response>) throws -> Response {
        try state.withLock { state in
            guard let head = state.head else { throw HTTPClientError.remoteConnectionClosed }
            guard state.file != nil else { return .failed(head.status, head.headers, state.errorBody) }
            state.file = nil  // closes it
            return .done(state.written)
        }
    }
}

extension HTTPTransport {
    /// GETs `path` into `destination` in one request, its parts written as they arrive (see
    /// `WholeFileWriter`); returns the bytes written. Retried as a whole like any request; a failure
    /// mid-body is reported with the bytes that had arrived.
    func downloadWhole(_ target: String, to destination: String) async throws -> Int64 {
        try await withRetries(method: .GET, url: target) { () async throws -> Outcome<Int64> in
            let request = try HTTPClient.Request(url: target, method: .GET, headers: self.makeRequest(.GET, target).headers)
            let writer = WholeFileWriter(destination: destination, errorBodyBytes: self.errorBodyBytes)
            let task = self.client.execute(request: request, delegate: writer)
            return try await withTaskCancellationHandler {
                try await task.get()
            } onCancel: {
                task.cancel()
            }
        }
    }
}
