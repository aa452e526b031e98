import Foundation

/// Numbers, times and durations written for people and for files, the same in every output
/// (the command line's tables and the dashboard's comparison alike).
public enum ValueText {
    /// An ISO-8601 UTC time from milliseconds since the epoch; empty for nil.
    public static func time(_ millis: Int64?) -> String {
        guard let millis else { return "" }
        let date = Date(timeIntervalSince1970: Double(millis) / 1000)
        return isoFormatter.string(from: date)
    }

    nonisolated(unsafe) private static let isoFormatter: ISO8601DateFormatter = {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter
    }()

    /// A compact local time for tables: `2025-11-02 14:03`; empty for nil.
    public static func shortTime(_ millis: Int64?) -> String {
        guard let millis else { return "" }
        return shortFormatter.string(from: Date(timeIntervalSince1970: Double(millis) / 1000))
    }

    private static let shortFormatter: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter
    }()

    /// A metric value with six significant digits, for tables (`%.6g`).
    public static func short(_ value: Double) -> String {
        if !value.isFinite { return number(value) }
        return significant(value, digits: 6)
    }

    /// `value` as C's `%.Ng` (`%+.Ng` with `plus`) writes it, N = `digits` (1 to 9).
    ///
    /// Values that `%g` writes without an exponent take a path of integer arithmetic (a table
    /// cell of the comparison has several, and `String(format:)` costs microseconds each on
    /// Linux); a value whose rounding is within a hair of a tie, or any other, goes to
    /// `String(format:)`, so the text is always `printf`'s.
    public static func significant(_ value: Double, digits: Int, plus: Bool = false) -> String {
        let format = plus ? "%+.\(digits)g" : "%.\(digits)g"
        let magnitude = abs(value)
        guard value.isFinite, value != 0, (1...9).contains(digits), magnitude >= 1e-4, magnitude < 1e9 else {
            return String(format: format, value)
        }
        let exponent = Int(log10(magnitude).rounded(.down))
        let decimals = digits - 1 - exponent
        guard exponent >= -4, exponent < digits, decimals >= 0, decimals < powersOfTen.count else { return String(format: format, value) }
        let scaled = magnitude * powersOfTen[decimals]
        let fraction = scaled - scaled.rounded(.down)
        let rounded = scaled.rounded(.toNearestOrEven)
        // Near a tie, or a power of ten the logarithm may have misjudged: printf decides.
        guard abs(fraction - 0.5) > 1e-6, rounded >= powersOfTen[digits - 1], rounded < powersOfTen[digits] else {
            return String(format: format, value)
        }
        let whole = Int64(rounded)
        let unit = Int64(powersOfTen[decimals])
        var text = value < 0 ? "-" : (plus ? "+" : "")
        text += String(whole / unit)
        var fractionDigits = whole % unit
        var count = decimals
        while count > 0, fractionDigits % 10 == 0 {
            fractionDigits /= 10
            count -= 1
        }
        if count > 0 {
            let written = String(fractionDigits)
            text += "." + String(repeating: "0", count: count - written.count) + written
        }
        return text
    }

    /// 1 to 1e13, exact in a Double.
    private static let powersOfTen: [Double] = (0...13).map { exponent in
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// A duration such as `1h02m`, `3m05s`, `12.3s`; empty when unknown, or when the store's times
    /// are so far apart that their difference is no Int64.
    public static func duration(from start: Int64?, to end: Int64?) -> String {
        guard let start, let end, end >= start else { return "" }
        let (milliseconds, overflow) = end.subtractingReportingOverflow(start)
        guard !overflow else { return "" }
        let seconds = Double(milliseconds) / 1000
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let total = Int(seconds)
        if total < 3600 { return String(format: "%dm%02ds", total / 60, total % 60) }
        return String(format: "%dh%02dm", total / 3600, (total % 3600) / 60)
    }

    /// A metric value exactly: shortest round-trip form, `NaN`, `inf`, `-inf`.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "inf" }
        if value == -.infinity { return "-inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
