import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

@Suite(.enabled(if: FixtureStore.available))
struct MetricHistoryTests {
    @Test func historyPagesAreMLflows() async throws {
        let store = try FixtureStore.open()
        let long = try FixtureStore.runId("long-history")
        let failed = try FixtureStore.runId("failed")
        let cases: [(run: String, key: String, size: Int, offset: Int)] = [
            (long, "loss", 25_000, 0), (long, "loss", 25_000, 25_000), (long, "loss", 30_000, 0), (long, "loss", 29_999, 0),
            (long, "loss", 7, 29_995), (failed, "train/loss", 5, 0), (failed, "train/loss", 5, 5), (failed, "val_loss", 100, 0),
            (failed, "nothing", 10, 0), ("0123456789abcdef0123456789abcdef", "loss", 10, 0),
        ]
        let queries: [[String: Any]] = cases.map { item in
            var query: [String: Any] = ["kind": "history", "run_id": item.run, "key": item.key, "max_results": item.size]
            if let token = offsetToken(item.offset) { query["page_token"] = token }
            return query
        }
        let answers = try await MLflowReference.answers(db: try FixtureStore.referenceCopy("history"), queries)
        for (item, answer) in zip(cases, answers) {
            let expected = try answer.decode(ReferencePage<Metric>.self)
            let page = try await store.metricHistory(runId: item.run, key: item.key, pageSize: item.size, pageToken: offsetToken(item.offset))
            #expect(page.items == expected.items, "\(item)")
            #expect(page.nextPageToken == expected.nextPageToken, "\(item)")
        }
        await #expect(throws: MLflowError.self) { try await store.metricHistory(runId: long, key: "loss", pageSize: 0, pageToken: nil) }
    }

    @Test func fullHistoryHasEveryPointInOrder() async throws {
        let store = try FixtureStore.open()
        let history = try await store.fullMetricHistory(runId: try FixtureStore.runId("long-history"), key: "loss")
        #expect(history.count == 30_000)
        #expect(history.first?.step == 0)
        #expect(history.last?.step == 29_999)
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.timestamp < $1.timestamp })
        let base = 1_704_067_200_000 + 12 * 3_600_000
        #expect(history.first?.timestamp == Int64(base))
        #expect(history.first?.value == 2.0)
        let window = try await store.fullMetricHistory(runId: try FixtureStore.runId("long-history"), key: "loss", steps: StepRange(from: 100, to: 199))
        #expect(window.map(\.step) == Array(100...199))
    }

    @Test func samplesAreMLflows() async throws {
        let store = try FixtureStore.open()
        let runIds = try #require(try FixtureStore.ids()["runs"] as? [String: String])
        let long = try #require(runIds["long-history"])
        let failed = try #require(runIds["failed"])
        let many = runIds.values.sorted()
        let cases: [(runs: [String], key: String, points: Int, steps: StepRange?)] = [
            ([long], "loss", 2_500, nil), ([long], "loss", 1, nil), ([long], "loss", 2, nil), ([long], "loss", 3, nil),
            ([long], "loss", 7, nil), ([long], "loss", 100, nil), ([long], "loss", 2_499, nil), ([long], "loss", 20_000 / 8, StepRange(from: 10, to: 15_000)),
            ([long], "loss", 10, StepRange(from: 29_990, to: 40_000)), ([long], "loss", 10, StepRange(from: -5, to: -1)),
            ([long], "loss", 10, StepRange(from: 17, to: 17)),
            ([failed], "train/loss", 3, nil), ([failed], "train/loss", 2_500, nil), ([failed], "val_loss", 4, nil),
            ([failed], "val_loss", 5, StepRange(from: -2, to: 3)),
            (many, "acc", 5, nil), (many, "val_loss", 2_500, nil), (many + ["0123456789abcdef0123456789abcdef"], "train/loss", 8, nil),
        ]
        let queries: [[String: Any]] = cases.map { item in
            var query: [String: Any] = ["kind": "sample", "run_ids": item.runs, "key": item.key, "max_results": item.points]
            if let steps = item.steps { query["steps"] = [steps.from, steps.to] }
            return query
        }
        let answers = try await MLflowReference.answers(db: try FixtureStore.referenceCopy("samples"), queries)
        for (item, answer) in zip(cases, answers) {
            var expected = try answer.decode([String: [Metric]].self)
            // MLflow leaves out runs without points; every store here answers for each requested run.
            for runId in item.runs where expected[runId] == nil { expected[runId] = [] }
            let sampled = try await store.sampledMetricHistory(runIds: item.runs, key: item.key, maxPoints: item.points, steps: item.steps)
            #expect(sampled == expected, "\(item.key) of \(item.runs.count) runs, \(item.points) points, steps \(String(describing: item.steps))")
        }
    }

    @Test func samplingKeepsTheFirstAndLastPoint() async throws {
        let store = try FixtureStore.open()
        let long = try FixtureStore.runId("long-history")
        for points in [2, 3, 100, 2_500] {
            let sampled = try #require(try await store.sampledMetricHistory(runIds: [long], key: "loss", maxPoints: points, steps: nil)[long])
            #expect(sampled.count == points)
            #expect(sampled.first?.step == 0)
            #expect(sampled.last?.step == 29_999)
            #expect(zip(sampled, sampled.dropFirst()).allSatisfy { $0.step < $1.step })
        }
        let single = try await store.sampledMetricHistory(runIds: [long], key: "loss", maxPoints: 1, steps: nil)[long]
        #expect(single?.map(\.step) == [29_999])
        let window = try #require(try await store.sampledMetricHistory(runIds: [long], key: "loss", maxPoints: 10, steps: StepRange(from: 1_000, to: 1_999))[long])
        #expect(window.map(\.step) == [1_000, 1_100, 1_200, 1_300, 1_400, 1_500, 1_600, 1_700, 1_800, 1_999])
    }

    @Test func samplingLimitsAreMLflows() async throws {
        let store = try FixtureStore.open()
        let long = try FixtureStore.runId("long-history")
        await #expect(throws: MLflowError.self) { try await store.sampledMetricHistory(runIds: [long], key: "loss", maxPoints: 0, steps: nil) }
        await #expect(throws: MLflowError.self) { try await store.sampledMetricHistory(runIds: [long], key: "loss", maxPoints: 2_501, steps: nil) }
        // More than the server's 100 runs a request is fine: every store answers for all of them.
        let many = try await store.sampledMetricHistory(runIds: [long] + (0..<150).map { String(format: "%032x", $0) }, key: "loss", maxPoints: 10, steps: nil)
        #expect(many.count == 151)
        #expect(many[long]?.count == 10)
        await #expect(throws: MLflowError.self) {
            try await store.sampledMetricHistory(runIds: [long], key: "loss", maxPoints: 10, steps: StepRange(from: 5, to: 4))
        }
        let nothing = try await store.sampledMetricHistory(runIds: [long, "0123456789abcdef0123456789abcdef"], key: "acc", maxPoints: 10, steps: nil)
        #expect(nothing == [long: [], "0123456789abcdef0123456789abcdef": []])
    }
}
