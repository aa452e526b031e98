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
    static func ago(_ time: Int64?, now: Int64) -> String {
        guard let time else { return "-" }
        let seconds = max(0, (now - time) / 1_000)
        if seconds < 60 { return "\(seconds)s ago" }
        if seconds < 3_600 { return "\(seconds / 60)m ago" }
        if seconds < 86_400 { return "\(seconds / 3_600)h ago" }
        return "\(seconds / 86_400)d ago"
    }

    /// How long a run ran (or has been running).
    static func duration(_ info: RunInfo, now: Int64) -> String {
        guard let start = info.startTime else { return "-" }
        if let end = info.endTime { return span(end - start) }
        return info.status.isActive ? span(now - start) : "-"
    }

    /// A metric value in at most about 10 columns.
    static func value(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "inf" }
        if value == -.infinity { return "-inf" }
        return ChartTicks.number(value)
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
