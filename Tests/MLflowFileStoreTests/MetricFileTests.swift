import MLflowCore
@testable import MLflowFileStore
import Testing

@Suite struct MetricFileTests {
    private func parse(_ text: String, format: MetricFile.Format = .run) -> (points: [Metric], bad: [MetricFile.BadLine]) {
        MetricFile.parse(Array(text.utf8), key: "k", format: format)
    }

    @Test func readsTwoThreeAndFiveFieldLines() {
        let (points, bad) = parse("100 0.5\n200 1.5 7\n300 2.5 9 train abc123\n")
        #expect(bad.isEmpty)
        #expect(points == [
            Metric(key: "k", value: 0.5, timestamp: 100, step: 0),
            Metric(key: "k", value: 1.5, timestamp: 200, step: 7),
            Metric(key: "k", value: 2.5, timestamp: 300, step: 9),
        ])
    }

    @Test func readsValuesPythonWrites() {
        let text = "1 nan 0\n2 inf 1\n3 -inf 2\n4 -0.0 3\n5 5e-324 4\n6 1.7976931348623157e+308 5\n7 -3 -6\n8 1e-05 7\n9 NaN 8\n10 Infinity 9\n"
        let (points, bad) = parse(text)
        #expect(bad.isEmpty)
        #expect(points.count == 10)
        #expect(points[0].value.isNaN)
        #expect(points[1].value == .infinity)
        #expect(points[2].value == -.infinity)
        #expect(points[3].value == 0 && points[3].value.sign == .minus)
        #expect(points[4].value == 5e-324)
        #expect(points[5].value == .greatestFiniteMagnitude)
        #expect(points[6].value == -3 && points[6].step == -6)
        #expect(points[7].value == 1e-05)
        #expect(points[8].value.isNaN)
        #expect(points[9].value == .infinity)
    }

    @Test func acceptsWhatPythonsIntAndFloatAccept() {
        let (points, bad) = parse("+1_000 1_0.5 -2\n")
        #expect(bad.isEmpty)
        #expect(points == [Metric(key: "k", value: 10.5, timestamp: 1000, step: -2)])
    }

    @Test func skipsGarbledLinesAndKeepsTheRest() {
        let text = "100 1.0 1\n\n200 2.0\t2 extra\n300 abc 3\nxyz 1.0 4\n400 0x1p3 5\n500 4.0 5_\n600 6.0 6\r\n700 7.0 7 a\n99999999999999999999 1 1\n800 8.0 8"
        let (points, bad) = parse(text)
        #expect(points.map(\.timestamp) == [100, 600, 800])
        #expect(bad.map(\.number) == [2, 3, 4, 5, 6, 7, 9, 10])
        #expect(bad[0].reason == "1 fields, expected 2, 3 or 5")
        #expect(bad[2].reason == "bad value 'abc'")
        #expect(bad[3].reason == "bad timestamp 'xyz'")
        #expect(bad[6].reason == "4 fields, expected 2, 3 or 5")
    }

    @Test func readsLoggedModelLines() {
        let (points, bad) = parse("1795732102680 0.5 3 b7371914f85b4ab0a4b261ee170b2ece ds1 5edc214a\n5 1.0 1 abc\n6 1.0 1\n", format: .loggedModel)
        #expect(points == [
            Metric(key: "k", value: 0.5, timestamp: 1_795_732_102_680, step: 3),
            Metric(key: "k", value: 1.0, timestamp: 5, step: 1),
        ])
        #expect(bad.map(\.number) == [3])
    }

    @Test func latestIsTheMaximumOfStepTimestampValue() {
        let (latest, bad) = MetricFile.latest(Array("10 5.0 3\n20 1.0 2\n5 2.0 3\n10 4.0 3\n".utf8), key: "loss")
        #expect(bad.isEmpty)
        #expect(latest == Metric(key: "loss", value: 5.0, timestamp: 10, step: 3))
    }

    @Test func latestWithNaNFollowsPythonMax() {
        func latest(_ text: String) -> Metric? { MetricFile.latest(Array(text.utf8), key: "k").latest }
        // Same step and timestamp: NaN never compares greater, so the earlier line stays.
        #expect(latest("10 1.0 3\n10 nan 3\n") == Metric(key: "k", value: 1.0, timestamp: 10, step: 3))
        #expect(latest("10 nan 3\n10 1.0 3\n")?.value.isNaN == true)
        #expect(latest("10 nan 3\n10 nan 3\n10 -inf 3\n")?.value.isNaN == true)
        // A later step wins whatever its value.
        #expect(latest("10 1.0 3\n5 nan 4\n")?.value.isNaN == true)
        #expect(latest("10 1.0 3\n11 nan 3\n")?.value.isNaN == true)
        #expect(latest("") == nil)
        #expect(latest("garbage\n") == nil)
    }

    @Test func latestSkipsLinesWithBadValues() {
        let highest = MetricFile.latest(Array("1 1.0 1\n2 abc 5\n3 2.0 2\n".utf8), key: "k")
        #expect(highest.latest == Metric(key: "k", value: 2.0, timestamp: 3, step: 2))
        #expect(highest.bad.map(\.number) == [2])
        let tie = MetricFile.latest(Array("1 1.0 1\n1 xyz 1\n".utf8), key: "k")
        #expect(tie.latest == Metric(key: "k", value: 1.0, timestamp: 1, step: 1))
        #expect(tie.bad.map(\.reason) == ["bad value 'xyz'"])
        // Lines the comparison never needs are not checked.
        let unchecked = MetricFile.latest(Array("1 zzz 1\n2 1.0 2\n".utf8), key: "k")
        #expect(unchecked.latest == Metric(key: "k", value: 1.0, timestamp: 2, step: 2))
        #expect(unchecked.bad.isEmpty)
    }

    @Test func latestOfPointsMatchesLatestOfBytes() {
        let text = "3 2.0 1\n3 nan 1\n4 -inf 1\n4 inf 1\n4 inf 1\n2 9.0 0\n"
        let fromBytes = MetricFile.latest(Array(text.utf8), key: "k").latest
        let fromPoints = MetricFile.latest(parse(text).points)
        #expect(fromBytes == fromPoints)
        #expect(fromBytes == Metric(key: "k", value: .infinity, timestamp: 4, step: 1))
    }
}
