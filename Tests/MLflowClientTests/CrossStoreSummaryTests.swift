import Foundation
import MLflowClient
import TestFixtures
import Testing

/// Exact metric summaries and step-range samples: the same from the server, `mlflow.db` and `./mlruns`.
@Suite("Three stores, same summaries", .enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores), .serialized)
struct CrossStoreSummaryTests {
    @Test func summariesAgreeAndMatchTheManifest() async throws {
        let trio = try StoreTrio.open()
        let runs = try #require(trio.data["runs"] as? [String: [String: Any]])
        for runName in ["failed", "parent", "long-history", "killed", "\u{1b}[2J\u{1b}[31mEVIL"] {
            let metrics = try #require(runs[runName]?["metrics"] as? [String: Any])
            for key in metrics.keys.sorted() {
                let expected = try FixtureSummaries.expected(run: runName, key: key)
                for named in trio.stores {
                    let summary = try await named.store.metricSummary(runId: try named.runId(runName), key: key)
                    #expect(summary == expected, "\(named.kind) \(runName) \(key)")
                }
            }
        }
        for named in trio.stores {
            #expect(try await named.store.metricSummary(runId: try named.runId("parent"), key: "no-such-key") == .empty, "\(named.kind)")
        }
        await trio.close()
    }

    @Test func theSpikyExtremesAreInNoSample() async throws {
        let trio = try StoreTrio.open()
        for named in trio.stores {
            let runId = try named.runId("long-history")
            let summary = try await named.store.metricSummary(runId: runId, key: "spiky")
            let low = try #require(summary.min)
            let high = try #require(summary.max)
            #expect(summary.nanCount == 1 && summary.positiveInfinityCount == 1, "\(named.kind)")
            for maxPoints in [100, 1_000, 2_500] {
                let sample = try await named.store.sampledMetricHistory(runIds: [runId], key: "spiky", maxPoints: maxPoints, steps: nil)
                let range = try #require(FixtureSummaries.range(of: sample[runId] ?? []))
                #expect(range.min > low.value, "\(named.kind) \(maxPoints)")
                #expect(range.max < high.value, "\(named.kind) \(maxPoints)")
            }
        }
        await trio.close()
    }

    /// As `get-history-bulk-interval` with start_step/end_step: the points of the range, evenly
    /// spread, the range's first and last point kept; the server's answer is MLflow's own.
    @Test(arguments: [(100, 2_000, 100), (295, 310, 5), (1_400, 1_600, 7), (1_999, 2_001, 2), (0, 2_999, 2_500), (2_990, 5_000, 3)])
    func stepRangeSamplesAreMLflows(from: Int, to: Int, maxPoints: Int) async throws {
        let trio = try StoreTrio.open()
        let steps = StepRange(from: Int64(from), to: Int64(to))
        var answers: [[Metric]] = []
        for named in trio.stores {
            let runId = try named.runId("long-history")
            let sampled = try await named.store.sampledMetricHistory(runIds: [runId], key: "spiky", maxPoints: maxPoints, steps: steps)
            let points = sampled[runId] ?? []
            answers.append(points)
            let inRange = min(to, 2_999) - from + 1
            #expect(points.count == min(maxPoints, inRange), "\(named.kind)")
            #expect(points.first?.step == Int64(from), "\(named.kind)")
            #expect(points.last?.step == Int64(min(to, 2_999)), "\(named.kind)")
            // Evenly spread: NTILE's bucket starts, one point per step here.
            let expectedSteps = MetricSampling.bucketStarts(count: inRange, buckets: maxPoints).map { Int64(from + $0) }
            let kept = points.map(\.step)
            #expect(Array(kept.dropLast()) == Array(expectedSteps.prefix(kept.count - 1)), "\(named.kind)")
        }
        for (index, answer) in answers.enumerated().dropFirst() {
            #expect(answer == answers[0], "\(trio.stores[index].kind) \(from):\(to) max \(maxPoints)")
        }
        await trio.close()
    }
}
