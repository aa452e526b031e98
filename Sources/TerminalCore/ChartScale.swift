import Foundation

/// How the y axis maps values.
public enum YScale: Sendable, Hashable {
    case linear
    /// Base-10 logarithmic; values at or below zero cannot be placed and leave gaps.
    case log
}

/// Tick positions and label formats for chart axes.
public enum ChartTicks {
    /// Round-numbered ticks (1, 2 or 5 times a power of ten) inside `low...high`, at most about
    /// `count` of them.
    public static func linear(low: Double, high: Double, count: Int) -> [Double] {
        guard low.isFinite, high.isFinite, high > low, count >= 1 else { return low.isFinite ? [low] : [] }
        let rough = (high - low) / Double(max(1, count))
        let magnitude = pow(10, floor(log10(rough)))
        let normalised = rough / magnitude
        let factor: Double = normalised >= 7.07 ? 10 : normalised >= 3.16 ? 5 : normalised >= 1.41 ? 2 : 1
        let step = factor * magnitude
        // Dividing by the inverse of a fractional step keeps 0.6 from becoming 0.6000000000000001.
        let inverse = step < 1 ? (1 / step).rounded() : 0
        func value(_ i: Double) -> Double { inverse > 0 ? i / inverse : i * step }
        var ticks: [Double] = []
        var i = ceil(low / step - 1e-9)
        while value(i) <= high + step * 1e-9, ticks.count < 1000 {
            let t = value(i)
            ticks.append(abs(t) < step * 1e-9 ? 0 : t)
            i += 1
        }
        return ticks
    }

    /// Powers of ten inside `low...high` (thinned to about `count`), or linear ticks when the
    /// range spans less than two of them.
    public static func logarithmic(low: Double, high: Double, count: Int) -> [Double] {
        guard low > 0, high > low else { return linear(low: low, high: high, count: count) }
        let first = Int(ceil(log10(low) - 1e-9)), last = Int(floor(log10(high) + 1e-9))
        guard last - first >= 1 else { return linear(low: low, high: high, count: count) }
        let every = max(1, Int(ceil(Double(last - first) / Double(max(1, count)))))
        return stride(from: first, through: last, by: every).map { pow(10, Double($0)) }
    }

    /// Ticks at whole seconds, minutes, hours or days (1, 2, 5, 10, 15, 30 s or min; 1, 2, 3, 6,
    /// 12 h; whole days), at most about `count`, for x values in seconds (relative or epoch).
    public static func time(low: Double, high: Double, count: Int) -> [Double] {
        guard low.isFinite, high.isFinite, high > low, count >= 1 else { return low.isFinite ? [low] : [] }
        let steps: [Double] = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400]
        let rough = (high - low) / Double(count)
        guard let step = steps.first(where: { $0 >= rough }) else {
            return linear(low: low / 86400, high: high / 86400, count: count).map { $0 * 86400 }
        }
        var ticks: [Double] = []
        var t = ceil(low / step) * step
        while t <= high, ticks.count < 1000 {
            ticks.append(t)
            t += step
        }
        return ticks
    }

    /// A short number: up to four significant digits, exponent form for very large or small ones.
    public static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == 0 { return "0" }
        let magnitude = abs(value)
        if magnitude >= 1e6 || magnitude < 1e-3 {
            let parts = String(format: "%.1e", value).split(separator: "e")
            guard parts.count == 2, let exponent = Int(parts[1]) else { return String(value) }
            var mantissa = String(parts[0])
            if mantissa.hasSuffix(".0") { mantissa.removeLast(2) }
            return mantissa + "e" + String(exponent)
        }
        var text = String(format: "%.4g", value)
        if text.contains("e") { text = String(format: "%.0f", value) }
        return text
    }

    /// A duration in seconds as `45s`, `2m`, `1m30s`, `1h05m`, `3d4h` (for relative time).
    public static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return number(seconds) }
        let sign = seconds < 0 ? "-" : ""
        let total = Int(abs(seconds).rounded())
        let d = total / 86400, h = total % 86400 / 3600, m = total % 3600 / 60, s = total % 60
        if d > 0 { return sign + (h > 0 ? "\(d)d\(h)h" : "\(d)d") }
        if h > 0 { return sign + (m > 0 ? "\(h)h" + (m < 10 ? "0" : "") + "\(m)m" : "\(h)h") }
        if m > 0 { return sign + (s > 0 ? "\(m)m\(s)s" : "\(m)m") }
        return sign + "\(s)s"
    }

    /// Epoch seconds as a wall-clock `HH:MM` (or `HH:MM:SS` with `seconds`) at a fixed offset from UTC.
    public static func clock(_ epochSeconds: Double, utcOffsetSeconds: Int = 0, seconds: Bool = false) -> String {
        guard epochSeconds.isFinite else { return number(epochSeconds) }
        let local = Int(epochSeconds.rounded(.down)) + utcOffsetSeconds
        let inDay = ((local % 86400) + 86400) % 86400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let text = two(inDay / 3600) + ":" + two(inDay % 3600 / 60)
        return seconds ? text + ":" + two(inDay % 60) : text
    }
}
