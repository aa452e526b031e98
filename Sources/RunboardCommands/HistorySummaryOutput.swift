import Foundation
import MLflowClient

/// How `runboard history --summary` prints a metric's exact summary in each output format.
struct HistorySummaryOutput {
    var summary: MetricSummary
    var runId: String
    var key: String

    var goal: MetricGoal { MetricGoal(key: key) }

    func render(_ format: OutputFormat, width: Int) -> String {
        switch format {
        case .json: return String(decoding: json(), as: UTF8.self)
        case .csv: return csvTable().render(.csv, width: width)
        case .table, .md: return verticalTable().render(format, width: width)
        }
    }

    /// `{"best", "better", "count", "key", "max", "min", "nan_count", "negative_infinity_count",
    /// "positive_infinity_count", "run_id"}`, keys sorted; an extreme is `{"step", "timestamp",
    /// "value"}` or null when no point is finite.
    func json() -> [UInt8] {
        var w = JSONWriter()
        func extreme(_ point: MetricExtreme?) {
            guard let point else { return w.null() }
            w.beginObject()
            w.key("step"); w.int(point.step)
            w.key("timestamp"); w.int(point.timestamp)
            w.key("value"); w.double(point.value)
            w.endObject()
        }
        w.beginObject()
        w.key("best"); extreme(summary.best(goal))
        w.key("better"); w.string(goal.rawValue)
        w.key("count"); w.int(Int64(summary.count))
        w.key("key"); w.string(key)
        w.key("max"); extreme(summary.max)
        w.key("min"); extreme(summary.min)
        w.key("nan_count"); w.int(Int64(summary.nanCount))
        w.key("negative_infinity_count"); w.int(Int64(summary.negativeInfinityCount))
        w.key("positive_infinity_count"); w.int(Int64(summary.positiveInfinityCount))
        w.key("run_id"); w.string(runId)
        w.endObject()
        return w.bytes
    }

    /// One row with a column per figure, for scripts.
    func csvTable() -> TextTable {
        var columns = ["run_id", "key", "count"]
        var row = [runId, key, String(summary.count)]
        for (name, point) in [("min", summary.min), ("max", summary.max), ("best", summary.best(goal))] {
            columns += [name, "\(name)_step", "\(name)_timestamp"]
            row += [point.map { Format.number($0.value) } ?? "", point.map { String($0.step) } ?? "", point.map { String($0.timestamp) } ?? ""]
        }
        columns += ["better", "nan_count", "positive_infinity_count", "negative_infinity_count"]
        row += [goal.rawValue, String(summary.nanCount), String(summary.positiveInfinityCount), String(summary.negativeInfinityCount)]
        return TextTable(columns: columns, rows: [row])
    }

    /// One line per figure, for people.
    func verticalTable() -> TextTable {
        func at(_ point: MetricExtreme?) -> String {
            guard let point else { return "none (no finite value)" }
            return "\(Format.number(point.value)) @ step \(point.step)"
        }
        let better = goal == .lowerIsBetter ? "lower is better" : "higher is better"
        let rows = [
            ["run", runId],
            ["metric", key],
            ["points", String(summary.count)],
            ["min", at(summary.min)],
            ["max", at(summary.max)],
            ["best", summary.best(goal) == nil ? at(nil) : at(summary.best(goal)) + ", \(better)"],
            ["NaN", String(summary.nanCount)],
            ["+inf", String(summary.positiveInfinityCount)],
            ["-inf", String(summary.negativeInfinityCount)],
        ]
        return TextTable(columns: ["figure", "value"], rows: rows)
    }
}

/// Points read so far, shown on standard error while a store reads a long history page by page
/// (only when standard error is a terminal).
final class ReadProgress: Sendable {
    static func onTerminal() -> ReadProgress? {
        isatty(STDERR_FILENO) == 1 ? ReadProgress() : nil
    }

    var report: @Sendable (Int) -> Void {
        { count in FileHandle.standardError.write(Data("\rrunboard: \(count) points read".utf8)) }
    }

    func finish() {
        FileHandle.standardError.write(Data("\r\u{1b}[K".utf8))
    }
}
