import Foundation
import GRDB
import MLflowCore

/// The rows MLflow's SQL store writes for a run's data (`sqlalchemy_store.py` `_log_params`,
/// `_log_metrics_once`, `_update_latest_metrics_if_necessary`, `_set_tags`, `update_run_info`).
enum RunRows {
    /// The run's experiment id, checked to exist and be active (`_check_run_is_active`).
    @discardableResult
    static func requireActiveRun(_ db: Database, runId: String) throws -> Int64 {
        guard let row = try Row.fetchOne(db, sql: "SELECT lifecycle_stage, experiment_id FROM runs WHERE run_uuid = ?", arguments: [runId]) else {
            throw MLflowError.notFound("Run with id=\(runId) not found")
        }
        let stage: String? = row[0]
        guard stage == LifecycleStage.active.rawValue else {
            throw MLflowError.invalidArgument("The run \(runId) must be in the 'active' state. Current state is \(stage ?? "unknown").")
        }
        return row[1] ?? 0
    }

    /// Inserts new params; a key already logged with another value is refused, naming it.
    static func logParams(_ db: Database, runId: String, params: [KeyValue]) throws {
        guard !params.isEmpty else { return }
        var seen: [String: String] = [:]
        for param in params {
            if let earlier = seen[param.key] {
                if earlier != param.value {
                    throw MLflowError.invalidArgument(
                        "param '\(param.key)' is given twice with different values ('\(earlier)' and '\(param.value)')")
                }
                continue
            }
            seen[param.key] = param.value
            let existing = try String.fetchOne(db, sql: "SELECT value FROM params WHERE run_uuid = ? AND key = ?", arguments: [runId, param.key])
            if let existing {
                if existing != param.value {
                    throw MLflowError.invalidArgument(
                        "param '\(param.key)' was already logged with value '\(existing)' for run \(runId); "
                            + "MLflow does not allow changing it to '\(param.value)'")
                }
                continue
            }
            try db.execute(sql: "INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)", arguments: [param.key, param.value, runId])
        }
    }

    /// MLflow's `sanitize_metric_value`: NaN is stored as 0 with `is_nan`, ±inf as ±`Double.greatestFiniteMagnitude`.
    static func sanitize(_ value: Double) -> (isNaN: Bool, value: Double) {
        if value.isNaN { return (true, 0) }
        if value.isInfinite { return (false, value > 0 ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude) }
        return (false, value)
    }

    /// Inserts metric points (exact duplicates are skipped, as MLflow does) and moves each key's
    /// latest value forward when a point is more recent by (step, timestamp, value).
    static func logMetrics(_ db: Database, runId: String, metrics: [Metric]) throws {
        guard !metrics.isEmpty else { return }
        struct Latest {
            var value: Double
            var timestamp: Int64
            var step: Int64
            var isNaN: Bool
            var stored: Bool

            func isOlder(than other: Latest) -> Bool {
                (other.step, other.timestamp, other.value) > (step, timestamp, value)
            }
        }
        var latest: [String: Latest] = [:]
        // One compiled statement for the whole batch.
        let insert = try db.cachedStatement(
            sql: "INSERT OR IGNORE INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)")
        for metric in metrics {
            let (isNaN, value) = sanitize(metric.value)
            try insert.execute(arguments: [metric.key, value, metric.timestamp, runId, metric.step, isNaN])
            let candidate = Latest(value: value, timestamp: metric.timestamp, step: metric.step, isNaN: isNaN, stored: false)
            if latest[metric.key] == nil,
               let row = try Row.fetchOne(
                   db, sql: "SELECT value, timestamp, step, is_nan FROM latest_metrics WHERE run_uuid = ? AND key = ?",
                   arguments: [runId, metric.key]) {
                latest[metric.key] = Latest(value: row[0] ?? 0, timestamp: row[1] ?? 0, step: row[2] ?? 0, isNaN: row[3] ?? false, stored: true)
            }
            if let current = latest[metric.key] {
                if current.isOlder(than: candidate) {
                    var updated = candidate
                    updated.stored = current.stored
                    latest[metric.key] = updated
                }
            } else {
                latest[metric.key] = candidate
            }
        }
        for (key, point) in latest.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT OR REPLACE INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [key, point.value, point.timestamp, point.step, point.isNaN, runId])
        }
    }

    /// Sets tags (a later value replaces an earlier one); `mlflow.runName` also renames the run.
    static func setTags(_ db: Database, runId: String, tags: [KeyValue]) throws {
        for tag in tags {
            try db.execute(sql: "INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?, ?, ?)", arguments: [tag.key, tag.value, runId])
            if tag.key == SystemTag.runName {
                try db.execute(sql: "UPDATE runs SET name = ? WHERE run_uuid = ?", arguments: [tag.value, runId])
            }
        }
    }

    /// A name like MLflow's `_generate_random_name`: adjective-noun-number.
    static func randomRunName() -> String {
        let adjectives = ["abundant", "bold", "brave", "bright", "calm", "clever", "crisp", "dapper", "eager", "gentle",
                          "glamorous", "honest", "keen", "lively", "nimble", "quiet", "rare", "sassy", "smiling", "unique"]
        let nouns = ["ant", "bass", "bee", "crab", "crow", "deer", "doe", "finch", "fox", "gull",
                     "hawk", "lark", "mole", "newt", "owl", "ram", "seal", "shrew", "stag", "wolf"]
        let adjective = adjectives.randomElement() ?? "bold"
        let noun = nouns.randomElement() ?? "fox"
        return "\(adjective)-\(noun)-\(Int.random(in: 0..<1000))"
    }
}
