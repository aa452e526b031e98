import Foundation

/// A stand-in for a Databricks workspace's MLflow REST API: it answers the reads Runboard makes
/// (experiments, runs, one run, a metric's history) from a small fixed data set, and only to
/// requests that carry `Authorization: Bearer <token>`; anything else gets Databricks' 401.
public enum DatabricksServer {
    public static let experimentName = "workspace-sweep"
    public static let runIds = ["0a1b2c3d4e5f40718293a4b5c6d7e8f9", "1a1b2c3d4e5f40718293a4b5c6d7e8f9"]

    /// Starts the server; its `url` is the workspace's host.
    public static func start(token: String) async throws -> FaultServer {
        try await FaultServer { request, _ in answer(request, token: token) }
    }

    static func answer(_ request: RecordedRequest, token: String) -> FaultAction {
        guard request.header("Authorization") == "Bearer \(token)" else {
            return .respond(status: 401, headers: [("Content-Type", "application/json")],
                            body: #"{"error_code": "401", "message": "Credential was not sent or was of an unsupported type for this API."}"#)
        }
        let path = String(request.uri.prefix { $0 != "?" })
        switch path {
        case "/api/2.0/mlflow/experiments/search":
            return ok(#"{"experiments": [\#(experiment)]}"#)
        case "/api/2.0/mlflow/experiments/get", "/api/2.0/mlflow/experiments/get-by-name":
            return ok(#"{"experiment": \#(experiment)}"#)
        case "/api/2.0/mlflow/runs/search":
            return ok(#"{"runs": [\#(runIds.enumerated().map { run($0.element, loss: 0.5 - 0.25 * Double($0.offset)) }.joined(separator: ", "))]}"#)
        case "/api/2.0/mlflow/runs/get":
            let id = runIds.first { request.uri.contains($0) } ?? runIds[0]
            return ok(#"{"run": \#(run(id, loss: 0.5))}"#)
        case "/api/2.0/mlflow/metrics/get-history":
            let points = (0..<3).map { #"{"key": "loss", "value": \#(1.0 / Double($0 + 1)), "timestamp": \#(1_700_000_000_000 + $0), "step": \#($0)}"# }
            return ok(#"{"metrics": [\#(points.joined(separator: ", "))]}"#)
        default:
            return .respond(status: 404, body: #"{"error_code": "ENDPOINT_NOT_FOUND", "message": "No API found for '\#(path)'"}"#)
        }
    }

    static let experiment = #"""
    {"experiment_id": "1234567890", "name": "\#(experimentName)", "artifact_location": "dbfs:/databricks/mlflow-tracking/1234567890",
     "lifecycle_stage": "active", "last_update_time": 1700000000000, "creation_time": 1700000000000, "tags": []}
    """#

    static func run(_ id: String, loss: Double) -> String {
        #"""
        {"info": {"run_id": "\#(id)", "run_uuid": "\#(id)", "experiment_id": "1234567890", "run_name": "run-\#(id.prefix(4))",
         "user_id": "someone@example.com", "status": "FINISHED", "start_time": 1700000000000, "end_time": 1700000060000,
         "artifact_uri": "dbfs:/databricks/mlflow-tracking/1234567890/\#(id)/artifacts", "lifecycle_stage": "active"},
         "data": {"metrics": [{"key": "loss", "value": \#(loss), "timestamp": 1700000060000, "step": 2}],
                  "params": [{"key": "lr", "value": "0.01"}], "tags": []}}
        """#
    }

    static func ok(_ body: String) -> FaultAction {
        .respond(status: 200, headers: [("Content-Type", "application/json")], body: body)
    }
}
