import Foundation
import MLflowCore

/// The JSON the CLI prints: stable field names (snake_case, as MLflow's API), sorted keys,
/// times in milliseconds (null when unset), NaN and infinities as "NaN", "Infinity", "-Infinity".
enum JSONOutput {
    static func experiments(_ experiments: [Experiment]) -> [UInt8] {
        var w = JSONWriter()
        w.beginArray()
        for e in experiments {
            w.beginObject()
            w.key("artifact_location"); w.string(e.artifactLocation)
            w.key("creation_time"); w.optionalInt(e.creationTime)
            w.key("description"); w.optionalString(e.description)
            w.key("experiment_id"); w.string(e.experimentId)
            w.key("last_update_time"); w.optionalInt(e.lastUpdateTime)
            w.key("lifecycle_stage"); w.string(e.lifecycleStage.rawValue)
            w.key("name"); w.string(e.name)
            w.key("tags"); w.stringMap(sortedPairs(e.tags))
            w.endObject()
        }
        w.endArray()
        return w.bytes
    }

    /// Writes runs (whose metrics are sorted by key, as every store returns them) to `sink` in chunks, so that the whole output is never held at once.
    static func runs(_ runs: [Run], sink: (inout [UInt8]) -> Void) {
        var w = JSONWriter(capacity: 1 << 20)
        w.beginArray()
        for run in runs {
            let info = run.info
            w.beginObject()
            w.key("artifact_uri"); w.string(info.artifactUri)
            w.key("end_time"); w.optionalInt(info.endTime)
            w.key("experiment_id"); w.string(info.experimentId)
            w.key("lifecycle_stage"); w.string(info.lifecycleStage.rawValue)
            w.key("metrics")
            w.beginObject()
            for metric in run.metrics {
                w.key(metric.key)
                w.double(metric.value)
            }
            w.endObject()
            w.key("params"); w.stringMap(sortedPairs(run.params))
            w.key("parent_run_id"); w.optionalString(run.parentRunId)
            w.key("run_id"); w.string(info.runId)
            w.key("run_name"); w.string(info.runName)
            w.key("start_time"); w.optionalInt(info.startTime)
            w.key("status"); w.string(info.status.rawValue)
            w.key("tags"); w.stringMap(sortedPairs(run.tags))
            w.key("user_id"); w.string(info.userId)
            w.endObject()
            if w.bytes.count > 1 << 20 {
                var chunk = w.take()
                sink(&chunk)
            }
        }
        w.endArray()
        var rest = w.take()
        sink(&rest)
    }

    static func history(_ points: [Metric], runId: String, key: String, sampled: Bool) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("key"); w.string(key)
        w.key("points")
        w.beginArray()
        for point in points {
            w.beginObject()
            w.key("step"); w.int(point.step)
            w.key("timestamp"); w.int(point.timestamp)
            w.key("value"); w.double(point.value)
            w.endObject()
        }
        w.endArray()
        w.key("run_id"); w.string(runId)
        w.key("sampled"); w.bool(sampled)
        w.endObject()
        return w.bytes
    }

    /// Pairs sorted by key (Swift's `<` on strings: by Unicode scalar values), last value of a key kept.
    static func sortedPairs(_ pairs: [KeyValue]) -> [(String, String)] {
        // Stores return pairs sorted by key already; only repair when they are not.
        if zip(pairs, pairs.dropFirst()).allSatisfy({ $0.key < $1.key }) { return pairs.map { ($0.key, $0.value) } }
        var seen: [String: String] = [:]
        for pair in pairs { seen[pair.key] = pair.value }
        return seen.sorted { $0.key < $1.key }
    }
}
