import Foundation
import MLflowCore
import NIOConcurrencyHelpers
import TestFixtures
import Testing
@testable import MLflowREST

/// Pages handed over by `streamRuns`, in the order they came.
final class PageLog: Sendable {
    private let pages = NIOLockedValueBox<[(runs: [String], done: Bool)]>([])
    func append(_ runs: [Run], _ done: Bool) { pages.withLockedValue { $0.append((runs.map(\.info.runId), done)) } }
    var all: [(runs: [String], done: Bool)] { pages.withLockedValue { $0 } }
}

@Suite("Run pages streamed from a live MLflow server", .enabled(if: Fixtures.haveServer))
struct LiveStreamRunsTests {
    func mainExperiment() throws -> String {
        let stores = try #require(try Fixtures.manifest()["stores"] as? [String: Any])
        let server = try #require(stores["server"] as? [String: Any])
        let experiments = try #require(server["experiments"] as? [String: String])
        return try #require(experiments["fixture-main"])
    }

    @Test func pagesComeInTheServersOrderWithTheLastOneMarked() async throws {
        let store = try liveStore()
        defer { Task { await store.close() } }
        let query = RunQuery(experimentIds: [try mainExperiment()], orderBy: ["metrics.acc DESC"])
        let expected = try await store.allRunsSequentially(query, progress: nil).map(\.info.runId)
        #expect(expected.count == 13)
        let log = PageLog()
        try await store.streamRuns(query, firstPageSize: 2, pageSize: 3) { log.append($0, $1) }
        #expect(log.all.map(\.runs.count) == [2, 3, 3, 3, 2])
        #expect(log.all.map(\.done) == [false, false, false, false, true])
        #expect(log.all.flatMap(\.runs) == expected)
        // Pages that end exactly at the last run: one more (empty) answer says it is done.
        let exact = PageLog()
        try await store.streamRuns(query, firstPageSize: 1, pageSize: 4) { exact.append($0, $1) }
        #expect(exact.all.flatMap(\.runs) == expected)
        #expect(exact.all.last?.done == true)
        #expect(exact.all.dropLast().allSatisfy { !$0.done })
    }

    @Test func maxResultsCapsThePages() async throws {
        let store = try liveStore()
        defer { Task { await store.close() } }
        var query = RunQuery(experimentIds: [try mainExperiment()], orderBy: ["attributes.run_name ASC"])
        let expected = try await store.allRunsSequentially(query, progress: nil).map(\.info.runId)
        query.maxResults = 7
        let log = PageLog()
        try await store.streamRuns(query, firstPageSize: 2, pageSize: 3) { log.append($0, $1) }
        #expect(log.all.flatMap(\.runs) == Array(expected.prefix(7)))
        #expect(log.all.last?.done == true)
        #expect(log.all.filter(\.done).count == 1)
        query.maxResults = 1
        let one = PageLog()
        try await store.streamRuns(query, firstPageSize: 100, pageSize: 1_000) { one.append($0, $1) }
        #expect(one.all.map(\.runs) == [[expected[0]]])
        #expect(one.all.map(\.done) == [true])
    }
}

/// One run as the server's JSON.
private func runJSON(_ id: String) -> String {
    #"{"info": {"run_id": "\#(id)", "run_uuid": "\#(id)", "experiment_id": "1", "run_name": "\#(id)", "status": "FINISHED", "start_time": 1, "artifact_uri": "x", "lifecycle_stage": "active"}, "data": {}}"#
}

@Suite struct StreamRunsFallbackTests {
    /// A server whose page tokens are not offsets gets one page after the other, following its tokens.
    @Test func otherTokenFormsArePagedOneAfterTheOther() async throws {
        let server = try await FaultServer { request, _ in
            let token = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any])?["page_token"] as? String
            switch token {
            case nil: return .respond(status: 200, body: #"{"runs": [\#(runJSON("a")), \#(runJSON("b"))], "next_page_token": "opaque-1"}"#)
            case "opaque-1": return .respond(status: 200, body: #"{"runs": [\#(runJSON("c")), \#(runJSON("b"))], "next_page_token": "opaque-2"}"#)
            default: return .respond(status: 200, body: #"{"runs": [\#(runJSON("d"))]}"#)
            }
        }
        let store = try faultStore(server)
        let log = PageLog()
        try await store.streamRuns(RunQuery(experimentIds: ["1"]), firstPageSize: 2, pageSize: 2) { log.append($0, $1) }
        // "b" came twice (rows shifted between pages): it is handed over once.
        #expect(log.all.map(\.runs) == [["a", "b"], ["c"], ["d"]])
        #expect(log.all.map(\.done) == [false, false, true])
        #expect(server.requests.count == 3, "\(server.requests.map(\.bodyText))")
        await store.close()
        await server.stop()
    }

    /// With offset tokens, later pages are asked for by offset, several at once.
    @Test func offsetTokensAreAskedForConcurrently() async throws {
        let total = 23
        let server = try await FaultServer { request, _ in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
            let size = body["max_results"] as? Int ?? 1
            let offset = (body["page_token"] as? String).flatMap(OffsetPageToken.plainOffset) ?? 0
            let ids = (min(offset, total)..<min(total, offset + size)).map { String(format: "r%02d", $0) }
            let next = offset + size < total ? #", "next_page_token": "\#(OffsetPageToken(offset: offset + size).encoded)""# : ""
            return .respond(status: 200, body: #"{"runs": [\#(ids.map(runJSON).joined(separator: ","))]\#(next)}"#)
        }
        let store = try faultStore(server)
        let log = PageLog()
        try await store.streamRuns(RunQuery(experimentIds: ["1"]), firstPageSize: 3, pageSize: 5) { log.append($0, $1) }
        #expect(log.all.flatMap(\.runs) == (0..<total).map { String(format: "r%02d", $0) })
        #expect(log.all.map(\.runs.count) == [3, 5, 5, 5, 5])
        #expect(log.all.map(\.done) == [false, false, false, false, true])
        await store.close()
        await server.stop()
    }

    /// Cancelled during the pause after the first page, the pager asks the server for nothing more.
    @Test func aCancelledPauseAsksForNoMorePages() async throws {
        let server = try await FaultServer { request, _ in
            let body = (try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any]) ?? [:]
            let offset = (body["page_token"] as? String).flatMap(OffsetPageToken.plainOffset) ?? 0
            let size = body["max_results"] as? Int ?? 1
            let ids = (offset..<offset + size).map { String(format: "r%03d", $0) }
            return .respond(status: 200, body: #"{"runs": [\#(ids.map(runJSON).joined(separator: ","))], "next_page_token": "\#(OffsetPageToken(offset: offset + size).encoded)"}"#)
        }
        let store = try faultStore(server)
        let log = PageLog()
        let task = Task {
            try await store.streamRuns(RunQuery(experimentIds: ["1"]), firstPageSize: 3, pageSize: 5,
                                       pauseAfterFirstPage: .seconds(30)) { log.append($0, $1) }
        }
        while log.all.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        _ = await task.result
        #expect(log.all.map(\.runs.count) == [3])
        #expect(server.requests.count == 1)
        await store.close()
        await server.stop()
    }
}
