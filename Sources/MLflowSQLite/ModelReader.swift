import GRDB
import MLflowCore

/// MLflow 3 logged models and the model registry.
///
/// Registry queries read the `default` workspace only and leave prompts out (models or versions
/// tagged `mlflow.prompt.is_prompt = 'true'`), as a single-tenant MLflow server does.
enum ModelReader {
    static let promptTag = "mlflow.prompt.is_prompt"
    static let deletedStage = "Deleted_Internal"

    /// Logged models of the experiments that are not deleted, newest first, then by id
    /// (`search_logged_models`' default order).
    static func loggedModels(_ db: Database, experimentIds: [Int64]) throws -> [LoggedModel] {
        guard !experimentIds.isEmpty else { return [] }
        var sql = SQL("""
            SELECT model_id, experiment_id, name, artifact_location, creation_timestamp_ms, \
            last_updated_timestamp_ms, status, model_type, source_run_id \
            FROM logged_models WHERE lifecycle_stage != 'deleted' AND experiment_id IN (
            """)
        sql.text += Array(repeating: "?", count: experimentIds.count).joined(separator: ", ")
        sql.text += ") ORDER BY creation_timestamp_ms DESC, model_id ASC"
        sql.values = experimentIds.map(\.databaseValue)
        var models = try db.map(sql) { row in
            LoggedModel(
                modelId: row.string(0),
                experimentId: row.id(1),
                name: row.string(2),
                artifactUri: row.string(3),
                creationTimestamp: row.int64(4),
                lastUpdatedTimestamp: row.int64(5),
                status: status(row.int64(6)),
                modelType: row.text(7),
                sourceRunId: row.text(8)
            )
        }
        guard !models.isEmpty else { return [] }
        var position: [String: Int] = [:]
        for (index, model) in models.enumerated() { position[model.modelId] = index }
        for chunk in models.map(\.modelId).chunked(500) {
            for (table, key, value) in [("logged_model_params", "param_key", "param_value"), ("logged_model_tags", "tag_key", "tag_value")] {
                let sql = SQL("SELECT model_id, \(key), \(value) FROM \(table) WHERE model_id IN ") + SQL.list(Array(chunk))
                let rows = try db.rows(sql)
                while let row = try rows.next() {
                    guard let index = position[row.string(0)] else { continue }
                    let pair = KeyValue(key: row.string(1), value: row.string(2))
                    if table == "logged_model_params" { models[index].params.append(pair) } else { models[index].tags.append(pair) }
                }
            }
        }
        return models.map { model in
            var model = model
            model.params = model.params.sortedByKey()
            model.tags = model.tags.sortedByKey()
            return model
        }
    }

    /// `LoggedModelStatus.from_int`.
    static func status(_ code: Int64?) -> LoggedModel.Status {
        switch code {
        case 1: .pending
        case 2: .ready
        case 3: .uploadFailed
        default: .unspecified
        }
    }

    /// Where the artifacts of a logged model are, or nil when there is no such model.
    static func artifactLocation(_ db: Database, modelId: String) throws -> String? {
        let sql = SQL("SELECT artifact_location FROM logged_models WHERE model_id = ") + SQL.string(modelId)
        return try db.map(sql) { $0.string(0) }.first
    }

    /// Every registered model with tags and aliases, sorted by name.
    static func registeredModels(_ db: Database, schema: Schema) throws -> [RegisteredModel] {
        let workspace = schema.registryHasWorkspace ? " AND rm.workspace = 'default'" : ""
        let tagWorkspace = schema.registryHasWorkspace ? " AND t.workspace = rm.workspace" : ""
        let sql = """
            SELECT rm.name, rm.creation_time, rm.last_updated_time, rm.description FROM registered_models AS rm \
            WHERE NOT EXISTS (SELECT 1 FROM registered_model_tags AS t WHERE t.name = rm.name\(tagWorkspace) \
            AND t.key = '\(promptTag)' AND t.value = 'true')\(workspace) ORDER BY rm.name ASC
            """
        var models = try db.map(SQL(sql)) { row in
            RegisteredModel(
                name: row.string(0), creationTimestamp: row.int64(1), lastUpdatedTimestamp: row.int64(2),
                description: row.string(3)
            )
        }
        guard !models.isEmpty else { return [] }
        var position: [String: Int] = [:]
        for (index, model) in models.enumerated() { position[model.name] = index }
        let scope = schema.registryHasWorkspace ? "workspace = 'default' AND " : ""
        for chunk in models.map(\.name).chunked(500) {
            let tagSQL = SQL("SELECT name, key, value FROM registered_model_tags WHERE \(scope)name IN ") + SQL.list(Array(chunk))
            let tagRows = try db.rows(tagSQL)
            while let row = try tagRows.next() {
                guard let index = position[row.string(0)] else { continue }
                models[index].tags.append(KeyValue(key: row.string(1), value: row.string(2)))
            }
            guard schema.hasAliases else { continue }
            let aliasSQL = SQL("SELECT name, alias, version FROM registered_model_aliases WHERE \(scope)name IN ") + SQL.list(Array(chunk))
            let aliasRows = try db.rows(aliasSQL)
            while let row = try aliasRows.next() {
                guard let index = position[row.string(0)] else { continue }
                models[index].aliases.append(ModelAlias(alias: row.string(1), version: row.id(2)))
            }
        }
        return models.map { model in
            var model = model
            model.tags = model.tags.sortedByKey()
            model.aliases.sort { $0.alias < $1.alias }
            return model
        }
    }

    /// Every version of one registered model, highest version first.
    static func modelVersions(_ db: Database, name: String, schema: Schema) throws -> [ModelVersion] {
        let workspace = schema.registryHasWorkspace ? " AND mv.workspace = 'default'" : ""
        let tagWorkspace = schema.registryHasWorkspace ? " AND t.workspace = mv.workspace" : ""
        let sql = SQL("""
            SELECT mv.name, mv.version, mv.creation_time, mv.last_updated_time, mv.description, mv.user_id, \
            mv.current_stage, mv.source, mv.run_id, mv.status FROM model_versions AS mv WHERE mv.name = 
            """) + SQL.string(name) + SQL("""
            \(workspace) AND mv.current_stage != '\(deletedStage)' \
            AND NOT EXISTS (SELECT 1 FROM model_version_tags AS t WHERE t.name = mv.name\(tagWorkspace) \
            AND t.key = '\(promptTag)' AND t.value = 'true') ORDER BY mv.version DESC
            """)
        let versions = try db.map(sql) { row in
            let source = row.string(7)
            return ModelVersion(
                name: row.string(0),
                version: row.id(1),
                creationTimestamp: row.int64(2),
                lastUpdatedTimestamp: row.int64(3),
                description: row.string(4),
                userId: row.string(5),
                currentStage: row.text(6) ?? "None",
                source: source,
                runId: row.text(8),
                status: row.text(9) ?? "READY",
                modelId: loggedModelId(fromSource: source)
            )
        }
        guard !versions.isEmpty else { return [] }
        let scope = schema.registryHasWorkspace ? "workspace = 'default' AND " : ""
        let tagSQL = SQL("SELECT version, key, value FROM model_version_tags WHERE \(scope)name = ") + SQL.string(name)
        var tags: [String: [KeyValue]] = [:]
        let tagRows = try db.rows(tagSQL)
        while let row = try tagRows.next() {
            tags[row.id(0), default: []].append(KeyValue(key: row.string(1), value: row.string(2)))
        }
        var aliases: [String: [String]] = [:]
        if schema.hasAliases {
            let aliasSQL = SQL("SELECT version, alias FROM registered_model_aliases WHERE \(scope)name = ") + SQL.string(name)
            let aliasRows = try db.rows(aliasSQL)
            while let row = try aliasRows.next() {
                aliases[row.id(0), default: []].append(row.string(1))
            }
        }
        return versions.map { version in
            var version = version
            version.tags = (tags[version.version] ?? []).sortedByKey()
            version.aliases = (aliases[version.version] ?? []).sorted()
            return version
        }
    }

    /// The logged model a version was registered from: `models:/m-<id>` sources name it.
    ///
    /// MLflow's SQL registry does not store `model_id` (its file store does); the source is
    /// where the id is kept, so it is read from there.
    static func loggedModelId(fromSource source: String) -> String? {
        guard source.hasPrefix("models:/") else { return nil }
        let rest = source.dropFirst("models:/".count)
        let id = rest.prefix { $0 != "/" }
        guard id.hasPrefix("m-"), id.count > 2 else { return nil }
        return String(id)
    }
}
