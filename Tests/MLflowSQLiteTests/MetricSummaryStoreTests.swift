import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

@Suite(.enabled(if: Fixtures.haveLocalStores))
struct MetricSummaryStoreTests {
    func store() throws -> SQLiteStore { try SQLiteStore(path: Fixtures.sqlitePath) }

    func runId(_ name: String) throws -> String { try Fixtures.runId(name, in: "sqlite") }

    @Test(arguments: [("long-history", "spiky"), ("long-history", "loss"), ("failed", "train/loss"), ("failed", "val_loss"), ("parent", "acc")])
    func summaryIsExact(run: String, key: String) async throws {
        let store = try store()
        let summary = try await store.metricSummary(runId: try runId(run), key: key)
        #expect(summary == (try FixtureSummaries.expected(run: run, key: key)))
        // The SQL and the paged form agree.
        #expect(try await store.pagedMetricSummary(runId: try runId(run), key: key, progress: nil) == summary)
        #expect(store.summarizesMetricsCheaply)
    }

    @Test func extremesAreNotInASample() async throws {
        let store = try store()
        let id = try runId("long-history")
        let summary = try await store.metricSummary(runId: id, key: "spiky")
        let sample = try await store.sampledMetricHistory(runIds: [id], key: "spiky", maxPoints: 100, steps: nil)
        let range = try #require(FixtureSummaries.range(of: sample[id] ?? []))
        #expect(range.min > (try #require(summary.min)).value)
        #expect(range.max < (try #require(summary.max)).value)
        #expect(summary.min?.step == 301)
        #expect(summary.max?.step == 707)
    }

    @Test func progressIsReported() async throws {
        let store = try store()
        let log = FixtureSummaries.ProgressLog()
        _ = try await store.metricSummary(runId: try runId("long-history"), key: "loss", progress: log.report)
        #expect(log.reports == [30_000])
        let paged = FixtureSummaries.ProgressLog()
        _ = try await store.pagedMetricSummary(runId: try runId("long-history"), key: "loss", progress: paged.report)
        #expect(paged.reports == [25_000, 30_000])
        let history = FixtureSummaries.ProgressLog()
        let points = try await store.fullMetricHistory(runId: try runId("long-history"), key: "loss", steps: StepRange(from: 0, to: 9), progress: history.report)
        #expect(points.count == 10)
        #expect(history.reports == [25_000, 30_000])
    }

    @Test func aCancelledTaskStopsBetweenPages() async throws {
        let store = try store()
        let id = try runId("long-history")
        let log = FixtureSummaries.ProgressLog()
        let task = Task {
            try await store.pagedMetricSummary(runId: id, key: "loss") { count in
                log.report(count)
                withUnsafeCurrentTask { $0?.cancel() }
            }
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(log.reports == [25_000])
    }

    @Test func missingKeyOrRunIsEmpty() async throws {
        let store = try store()
        #expect(try await store.metricSummary(runId: try runId("parent"), key: "nothing") == .empty)
        #expect(try await store.metricSummary(runId: "0123456789abcdef0123456789abcdef", key: "loss") == .empty)
    }
}
