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

    /// A metric value with six significant digits, for tables.
    public static func short(_ value: Double) -> String {
        if !value.isFinite { return number(value) }
        return String(format: "%.6g", value)
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
