import Foundation
import MLflowCore
import TestFixtures

/// Writes small `mlruns` trees in the layout MLflow 3.17's file store uses (copied from trees it
/// wrote), for cases the generated fixtures do not cover.
struct TreeBuilder {
    /// The `mlruns` folder.
    let root: String

    /// A fresh, empty `mlruns` in a scratch folder named after the test.
    init(_ name: String) throws {
        let scratch = try Fixtures.scratch("filestore-" + name)
        root = scratch + "/mlruns"
        try FileManager.default.createDirectory(atPath: root + "/.trash", withIntermediateDirectories: true)
    }

    /// Writes `content` to a path relative to the root, creating folders.
    func write(_ relative: String, _ content: String) throws {
        try write(relative, Data(content.utf8))
    }

    func write(_ relative: String, _ data: Data) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: data) else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// An experiment folder with MLflow's `meta.yaml`; `trash` puts it in `.trash`.
    func experiment(
        _ id: String, name: String, created: Int64? = 1_700_000_000_000, stage: String = "active",
        trash: Bool = false, quotedId: Bool = true, tags: [String: String] = [:]
    ) throws {
        let folder = (trash ? ".trash/" : "") + id
        var lines = [
            "artifact_location: file://\(root)/\(id)",
            created.map { "creation_time: \($0)" } ?? "creation_time: null",
            "effective_trace_archival_retention: null",
            quotedId ? "experiment_id: '\(id)'" : "experiment_id: \(id)",
            "last_update_time: \(created ?? 0)",
            "lifecycle_stage: \(stage)",
            "name: \(name)",
            "trace_location: null",
            "workspace: default",
        ]
        if created == nil { lines.remove(at: 4) }
        try write(folder + "/meta.yaml", lines.joined(separator: "\n") + "\n")
        for (key, value) in tags { try write(folder + "/tags/" + key, value) }
    }

    /// A run folder with MLflow's `meta.yaml` and its `metrics`, `params`, `artifacts` folders.
    /// `status` is the file store's integer; nil leaves it out (old files). A name is also
    /// written as the `mlflow.runName` tag, as MLflow does, unless `tags` sets that tag.
    func run(
        _ runId: String, experiment: String, name: String = "", status: Int? = 3, start: Int64? = 1_700_000_000_000,
        end: Int64? = 1_700_000_001_000, stage: String? = "active", trash: Bool = false,
        params: [String: String] = [:], tags: [String: String] = [:], metrics: [String: String] = [:]
    ) throws {
        let folder = (trash ? ".trash/" : "") + experiment + "/" + runId
        var lines = [
            "artifact_uri: file://\(root)/\(experiment)/\(runId)/artifacts",
            "end_time: \(end.map(String.init) ?? "null")",
            "entry_point_name: ''",
            "experiment_id: '\(experiment)'",
        ]
        if let stage { lines.append("lifecycle_stage: \(stage)") }
        lines += [
            "run_id: \(runId)",
            "run_name: \(name.isEmpty ? "''" : name)",
            "source_name: ''",
            "source_type: 4",
            "source_version: ''",
            "start_time: \(start.map(String.init) ?? "null")",
        ]
        if let status { lines.append("status: \(status)") }
        lines += ["tags: []", "user_id: tester"]
        try write(folder + "/meta.yaml", lines.joined(separator: "\n") + "\n")
        for sub in ["metrics", "params", "artifacts"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder + "/" + sub, withIntermediateDirectories: true)
        }
        for (key, value) in params { try write(folder + "/params/" + key, value) }
        var tags = tags
        if !name.isEmpty, tags[SystemTag.runName] == nil { tags[SystemTag.runName] = name }
        for (key, value) in tags { try write(folder + "/tags/" + key, value) }
        for (key, lines) in metrics { try write(folder + "/metrics/" + key, lines) }
    }

    /// A 32-hex run id made from a number.
    static func runId(_ n: Int) -> String {
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: 32 - hex.count) + hex
    }
}
