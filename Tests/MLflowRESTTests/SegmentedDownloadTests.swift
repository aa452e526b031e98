import Foundation
import MLflowCore
import NIOHTTP1
import Synchronization
import Testing
import TestFixtures
@testable import MLflowREST

/// Large files in several ranges at once, against a server of the tests' own: one that answers
/// ranges as asked, one that announces them and ignores them, one that answers the wrong range,
/// one that cuts a range short.
@Suite struct SegmentedDownloadTests {
    /// 17 MiB and a bit of numbered lines: a byte in the wrong place shows.
    static let body: String = {
        var text = ""
        var line = 0
        while text.utf8.count < (17 << 20) + 12_345 {
            text += String(format: "line %09d\n", line)
            line += 1
        }
        return text
    }()

    enum Behaviour: Sendable { case honest, ignoresRanges, wrongRange, cutsSecondRange, noAcceptRanges }

    static func server(_ behaviour: Behaviour) async throws -> FaultServer {
        let bytes = Array(body.utf8)
        return try await FaultServer { request, _ in
            let announce: [(String, String)] = behaviour == .noAcceptRanges ? [] : [("Accept-Ranges", "bytes")]
            guard let range = request.header("Range"), behaviour != .ignoresRanges else {
                return .respond(status: 200, headers: announce, body: body)
            }
            let bounds = range.dropFirst("bytes=".count).split(separator: "-").compactMap { Int($0) }
            guard bounds.count == 2 else { return .respond(status: 416, body: "") }
            var from = bounds[0]
            let to = bounds[1]
            if behaviour == .wrongRange { from += 1 }
            let slice = String(decoding: bytes[from...to], as: UTF8.self)
            let headers = announce + [("Content-Range", "bytes \(from)-\(to)/\(bytes.count)")]
            if behaviour == .cutsSecondRange, bounds[0] > 0 {
                return .cut(status: 206, headers: headers, declared: to - from + 1, body: String(slice.prefix(1000)))
            }
            return .respond(status: 206, headers: headers, body: slice)
        }
    }

    static func destination() throws -> String {
        try Fixtures.scratch("segmented-\(UUID().uuidString)") + "/file.part"
    }

    @Test func aLargeFileComesInRangesAtOnceAndWholeInItsPlace() async throws {
        let server = try await Self.server(.honest)
        let transport = try faultTransport(server)
        let out = try Self.destination()
        try await expectDownloaded(Self.body, by: transport, to: out)
        let ranges = server.requests.compactMap { $0.header("Range") }.sorted()
        #expect(ranges.count == RESTConfiguration.defaultDownloadSegments - 1, "\(ranges)")
        await transport.shutdown()
        await server.stop()
    }

    @Test(arguments: [Behaviour.ignoresRanges, .wrongRange])
    func aServerThatDoesNotAnswerRangesAsAskedIsReadInOneRequest(_ behaviour: Behaviour) async throws {
        let server = try await Self.server(behaviour)
        let transport = try faultTransport(server)
        let out = try Self.destination()
        try await expectDownloaded(Self.body, by: transport, to: out)
        await transport.shutdown()
        await server.stop()
    }

    @Test func withoutAcceptRangesOrWithOneSegmentThereIsOneRequest() async throws {
        let server = try await Self.server(.noAcceptRanges)
        let transport = try faultTransport(server)
        let out = try Self.destination()
        #expect(try await transport.download("/file", to: out) == Int64(Self.body.utf8.count))
        #expect(server.requests.count == 1)
        await transport.shutdown()
        let honest = try await Self.server(.honest)
        var config = try RESTConfiguration.fromEnvironment(
            baseURL: honest.url, environment: ["RUNBOARD_DOWNLOAD_SEGMENTS": "1"], credentialsFile: "/nonexistent")
        config.retry = RetryPolicy(maxRetries: 0)
        let single = try HTTPTransport(configuration: config)
        #expect(try await single.download("/file", to: out) == Int64(Self.body.utf8.count))
        #expect(honest.requests.count == 1 && honest.requests.allSatisfy { $0.header("Range") == nil })
        await single.shutdown()
        await server.stop()
        await honest.stop()
    }

    @Test func aRangeCutShortFailsTheFileAndARetryFetchesItAgain() async throws {
        let server = try await Self.server(.cutsSecondRange)
        let transport = try faultTransport(server)
        let out = try Self.destination()
        await #expect(throws: MLflowError.self) { try await transport.download("/file", to: out) }
        await transport.shutdown()
        // With retries, each attempt starts the file again; the cut comes every time, so it fails
        // after them, and never reports a short file as whole.
        let retrying = try faultTransport(server, retries: 1)
        await #expect(throws: MLflowError.self) { try await retrying.download("/file", to: out) }
        #expect(server.requests.filter { $0.header("Range") == nil }.count == 3)
        await retrying.shutdown()
        await server.stop()
    }

    @Test func theSegmentCountIsReadFromTheEnvironment() throws {
        func segments(_ value: String) throws -> Int {
            try RESTConfiguration.fromEnvironment(
                baseURL: "http://x", environment: ["RUNBOARD_DOWNLOAD_SEGMENTS": value], credentialsFile: "/nonexistent").downloadSegments
        }
        #expect(try segments("1") == 1 && segments("8") == 8 && segments("") == RESTConfiguration.defaultDownloadSegments)
        for bad in ["0", "17", "two", "-1"] {
            #expect(throws: MLflowError.self) { try segments(bad) }
        }
    }

    @Test func smallFilesAndCodedBodiesAreNotCut() {
        func plan(_ headers: [(String, String)], status: HTTPResponseStatus = .ok) -> SegmentPlan? {
            SegmentPlan(status: status, headers: HTTPHeaders(headers), segments: 4)
        }
        let big = String(50 << 20)
        #expect(plan([("Accept-Ranges", "bytes"), ("Content-Length", big)])?.bounds.count == 5)
        #expect(plan([("Accept-Ranges", "bytes"), ("Content-Length", String(16 << 20 - 1))]) == nil)
        #expect(plan([("Accept-Ranges", "bytes"), ("Content-Length", big), ("Content-Encoding", "gzip")]) == nil)
        #expect(plan([("Accept-Ranges", "none"), ("Content-Length", big)]) == nil)
        #expect(plan([("Accept-Ranges", "bytes"), ("Content-Length", big)], status: .partialContent) == nil)
        #expect(plan([("Accept-Ranges", "bytes"), ("Content-Length", "-5")]) == nil)
        let bounds = plan([("Accept-Ranges", "bytes"), ("Content-Length", "52428801")])?.bounds ?? []
        #expect(bounds.first == 0 && bounds.last == 52_428_801 && zip(bounds, bounds.dropFirst()).allSatisfy { $0 < $1 })
    }
}
