import Foundation
import MLflowCore
import TerminalCore

/// The JSON the CLI prints: stable field names (snake_case, as MLflow's API), sorted keys,
/// times in milliseconds, NaN and infinities as the strings "NaN", "Infinity", "-Infinity".
enum JSONOutput {
    static func experiment(_ e: Experiment, runCount: Int? = nil) -> [String: Any] {
        var object: [String: Any] = [
            "experiment_id": e.experimentId,
            "name": e.name,
            "lifecycle_stage": e.lifecycleStage.rawValue,
            "artifact_location": e.artifactLocation,
            "tags": dictionary(e.tags),
        ]
        object["creation_time"] = e.creationTime.map { NSNumber(value: $0) } ?? NSNull()
        object["last_update_time"] = e.lastUpdateTime.map { NSNumber(value: $0) } ?? NSNull()
        object["description"] = e.description ?? NSNull()
        return object
    }

    static func run(_ run: Run) -> [String: Any] {
        let info = run.info
        var object: [String: Any] = [
            "run_id": info.runId,
            "run_name": info.runName,
            "experiment_id": info.experimentId,
            "status": info.status.rawValue,
            "user_id": info.userId,
            "artifact_uri": info.artifactUri,
            "lifecycle_stage": info.lifecycleStage.rawValue,
            "params": dictionary(run.params),
            "tags": dictionary(run.tags),
        ]
        object["start_time"] = info.startTime.map { NSNumber(value: $0) } ?? NSNull()
        object["end_time"] = info.endTime.map { NSNumber(value: $0) } ?? NSNull()
        object["parent_run_id"] = run.parentRunId ?? NSNull()
        var metrics: [String: Any] = [:]
        for metric in run.metrics { metrics[metric.key] = number(metric.value) }
        object["metrics"] = metrics
        return object
    }

    static func point(_ metric: Metric) -> [String: Any] {
        ["step": NSNumber(value: metric.step), "timestamp": NSNumber(value: metric.timestamp), "value": number(metric.value)]
    }

    static func number(_ value: Double) -> Any {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "Infinity" }
        if value == -.infinity { return "-Infinity" }
        return NSNumber(value: value)
    }

    static func dictionary(_ pairs: [KeyValue]) -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs { result[pair.key] = pair.value }
        return result
    }

    /// Pretty, sorted, with a trailing newline. DEL, C1 controls and bidi controls, which JSON
    /// allows raw, are written as `\uXXXX` escapes too, so that the output is safe in a terminal and
    /// still decodes to the exact values.
    static func render(_ value: Any) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        let text = String(decoding: data, as: UTF8.self)
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if SafeText.needsEscape(scalar), scalar.value >= 0x7F {
                let hex = String(scalar.value, radix: 16)
                out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out) + "\n"
    }
}
