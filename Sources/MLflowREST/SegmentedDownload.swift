import AsyncHTTPClient
import Foundation
import MLflowCore
import NIOCore
import NIOHTTP1
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A large file fetched in several ranges at once.
///
/// The download starts as one GET, as always. When its answer announces `Accept-Ranges: bytes`
/// and a `Content-Length` of at least `minimumBytes` (and no content coding), the body is cut into
/// `segments` ranges: the first answer keeps the first range (and is closed there), and each other
/// range is asked for at once with a `Range` header. Every range must come back as
/// `206 Partial Content` with exactly the `Content-Range` asked for; a server that answers
/// otherwise is fetched again with one plain request. Each range is written at its own offset
/// of the one file, so nothing is ever assembled in memory.
///
/// MLflow's proxied artifact route (Starlette's `FileResponse`) and `/get-artifact` (Flask's
/// `send_file`) both answer ranges, and a server with several workers then sends a file faster
/// than one connection does.
struct SegmentPlan: Sendable, Equatable {
    /// Files smaller than this are fetched in one request.
    static let minimumBytes: Int64 = 16 << 20
    /// No range is smaller than this.
    static let minimumSegment: Int64 = 4 << 20

    let length: Int64
    /// `bounds[i] ..< bounds[i + 1]` is range `i`.
    let bounds: [Int64]

    /// The plan for an answer's headers, or nil when the file is fetched in one request.
    init?(status: HTTPResponseStatus, headers: HTTPHeaders, segments: Int) {
        guard segments > 1, status == .ok,
              headers[canonicalForm: "accept-ranges"].contains(where: { $0.lowercased() == "bytes" }),
              headers[canonicalForm: "content-encoding"].allSatisfy({ $0.lowercased() == "identity" }),
              let lengthText = headers.first(name: "content-length"),
              let length = Int64(lengthText.trimmingCharacters(in: .whitespaces)), length >= SegmentPlan.minimumBytes else {
            return nil
        }
        let count = Int(min(Int64(segments), length / SegmentPlan.minimumSegment))
        guard count > 1 else { return nil }
        self.length = length
        bounds = (0...count).map { Int64($0) * length / Int64(count) }
    }

    /// The `Content-Range` a server must answer for range `index`.
    func contentRange(_ index: Int) -> String { "bytes \(bounds[index])-\(bounds[index + 1] - 1)/\(length)" }
}

/// Thrown when a server does not answer a range as asked: the file is fetched in one request.
struct RangesRefused: Error {}

/// A file written at offsets, by one answer or by several ranges at once.
final class OutputFile: Sendable {
    let descriptor: Int32
    let path: String

    /// Creates (or empties) the file.
    init(creating path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw MLflowError.storage("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    func write(_ buffer: ByteBuffer, at offset: Int64) throws {
        try buffer.withUnsafeReadableBytes { raw in
            guard let base = raw.baseAddress else { return }
            var done = 0
            while done < raw.count {
                let written = pwrite(descriptor, base + done, raw.count - done, off_t(offset) + off_t(done))
                if written < 0 {
                    if errno == EINTR { continue }
                    throw MLflowError.storage("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                done += written
            }
        }
    }

    /// Writes a body from `start`, stopping at `end` (the rest of the answer is left unread and
    /// the request closed); returns the bytes written.
    func write(_ body: HTTPClientResponse.Body, from start: Int64 = 0, upTo end: Int64? = nil) async throws -> Int64 {
        var offset = start
        for try await chunk in body {
            var piece = chunk
            if let end, Int64(piece.readableBytes) > end - offset {
                piece = piece.getSlice(at: piece.readerIndex, length: Int(end - offset)) ?? ByteBuffer()
            }
            try write(piece, at: offset)
            offset += Int64(piece.readableBytes)
            if let end, offset >= end { break }
        }
        return offset - start
    }
}

extension HTTPTransport {
    /// Streams a GET answer to `destination`, in ranges at once when it is large (`SegmentPlan`);
    /// returns the bytes written. Retried as a whole like any request. When the caller knows the
    /// file is smaller than ranges are worth (`expectedBytes`, from a listing), it comes in one
    /// request written as it arrives (`downloadWhole`); a wrong guess costs nothing but the ranges.
    public func download(_ path: String, query: [(String, String)] = [], to destination: String,
                         expectedBytes: Int64? = nil) async throws -> Int64 {
        let target = url(path, query: query)
        let segments = configuration.downloadSegments
        if segments <= 1 || (expectedBytes.map { $0 < SegmentPlan.minimumBytes } ?? false) {
            return try await downloadWhole(target, to: destination)
        }
        return try await withRetries(method: .GET, url: target) {
            let response = try await self.client.execute(self.makeRequest(.GET, target), timeout: self.headTimeout)
            guard HTTPTransport.isSuccess(response) else { return try await self.failure(response) }
            let file = try OutputFile(creating: destination)
            if let plan = SegmentPlan(status: response.status, headers: response.headers, segments: segments) {
                do {
                    return .done(try await self.fetch(plan, first: response, target: target, into: file))
                } catch is RangesRefused {
                    let again = try await self.client.execute(self.makeRequest(.GET, target), timeout: self.headTimeout)
                    guard HTTPTransport.isSuccess(again) else { return try await self.failure(again) }
                    return .done(try await OutputFile(creating: destination).write(again.body))
                }
            }
            return .done(try await file.write(response.body))
        }
    }

    /// The ranges of `plan` at once: the first from the answer already open, the others asked for.
    private func fetch(_ plan: SegmentPlan, first: HTTPClientResponse, target: String, into file: OutputFile) async throws -> Int64 {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 1..<(plan.bounds.count - 1) {
                let from = plan.bounds[index], to = plan.bounds[index + 1]
                group.addTask {
                    var request = self.makeRequest(.GET, target)
                    request.headers.add(name: "Range", value: "bytes=\(from)-\(to - 1)")
                    let response = try await self.client.execute(request, timeout: self.headTimeout)
                    let answered = response.headers.first(name: "content-range")?.trimmingCharacters(in: .whitespaces).lowercased()
                    guard response.status == .partialContent, answered == plan.contentRange(index) else { throw RangesRefused() }
                    guard try await file.write(response.body, from: from, upTo: to) == to - from else {
                        throw HTTPClientError.remoteConnectionClosed
                    }
                }
            }
            guard try await file.write(first.body, from: 0, upTo: plan.bounds[1]) == plan.bounds[1] else {
                throw HTTPClientError.remoteConnectionClosed
            }
            try await group.waitForAll()
        }
        return plan.length
    }
}
