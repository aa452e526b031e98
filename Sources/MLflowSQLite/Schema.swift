import GRDB
import MLflowCore

/// What an `mlflow.db` holds, checked once when the store opens.
///
/// The store reads any schema revision that has the tables and columns it relies on
/// (`mlflow/store/tracking/dbmodels/models.py`, `mlflow/store/model_registry/dbmodels/models.py`);
/// newer features (datasets, logged models, the registry, workspaces) are read when present.
struct Schema: Sendable {
    /// The `alembic_version` revision, e.g. `dc11669786a5` for MLflow 3.17.
    let revision: String
    let hasInputs: Bool
    /// `inputs.step`, which MLflow 3 uses for a logged model's output step.
    let hasInputStep: Bool
    let hasLoggedModels: Bool
    let hasRegistry: Bool
    let hasAliases: Bool
    /// Whether `metrics` has MLflow's `(run_uuid, key, step)` index, which sampling scans.
    let hasStepIndex: Bool
    /// Whether registry rows carry a `workspace` column (MLflow 3.x); only `default` is read.
    let registryHasWorkspace: Bool

    /// Columns every readable tracking database has.
    static let required: [(table: String, columns: [String])] = [
        ("experiments", ["experiment_id", "name", "artifact_location", "lifecycle_stage", "creation_time", "last_update_time"]),
        ("experiment_tags", ["key", "value", "experiment_id"]),
        ("runs", ["run_uuid", "name", "user_id", "status", "start_time", "end_time", "lifecycle_stage", "artifact_uri", "experiment_id"]),
        ("params", ["key", "value", "run_uuid"]),
        ("tags", ["key", "value", "run_uuid"]),
        ("metrics", ["key", "value", "timestamp", "step", "is_nan", "run_uuid"]),
        ("latest_metrics", ["key", "value", "timestamp", "step", "is_nan", "run_uuid"]),
    ]

    static let inputTables: [(table: String, columns: [String])] = [
        ("datasets", ["dataset_uuid", "experiment_id", "name", "digest", "dataset_source_type", "dataset_source", "dataset_schema", "dataset_profile"]),
        ("inputs", ["input_uuid", "source_type", "source_id", "destination_type", "destination_id"]),
        ("input_tags", ["input_uuid", "name", "value"]),
    ]

    static let loggedModelTables: [(table: String, columns: [String])] = [
        ("logged_models", ["model_id", "experiment_id", "name", "artifact_location", "creation_timestamp_ms", "last_updated_timestamp_ms", "status", "lifecycle_stage", "model_type", "source_run_id"]),
        ("logged_model_params", ["model_id", "param_key", "param_value"]),
        ("logged_model_tags", ["model_id", "tag_key", "tag_value"]),
    ]

    static let registryTables: [(table: String, columns: [String])] = [
        ("registered_models", ["name", "creation_time", "last_updated_time", "description"]),
        ("registered_model_tags", ["name", "key", "value"]),
        ("model_versions", ["name", "version", "creation_time", "last_updated_time", "description", "user_id", "current_stage", "source", "run_id", "status"]),
        ("model_version_tags", ["name", "version", "key", "value"]),
    ]

    /// Reads and checks the schema; throws `MLflowError.storage` naming what is missing.
    static func inspect(_ db: Database, path: String) throws -> Schema {
        let tables = Set(try db.map(SQL("SELECT name FROM sqlite_master WHERE type = 'table'")) { $0.string(0) })
        guard tables.contains("experiments"), tables.contains("runs") else {
            throw MLflowError.storage("\(path) is not an MLflow tracking database (it has no experiments and runs tables)")
        }
        guard tables.contains("alembic_version") else {
            throw MLflowError.storage("\(path) has no alembic_version table, so it was not written by MLflow's SQL store")
        }
        let revision = try db.map(SQL("SELECT version_num FROM alembic_version")) { $0.string(0) }.first ?? ""

        func columns(_ table: String) throws -> Set<String> {
            guard tables.contains(table) else { return [] }
            return Set(try db.map(SQL("PRAGMA table_info(\(table))")) { $0.string(1) })
        }
        func missing(_ wanted: [(table: String, columns: [String])]) throws -> [String] {
            var result: [String] = []
            for (table, needed) in wanted {
                guard tables.contains(table) else {
                    result.append(table)
                    continue
                }
                let present = try columns(table)
                result += needed.filter { !present.contains($0) }.map { "\(table).\($0)" }
            }
            return result
        }

        let absent = try missing(required)
        guard absent.isEmpty else {
            throw MLflowError.storage(
                "\(path) has MLflow schema revision '\(revision)', which this reader does not know "
                    + "(missing: \(absent.joined(separator: ", "))); upgrade it with `mlflow db upgrade` or open it through an MLflow server")
        }
        let registry = try missing(registryTables).isEmpty
        let stepIndex = try db.map(SQL("PRAGMA index_info(index_metrics_run_uuid_key_step)")) { $0.string(2) }
        let aliases = try missing([("registered_model_aliases", ["name", "alias", "version"])]).isEmpty
        let modelsHaveWorkspace = try columns("registered_models").contains("workspace")
        let versionsHaveWorkspace = try columns("model_versions").contains("workspace")
        return Schema(
            revision: revision,
            hasInputs: try missing(inputTables).isEmpty,
            hasInputStep: try columns("inputs").contains("step"),
            hasLoggedModels: try missing(loggedModelTables).isEmpty,
            hasRegistry: registry,
            hasAliases: registry && aliases,
            hasStepIndex: stepIndex == ["run_uuid", "key", "step"],
            registryHasWorkspace: registry && modelsHaveWorkspace && versionsHaveWorkspace
        )
    }
}
