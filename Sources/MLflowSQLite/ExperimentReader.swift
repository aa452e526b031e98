import Foundation
import GRDB
import MLflowCore

/// Experiment queries, as `SqlAlchemyStore.search_experiments` / `get_experiment` run them.
enum ExperimentReader {
    static let columns = "experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time"

    /// One page in MLflow's default order: creation time descending, then id.
    static func search(_ db: Database, view: ViewType, limit: Int, offset: Int) throws -> [Experiment] {
        var sql = SQL("SELECT \(columns) FROM experiments WHERE lifecycle_stage IN ")
        sql.append(SQL.list(view.stages))
        sql.append(" ORDER BY creation_time DESC, experiment_id ASC LIMIT ? OFFSET ?", limit.databaseValue, offset.databaseValue)
        return try load(db, sql)
    }

    static func byId(_ db: Database, id: Int64) throws -> Experiment? {
        let sql = SQL("SELECT \(columns) FROM experiments WHERE experiment_id = ? AND lifecycle_stage IN ('active', 'deleted')", [id.databaseValue])
        return try load(db, sql).first
    }

    static func byName(_ db: Database, name: String) throws -> Experiment? {
        var sql = SQL("SELECT \(columns) FROM experiments WHERE name = ")
        sql.append(SQL.string(name))
        sql.text += " AND lifecycle_stage IN ('active', 'deleted')"
        return try load(db, sql).first
    }

    private static func load(_ db: Database, _ sql: SQL) throws -> [Experiment] {
        let experiments = try db.map(sql) { row in
            Experiment(
                experimentId: row.id(0),
                name: row.string(1),
                artifactLocation: row.string(2),
                lifecycleStage: row.text(3) == LifecycleStage.deleted.rawValue ? .deleted : .active,
                creationTime: row.int64(4),
                lastUpdateTime: row.int64(5)
            )
        }
        guard !experiments.isEmpty else { return [] }
        var tags: [String: [KeyValue]] = [:]
        for chunk in experiments.map(\.experimentId).chunked(500) {
            var tagSQL = SQL("SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN (")
            tagSQL.text += Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")"
            tagSQL.values = chunk.map { (Int64($0) ?? -1).databaseValue }
            let tagRows = try db.rows(tagSQL)
            while let row = try tagRows.next() {
                tags[row.id(0), default: []].append(KeyValue(key: row.string(1), value: row.string(2)))
            }
        }
        return experiments.map { experiment in
            var experiment = experiment
            experiment.tags = (tags[experiment.experimentId] ?? []).sortedByKey()
            return experiment
        }
    }

    /// MLflow's experiment id: an integer, as `_parse_experiment_id` accepts it.
    static func parseId(_ id: String) throws -> Int64 {
        let trimmed = id.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard let value = Int64(trimmed.hasPrefix("+") ? String(trimmed.dropFirst()) : trimmed) else {
            throw MLflowError.invalidArgument("Invalid experiment ID '\(id)'. Experiment ID must be a valid integer.")
        }
        return value
    }
}

extension ViewType {
    /// The lifecycle stages this view selects (`LifecycleStage.view_type_to_stages`).
    var stages: [String] {
        switch self {
        case .activeOnly: [LifecycleStage.active.rawValue]
        case .deletedOnly: [LifecycleStage.deleted.rawValue]
        case .all: [LifecycleStage.active.rawValue, LifecycleStage.deleted.rawValue]
        }
    }
}
