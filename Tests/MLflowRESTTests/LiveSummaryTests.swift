import Foundation
import MLflowCore
import TestFixtures
import Testing
@testable import MLflowREST

/// Exact summaries over REST: the default, paged through `get-history`.
@Suite("Metric summaries from a live MLflow server", .enabled(if: Fixtures.haveServer))
struct LiveSummaryTests {
    func runId(_ name: String) throws -> String { try Fixtures.runId(name, in: "server") }

    @Test(arguments: [("long-history", "spiky"), ("long-history", "loss"), ("failed", "train/loss")])
    func summaryIsExact(run: String, key: String) async throws {
        let store = try liveStore()
        #expect(!store.summarizesMetricsCheaply)
        let log = FixtureSummaries.ProgressLog()
        let summary = try await store.metricSummary(runId: try runId(run), key: key, progress: log.report)
        #expect(summary == (try FixtureSummaries.expected(run: run, key: key)))
        #expect(log.reports.last == summary.count)
        if key == "loss" { #expect(log.reports == [25_000, 30_000]) }
        await store.close()
    }

    @Test func extremesAreNotInASample() async throws {
        let store = try liveStore()
        let id = try runId("long-history")
        let summary = try await store.metricSummary(runId: id, key: "spiky")
        let sample = try await store.sampledMetricHistory(runIds: [id], key: "spiky", maxPoints: 100, steps: nil)
        let range = try #require(FixtureSummaries.range(of: sample[id] ?? []))
        #expect(range.min > (try #require(summary.min)).value)
        #expect(range.max < (try #require(summary.max)).value)
        await store.close()
    }

    @Test func aCancelledTaskStopsBetweenPages() async throws {
        let store = try liveStore()
        let id = try runId("long-history")
        let log = FixtureSummaries.ProgressLog()
        let task = Task {
            try await store.metricSummary(runId: id, key: "loss") { count in
                log.report(count)
                withUnsafeCurrentTask { $0?.cancel() }
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(log.reports == [25_000])
        await store.close()
    }
}
