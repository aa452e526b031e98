import Foundation
import MLflowCore

extension RESTStore: TrackingWriter {
    public func getOrCreateExperiment(name: String, artifactLocation: String?, tags: [KeyValue]) async throws -> Experiment {
        if let existing = try await experiment(named: name) {
            guard existing.lifecycleStage == .active else {
                throw MLflowError.invalidArgument(
                    "experiment '\(name)' is deleted; restore it or choose another name")
            }
            return existing
        }
        var body: [String: Any] = ["name": name]
        if let artifactLocation, !artifactLocation.isEmpty { body["artifact_location"] = artifactLocation }
        if !tags.isEmpty { body["tags"] = tags.map { ["key": $0.key, "value": $0.value] } }
        do {
            let created = try await post("/experiments/create", body, as: CreateExperimentResponse.self)
            return try await experiment(id: created.experiment_id)
        } catch MLflowError.server(_, let code, _) where code == "RESOURCE_ALREADY_EXISTS" {
            // Created by someone else meanwhile.
            guard let existing = try await experiment(named: name) else { throw MLflowError.notFound("experiment '\(name)'") }
            return existing
        }
    }

    public func createRun(experimentId: String, runName: String, startTime: Int64, userId: String, tags: [KeyValue]) async throws -> RunInfo {
        var body: [String: Any] = ["experiment_id": experimentId, "start_time": startTime, "user_id": userId]
        if !runName.isEmpty { body["run_name"] = runName }
        if !tags.isEmpty { body["tags"] = tags.map { ["key": $0.key, "value": $0.value] } }
        return try await post("/runs/create", body, as: CreateRunResponse.self).run.model().info
    }

    public func logBatch(runId: String, metrics: [Metric], params: [KeyValue], tags: [KeyValue]) async throws {
        try LogBatch.validate(metrics: metrics, params: params, tags: tags)
        for batch in LogBatch.split(metrics: metrics, params: params, tags: tags) {
            let body: [String: Any] = [
                "run_id": runId,
                "metrics": batch.metrics.map { metric -> [String: Any] in
                    ["key": metric.key, "value": RESTWriterJSON.double(metric.value), "timestamp": metric.timestamp, "step": metric.step]
                },
                "params": batch.params.map { ["key": $0.key, "value": $0.value] },
                "tags": batch.tags.map { ["key": $0.key, "value": $0.value] },
            ]
            _ = try await post("/runs/log-batch", body, as: EmptyResponse.self)
        }
    }

    public func updateRun(runId: String, status: RunStatus?, endTime: Int64?, runName: String?) async throws {
        var body: [String: Any] = ["run_id": runId]
        if let status { body["status"] = status.rawValue }
        if let endTime { body["end_time"] = endTime }
        if let runName { body["run_name"] = runName }
        _ = try await post("/runs/update", body, as: EmptyResponse.self)
    }

    public func setTag(runId: String, key: String, value: String) async throws {
        try LogBatch.validate(metrics: [], params: [], tags: [KeyValue(key: key, value: value)])
        _ = try await post("/runs/set-tag", ["run_id": runId, "key": key, "value": value], as: EmptyResponse.self)
    }

    public func uploadArtifact(runId: String, localFile: String, artifactPath: String) async throws {
        let parts = try UploadPathRules.check(artifactPath)
        let root = try await artifactRoot(ofRun: runId)
        guard let route = root.proxiedRoute else {
            throw MLflowError.unsupported(
                "run \(runId) stores artifacts at '\(root.uri)', which this server does not proxy; start the server with --serve-artifacts")
        }
        let path = route + "/" + PercentEncoding.path(parts.joined(separator: "/"))
        try await transport.upload(path, file: localFile, contentType: MIMEType.guess(parts.last ?? ""))
    }
}

struct EmptyResponse: Decodable {}

/// What MLflow's server does to an uploaded artifact path, checked before sending so that no file is
/// stored under another name without a word (MLflow's own client loses everything after `#` or `?`).
///
/// The server percent-decodes the path until it stops changing, rejects `#` and `..`, and stores
/// control characters as `%xx` (`mlflow/utils/uri.py` `validate_path_is_safe`). Every segment is
/// percent-encoded on the way, so `?`, `&`, `=`, `+`, spaces and a lone `%` arrive intact.
public enum UploadPathRules {
    /// The path's segments, or an error that says why the server would refuse or rename it.
    public static func check(_ path: String) throws -> [String] {
        let parts = try LocalArtifactRoot.validateRelative(path)
        guard !parts.isEmpty else { throw MLflowError.invalidArgument("artifact path is empty") }
        if path.contains("#") {
            throw MLflowError.invalidArgument("artifact path '\(path)': MLflow's server does not accept '#' in artifact paths")
        }
        if path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw MLflowError.invalidArgument(
                "artifact path '\(path.debugDescription)': MLflow's server would store its control characters as %xx escapes")
        }
        if let decoded = path.removingPercentEncoding, decoded != path {
            throw MLflowError.invalidArgument(
                "artifact path '\(path)': MLflow's server decodes percent escapes and would store it as '\(decoded)'")
        }
        return parts
    }
}

enum RESTWriterJSON {
    /// JSON has no NaN or infinity; MLflow's server accepts protobuf's string forms.
    static func double(_ value: Double) -> Any {
        if value.isNaN { return "NaN" }
        if value == .infinity { return "Infinity" }
        if value == -.infinity { return "-Infinity" }
        return value
    }
}

/// A content type for an uploaded file, by extension.
enum MIMEType {
    static func guess(_ name: String) -> String {
        let ext = (name as NSString).pathExtension.lowercased()
        switch ext {
        case "txt", "log", "md", "py", "yaml", "yml", "cfg", "ini", "toml": return "text/plain"
        case "json": return "application/json"
        case "csv": return "text/csv"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "svg": return "image/svg+xml"
        case "html": return "text/html"
        default: return "application/octet-stream"
        }
    }
}
