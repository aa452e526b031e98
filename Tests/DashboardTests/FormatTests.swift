@testable import Dashboard
import Foundation
import MLflowCore
import Testing
import TerminalCore

@Suite struct FormatTests {
    @Test func fastValuesMatchChartTicks() {
        var values: [Double] = [0.001, 0.00123456, 0.99996, 9.99996, 1, 10, 12.5, 99.995, 123.456, 0.1 + 0.2, 9_999.4, 9_999.6,
                                12_345.6, 999_999.4, -0.5, -1_234.5678, 0.0009999, 1e6, 0.931, 0.274]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let exponent = Double.random(in: -3.5...6.5, using: &generator)
            values.append(pow(10, exponent) * (Bool.random(using: &generator) ? 1 : -1))
        }
        for value in values {
            #expect(Format.value(value) == ChartTicks.number(value), "\(value)")
        }
        #expect(Format.value(.nan) == "NaN")
        #expect(Format.value(-.infinity) == "-inf")
    }

    @Test func spansAndCounts() {
        #expect(Format.span(59_999) == "59s")
        #expect(Format.span(3_661_000) == "1h01m")
        #expect(Format.ago(1_000, now: 7_201_000) == "2h ago")
        // A run that starts after this clock's now (a clock ahead of ours) is not "0s ago".
        #expect(Format.ago(7_201_000, now: 1_000) == "in 2h")
        #expect(Format.age(1_000 + 300_000, now: 1_000) == "in 5m")
        // Times a store made up do not trap.
        #expect(Format.ago(Int64.min, now: 1_000) == "?")
        #expect(Format.age(Int64.max, now: -1_000) == "?")
        #expect(Format.duration(RunInfo(runId: "r", experimentId: "1", status: .finished, startTime: Int64.min, endTime: Int64.max), now: 0) == "?")
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.count(999) == "999")
    }

    @Test func timestampsAreUTCDates() {
        #expect(Format.timestamp(0) == "1970-01-01 00:00:00 UTC")
        #expect(Format.timestamp(1_704_088_800_000) == "2024-01-01 06:00:00 UTC")
        #expect(Format.timestamp(951_825_600_000) == "2000-02-29 12:00:00 UTC")
        #expect(Format.timestamp(-1_000) == "1969-12-31 23:59:59 UTC")
        #expect(Format.timestamp(4_102_444_799_000) == "2099-12-31 23:59:59 UTC")
    }

    @Test func durationsOfRunsThatEndedRunOrWait() {
        func info(_ status: RunStatus, end: Int64?) -> RunInfo {
            RunInfo(runId: "r", runName: "r", experimentId: "1", userId: "u", status: status, startTime: 0, endTime: end, artifactUri: "")
        }
        #expect(Format.duration(info(.finished, end: 90_000), now: 10_000_000) == Format.span(90_000))
        #expect(Format.duration(info(.running, end: nil), now: 60_000) == Format.span(60_000))
        #expect(Format.duration(info(.scheduled, end: nil), now: 60_000) == "-")
        #expect(Format.duration(info(.failed, end: nil), now: 60_000) == "-")
    }
}
