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
        let parts = try LocalArtifactRoot.validateRelative(artifactPath)
        guard !parts.isEmpty else { throw MLflowError.invalidArgument("artifact path is empty") }
        let root = try await artifactRoot(ofRun: runId)
        guard let proxied = RESTStore.proxiedPath(artifactRoot: root) else {
            throw MLflowError.unsupported(
                "run \(runId) stores artifacts at '\(root)', which this server does not proxy; start the server with --serve-artifacts")
        }
        let path = "/api/2.0/mlflow-artifacts/artifacts/" + PercentEncoding.path(proxied) + "/" + PercentEncoding.path(parts.joined(separator: "/"))
        try await transport.upload(path, file: localFile, contentType: MIMEType.guess(parts.last ?? ""))
    }
}

struct EmptyResponse: Decodable {}

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
