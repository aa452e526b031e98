import Foundation
import Synchronization

/// Metrics parsed from output lines with a regular expression of named groups.
///
/// Each named group other than `step` is a metric whose value is the captured number; `step`,
/// when present, is the step of all of them. Without it, each metric's values get steps 0, 1, 2…
/// in the order they appear. A captured text that is not a number is skipped.
final class StdoutMetrics: Sendable {
    // NSRegularExpression (ICU) rather than Swift's Regex: many times faster per line.
    let regex: NSRegularExpression
    let names: [String]
    /// Values seen per metric, for the steps of metrics logged without one.
    private let counts = Mutex<[String: Int64]>([:])

    /// A parsed metric value.
    struct Value: Equatable {
        var key: String
        var value: Double
        var step: Int64
    }

    init(pattern: String) throws {
        do { regex = try NSRegularExpression(pattern: pattern) } catch {
            throw CLIError.usage("--metrics-from-stdout: '\(pattern)' is not a valid regular expression: \(error)")
        }
        names = Self.groupNames(pattern)
        try Self.check(names, pattern)
    }

    private static func check(_ names: [String], _ pattern: String) throws {
        if names.filter({ $0 != "step" }).isEmpty {
            throw CLIError.usage("--metrics-from-stdout: '\(pattern)' has no named group to take a metric from, e.g. loss=(?<loss>[0-9.eE+-]+)")
        }
    }

    /// The names of `(?<name>…)` groups, in order.
    static func groupNames(_ pattern: String) -> [String] {
        var names: [String] = []
        var rest = Substring(pattern)
        while let open = rest.range(of: "(?<") {
            let after = rest[open.upperBound...]
            guard let close = after.firstIndex(of: ">") else { break }
            let name = String(after[..<close])
            if !name.isEmpty, !name.hasPrefix("="), !name.hasPrefix("!") { names.append(name) }
            rest = after[close...]
        }
        return names
    }

    /// The metrics in one line (the first match in it), in group order.
    func parse(_ line: String) -> [Value] {
        let whole = NSRange(line.startIndex..., in: line)
        guard let match = regex.firstMatch(in: line, range: whole) else { return [] }
        var explicitStep: Int64?
        var found: [(String, Double)] = []
        for name in names {
            let range = match.range(withName: name)
            guard range.location != NSNotFound, let textRange = Range(range, in: line) else { continue }
            let text = line[textRange].trimmingCharacters(in: .whitespaces)
            if name == "step" {
                explicitStep = Int64(text)
            } else if let value = Double(text) {
                found.append((name, value))
            }
        }
        return counts.withLock { counts in
            found.map { key, value in
                let step = explicitStep ?? counts[key, default: 0]
                counts[key, default: 0] += 1
                return Value(key: key, value: value, step: step)
            }
        }
    }
}
