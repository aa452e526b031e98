import Foundation
import MLflowCore
import TerminalCore

/// Short forms of times, durations and values for table cells.
enum Format {
    /// `12s`, `5m`, `3h`, `2d` (no suffix) for a span of milliseconds.
    static func span(_ millis: Int64) -> String {
        let seconds = max(0, millis / 1_000)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return "\(seconds / 60)m\(pad2(seconds % 60))s" }
        if seconds < 86_400 { return "\(seconds / 3_600)h\(pad2(seconds / 60 % 60))m" }
        return "\(seconds / 86_400)d\(pad2(seconds / 3_600 % 24))h"
    }

    /// `5m ago` for a time before `now`.
    /// `in 5m` for a time after `now` (a clock ahead of this one), never `0s ago`.
    static func ago(_ time: Int64?, now: Int64) -> String {
        guard let time else { return "-" }
        let text = age(time, now: now)
        return time > now || text == "?" ? text : text + " ago"
    }

    /// `b - a` in milliseconds, nil when it does not fit (times from a store are untrusted).
    static func difference(_ b: Int64, _ a: Int64) -> Int64? {
        let (result, overflow) = b.subtractingReportingOverflow(a)
        return overflow ? nil : result
    }

    /// `2024-01-31 06:00:00 UTC` for milliseconds since the epoch.
    static func timestamp(_ time: Int64) -> String {
        let seconds = time >= 0 ? time / 1_000 : (time - 999) / 1_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let inDay = Int(seconds - days * 86_400)
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        func two(_ n: Int64) -> String { two(Int(n)) }
        return "\(year)-\(two(month))-\(two(day)) \(two(inDay / 3_600)):\(two(inDay % 3_600 / 60)):\(two(inDay % 60)) UTC"
    }

    /// `5m` for a time before `now`: the largest whole unit; `in 5m` for one after it.
    static func age(_ time: Int64?, now: Int64) -> String {
        guard let time else { return "-" }
        guard let millis = difference(now, time) else { return "?" }
        if millis < 0 { return "in " + age(now, now: time) }
        let seconds = millis / 1_000
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3_600 { return "\(seconds / 60)m" }
        if seconds < 86_400 { return "\(seconds / 3_600)h" }
        return "\(seconds / 86_400)d"
    }

    /// How long a run ran (or has been running); a scheduled run has not started yet.
    static func duration(_ info: RunInfo, now: Int64) -> String {
        guard let start = info.startTime, info.status != .scheduled else { return "-" }
        if let end = info.endTime { return difference(end, start).map(span) ?? "?" }
        return info.status.isActive ? difference(now, start).map(span) ?? "?" : "-"
    }

    /// A metric value in at most about 10 columns, as `ChartTicks.number` writes it.
    ///
    /// Values from 0.001 to 999,999 (most of a table) take a fast path with integer arithmetic
    /// instead of `String(format:)`, which costs a microsecond and more per cell.
    static func value(_ value: Double) -> String {
        let magnitude = abs(value)
        guard value.isFinite, value != 0, magnitude >= 1e-3, magnitude < 1e6 else { return ChartTicks.number(value) }
        var exponent = Int(log10(magnitude).rounded(.down))
        if pow10[exponent + 3] > magnitude { exponent -= 1 }
        if exponent >= 4 { return String(Int64(value.rounded(.toNearestOrEven))) }
        // Four significant digits, as `%.4g`; trailing zeros dropped.
        let decimals = 3 - exponent
        let scaled = Int64((magnitude * pow10[decimals + 3]).rounded(.toNearestOrEven))
        let unit = Int64(pow10[decimals + 3])
        var fraction = scaled % unit
        var digits = decimals
        while digits > 0, fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        var text = value < 0 ? "-" : ""
        text += String(scaled / unit)
        if digits > 0 {
            let fractionText = String(fraction)
            text += "." + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return text
    }

    /// Powers of ten from 1e-3 to 1e7, indexed by exponent + 3.
    private static let pow10: [Double] = (-3...7).map { exponent in
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// `1,234`.
    static func count(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    private static func pad2(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// The glyph of a run status.
    static func glyph(_ status: RunStatus, symbols: Symbols) -> String {
        let ascii = !symbols.braille
        switch status {
        case .running: return ascii ? ">" : "▶"
        case .scheduled: return ascii ? "." : "◷"
        case .finished: return ascii ? "+" : "✔"
        case .failed: return ascii ? "x" : "✘"
        case .killed: return ascii ? "-" : "■"
        }
    }

    static func role(_ status: RunStatus) -> ThemeRole {
        switch status {
        case .running: .runRunning
        case .scheduled: .runScheduled
        case .finished: .runFinished
        case .failed: .runFailed
        case .killed: .runKilled
        }
    }
}
