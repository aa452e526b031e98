import MLflowCore
import Testing

/// One history, a request, and the points MLflow's SQL store returned for it.
struct SamplingCase: CustomTestStringConvertible, Sendable {
    var name: String
    /// (timestamp, value, step) in logging order.
    var history: [(Int64, Double, Int64)]
    var maxPoints: Int
    var steps: StepRange?
    /// Indices into `history` of the returned points, in the returned order.
    var expected: [Int]

    var testDescription: String { name }

    var metrics: [Metric] {
        history.map { Metric(key: "m", value: $0.1, timestamp: $0.0, step: $0.2) }
    }

    /// `n` points, two per step, timestamps increasing.
    static func dupSteps(_ n: Int) -> [(Int64, Double, Int64)] {
        (0..<n).map { (i: Int) -> (Int64, Double, Int64) in (Int64(1000 + i), Double(i % 7) - 2.5, Int64(i / 2)) }
    }

    /// Steps in threes, timestamps permuted, values repeating (same formula as the generator).
    static func formula(_ n: Int) -> [(Int64, Double, Int64)] {
        (0..<n).map { (i: Int) -> (Int64, Double, Int64) in
            (Int64(1_000_000 + (i * 7919) % n), Double((i * 31) % 101) / 4.0, Int64(i / 3))
        }
    }

    static let ties: [(Int64, Double, Int64)] = [
        (10, 0.0, 5), (10, .nan, 5), (10, -1.0, 5), (10, .infinity, 5), (10, 2.0, 5),
        (9, 3.0, 5), (11, -.infinity, 5), (5, 1.0, -2), (6, 1.5, -1), (7, .nan, 7),
        (7, 0.0, 7), (20, 4.0, 7), (8, -0.0, 6),
    ]

    static let exactDuplicates: [(Int64, Double, Int64)] = [
        (1, 1.0, 0), (1, 1.0, 0), (2, 2.0, 1), (2, 2.0, 1), (2, 2.0, 1),
        (3, 3.0, 2), (4, 4.0, 3), (4, 4.0, 3), (5, 5.0, 4),
    ]

    static let descendingTime: [(Int64, Double, Int64)] = (0..<9).map { (i: Int) -> (Int64, Double, Int64) in
        (Int64(1000 - i), Double(i), Int64(i))
    }

    static let negativeSteps: [(Int64, Double, Int64)] = (0..<40).map { (i: Int) -> (Int64, Double, Int64) in
        (Int64(100 + i), Double(i) / 2, Int64(i - 20))
    }
}

@Suite struct MetricSamplingTests {
    @Test(arguments: SamplingCase.recorded)
    func matchesMLflowSQLStore(_ testCase: SamplingCase) {
        let history = testCase.metrics
        let sampled = MetricSampling.sample(history, maxPoints: testCase.maxPoints, steps: testCase.steps)
        let expected = testCase.expected.map { history[$0] }
        #expect(sampled.count == expected.count)
        #expect(sampled == expected)
    }

    @Test func samplingDoesNotDependOnInputOrder() {
        let history = SamplingCase(name: "", history: SamplingCase.ties, maxPoints: 4, steps: nil, expected: []).metrics
        let forward = MetricSampling.sample(history, maxPoints: 4)
        let backward = MetricSampling.sample(history.reversed(), maxPoints: 4)
        #expect(forward == backward)
        #expect(forward.map(\.step) == [-2, 5, 5, 7])
        #expect(forward.map(\.timestamp) == [5, 10, 10, 20])
        #expect(forward[2].value == .infinity)
    }

    @Test func emptyHistoryGivesNoPoints() {
        #expect(MetricSampling.sample([], maxPoints: 10).isEmpty)
        #expect(MetricSampling.sample([], maxPoints: 0).isEmpty)
    }

    @Test func maxPointsBelowOneKeepsTheLastPoint() {
        let history = SamplingCase(name: "", history: SamplingCase.dupSteps(6), maxPoints: 0, steps: nil, expected: []).metrics
        #expect(MetricSampling.sample(history, maxPoints: 0) == [history[5]])
        #expect(MetricSampling.sample(history, maxPoints: -3) == [history[5]])
    }

    @Test func bucketStartsFollowSQLNTILE() {
        // NTILE(4) over 10 rows: sizes 3, 3, 2, 2.
        #expect(MetricSampling.bucketStarts(count: 10, buckets: 4) == [0, 3, 6, 8])
        #expect(MetricSampling.bucketStarts(count: 3, buckets: 5) == [0, 1, 2])
        #expect(MetricSampling.bucketStarts(count: 5, buckets: 5) == [0, 1, 2, 3, 4])
        #expect(MetricSampling.bucketStarts(count: 0, buckets: 5) == [])
        #expect(MetricSampling.bucketStarts(count: 7, buckets: 1) == [0])
    }

    @Test func historyOrderIsTimestampStepValueWithNaNAsZero() {
        func m(_ ts: Int64, _ step: Int64, _ value: Double) -> Metric { Metric(key: "k", value: value, timestamp: ts, step: step) }
        #expect(MetricSampling.isInHistoryOrder(m(1, 9, 0), m(2, 0, 0)))
        #expect(MetricSampling.isInHistoryOrder(m(1, 0, 5), m(1, 1, -5)))
        #expect(MetricSampling.isInHistoryOrder(m(1, 1, -1), m(1, 1, .nan)))
        #expect(MetricSampling.isInHistoryOrder(m(1, 1, .nan), m(1, 1, 0.5)))
        #expect(!MetricSampling.isInHistoryOrder(m(1, 1, .nan), m(1, 1, 0)))
        #expect(!MetricSampling.isInHistoryOrder(m(1, 1, 0), m(1, 1, .nan)))
        #expect(MetricSampling.isInHistoryOrder(m(1, 1, 1e308), m(1, 1, .infinity)))
    }
}
