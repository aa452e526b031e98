import Foundation
import MLflowCore
import TestFixtures
import Testing
@testable import MLflowFileStore

@Suite(.enabled(if: Fixtures.haveLocalStores))
struct MetricSummaryStoreTests {
    func store() throws -> FileStore { try FileStore(path: Fixtures.fileStorePath) }

    func runId(_ name: String) throws -> String { try Fixtures.runId(name, in: "filestore") }

    @Test(arguments: [("long-history", "spiky"), ("long-history", "loss"), ("failed", "train/loss"), ("failed", "val_loss"), ("parent", "acc")])
    func summaryIsExact(run: String, key: String) async throws {
        let store = try store()
        let expected = try FixtureSummaries.expected(run: run, key: key)
        #expect(try await store.metricSummary(runId: try runId(run), key: key) == expected)
        // Streamed in small pieces, lines cut anywhere: the same.
        #expect(try store.summary(runId: try runId(run), key: key, chunkSize: 7) == expected)
        // From a history parsed and cached earlier: the same.
        _ = try await store.fullMetricHistory(runId: try runId(run), key: key)
        #expect(try await store.metricSummary(runId: try runId(run), key: key) == expected)
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
    }

    @Test func progressAndCancellation() async throws {
        let store = try store()
        let id = try runId("long-history")
        let log = FixtureSummaries.ProgressLog()
        _ = try await store.metricSummary(runId: id, key: "spiky", progress: log.report)
        #expect(log.reports == [3_000])
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await store.metricSummary(runId: id, key: "spiky", progress: nil)
        }
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test func streamingKeepsLineNumbersAndCRLF() throws {
        let text = "100 1.5 0\r\n200 nan 1\r\nbroken line here\r\n300 -inf 2\r\n400 -2.25 3\r\n500 inf 4\n600 9 5"
        for size in [1, 2, 3, 5, 8, 64, 4_096] {
            var reader = MetricFileSummary()
            let bytes = Array(text.utf8)
            for start in stride(from: 0, to: bytes.count, by: size) {
                bytes[start..<min(start + size, bytes.count)].withUnsafeBufferPointer { reader.feed($0) }
            }
            let summary = reader.finish()
            #expect(summary.count == 6, "\(size)")
            #expect(summary.nanCount == 1 && summary.positiveInfinityCount == 1 && summary.negativeInfinityCount == 1, "\(size)")
            #expect(summary.min == MetricExtreme(value: -2.25, step: 3, timestamp: 400), "\(size)")
            #expect(summary.max == MetricExtreme(value: 9, step: 5, timestamp: 600), "\(size)")
            #expect(reader.bad.map(\.number) == [3], "\(size)")
        }
    }

    @Test func missingKeyIsEmptyAndMissingRunIsNotFound() async throws {
        let store = try store()
        #expect(try await store.metricSummary(runId: try runId("parent"), key: "nothing") == .empty)
        #expect(try await store.metricSummary(runId: try runId("parent"), key: "../meta.yaml") == .empty)
        await #expect(throws: MLflowError.self) { try await store.metricSummary(runId: "0123456789abcdef0123456789abcdef", key: "loss") }
    }
}
