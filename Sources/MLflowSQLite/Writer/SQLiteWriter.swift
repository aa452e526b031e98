import Foundation
import GRDB
import MLflowCore

/// Writes runs into an `mlflow.db` the way MLflow's SQL store does, for `runboard track`.
///
/// Only schema revisions whose tables were checked against MLflow's own writer are written
/// (`verifiedRevisions`); anything else is refused before a single row is touched. Each call is
/// one transaction, safe while a training script's MLflow client writes to the same file.
///
/// ```swift
/// let writer = try await SQLiteWriter.open(path: "mlflow.db")   // created by MLflow when missing
/// let experiment = try await writer.getOrCreateExperiment(name: "demo", artifactLocation: nil, tags: [])
/// ```
public final class SQLiteWriter: TrackingWriter {
    /// `alembic_version` revisions this writer was verified against: MLflow 3.17's head.
    public static let verifiedRevisions: Set<String> = ["dc11669786a5"]

    /// The database file, absolute.
    public let path: String
    /// Where experiments created without an artifact location keep their artifacts
    /// (`<root>/<experiment id>`): MLflow's `./mlruns` of the working directory, made absolute.
    public let defaultArtifactRoot: String
    /// The schema revision of the file.
    public let revision: String

    let connection: WriteConnection
    let workingDirectory: String
    let hasWorkspace: Bool

    /// Opens an existing `mlflow.db` for writing after checking its schema revision.
    /// `defaultArtifactRoot` defaults to `<workingDirectory>/mlruns`, as MLflow's client does.
    public init(path: String, defaultArtifactRoot: String? = nil,
                workingDirectory: String = FileManager.default.currentDirectoryPath) throws {
        let absolute = SQLiteWriter.absolute(path, against: workingDirectory)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isDir) else {
            throw MLflowError.notFound("MLflow database \(absolute)")
        }
        guard !isDir.boolValue else { throw MLflowError.storage("\(absolute) is a folder, not an MLflow SQLite database") }
        let connection = try WriteConnection(path: absolute)
        let (schema, workspace) = try connection.readNow { db in
            (try Schema.inspect(db, path: absolute),
             try Row.fetchAll(db, sql: "PRAGMA table_info(experiments)").contains { ($0[1] as String?) == "workspace" })
        }
        guard SQLiteWriter.verifiedRevisions.contains(schema.revision) else {
            throw MLflowError.unsupported(
                "\(absolute) has MLflow schema revision '\(schema.revision)'; Runboard writes only revision "
                    + SQLiteWriter.verifiedRevisions.sorted().joined(separator: ", ")
                    + " (MLflow 3.17). Log through an MLflow server on this database (`mlflow server --backend-store-uri sqlite:///\(absolute)`), "
                    + "or upgrade MLflow and the database (`mlflow db upgrade`) if it is older")
        }
        self.connection = connection
        self.path = absolute
        self.revision = schema.revision
        self.workingDirectory = workingDirectory
        self.hasWorkspace = workspace
        self.defaultArtifactRoot = SQLiteWriter.absolute(defaultArtifactRoot ?? "mlruns", against: workingDirectory)
    }

    // MARK: TrackingWriter

    public func getOrCreateExperiment(name: String, artifactLocation: String?, tags: [KeyValue]) async throws -> Experiment {
        guard !name.isEmpty else { throw MLflowError.invalidArgument("experiment name is empty") }
        guard name.count <= MLflowLimits.maxExperimentNameLength else {
            throw MLflowError.invalidArgument("experiment name is \(name.count) characters; MLflow allows \(MLflowLimits.maxExperimentNameLength)")
        }
        for tag in tags {
            guard !tag.key.isEmpty, tag.key.count <= MLflowLimits.maxKeyLength else {
                throw MLflowError.invalidArgument("experiment tag key '\(tag.key.prefix(40))' must be 1 to \(MLflowLimits.maxKeyLength) characters")
            }
            guard tag.value.count <= 20_000 else {
                throw MLflowError.invalidArgument("experiment tag '\(tag.key)' value is \(tag.value.count) characters; MLflow allows 20000")
            }
        }
        let location = artifactLocation.flatMap { $0.isEmpty ? nil : resolveIfLocal($0) }
        let root = defaultArtifactRoot
        let workspaceFilter = hasWorkspace ? " AND workspace = 'default'" : ""
        let id: Int64 = try await connection.write { db in
            if let row = try Row.fetchOne(db, sql: "SELECT experiment_id, lifecycle_stage FROM experiments WHERE name = ?" + workspaceFilter, arguments: [name]) {
                let stage: String? = row[1]
                guard stage == LifecycleStage.active.rawValue else {
                    throw MLflowError.invalidArgument("experiment '\(name)' is deleted; restore it or choose another name")
                }
                return row[0] ?? 0
            }
            let now = SQLiteWriter.nowMillis()
            try db.execute(
                sql: "INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time) VALUES (?, ?, 'active', ?, ?)",
                arguments: [name, location, now, now])
            let id = db.lastInsertedRowID
            if location == nil {
                try db.execute(sql: "UPDATE experiments SET artifact_location = ? WHERE experiment_id = ?",
                               arguments: [SQLiteWriter.append(root, String(id)), id])
            }
            for tag in tags {
                try db.execute(sql: "INSERT OR REPLACE INTO experiment_tags (key, value, experiment_id) VALUES (?, ?, ?)",
                               arguments: [tag.key, tag.value, id])
            }
            return id
        }
        let found = try await connection.queue.read { db in try ExperimentReader.byId(db, id: id) }
        guard let found else { throw MLflowError.notFound("No Experiment with id=\(id) exists") }
        return found
    }

    public func createRun(experimentId: String, runName: String, startTime: Int64, userId: String, tags: [KeyValue]) async throws -> RunInfo {
        let experimentNumber = try ExperimentReader.parseId(experimentId)
        try SQLiteWriter.validate(metrics: [], params: [], tags: tags)
        let tagName = tags.last { $0.key == SystemTag.runName }?.value
        if !runName.isEmpty, let tagName, tagName != runName {
            throw MLflowError.invalidArgument(
                "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values "
                    + "(run_name='\(runName)', mlflow.runName='\(tagName)').")
        }
        let name = !runName.isEmpty ? runName : (tagName.flatMap { $0.isEmpty ? nil : $0 } ?? RunRows.randomRunName())
        var allTags = tags
        if tagName == nil { allTags.append(KeyValue(key: SystemTag.runName, value: name)) }
        let user = !userId.isEmpty ? userId : (tags.value(for: SystemTag.user).flatMap { $0.isEmpty ? nil : $0 } ?? "unknown")
        let runId = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let finalTags = allTags
        return try await connection.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT artifact_location, lifecycle_stage FROM experiments WHERE experiment_id = ?",
                                             arguments: [experimentNumber]) else {
                throw MLflowError.notFound("No Experiment with id=\(experimentNumber) exists")
            }
            let stage: String? = row[1]
            guard stage == LifecycleStage.active.rawValue else {
                throw MLflowError.invalidArgument("The experiment \(experimentNumber) must be in the 'active' state. Current state is \(stage ?? "unknown").")
            }
            let artifactUri = SQLiteWriter.append(SQLiteWriter.append((row[0] as String?) ?? "", runId), "artifacts")
            try db.execute(
                sql: """
                    INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, start_time,
                                      end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time)
                    VALUES (?, ?, 'UNKNOWN', '', '', ?, 'RUNNING', ?, NULL, '', 'active', ?, ?, NULL)
                    """,
                arguments: [runId, name, user, startTime, artifactUri, experimentNumber])
            for tag in finalTags {
                try db.execute(sql: "INSERT OR REPLACE INTO tags (key, value, run_uuid) VALUES (?, ?, ?)", arguments: [tag.key, tag.value, runId])
            }
            return RunInfo(runId: runId, runName: name, experimentId: String(experimentNumber), userId: user, status: .running,
                           startTime: startTime, endTime: nil, artifactUri: artifactUri, lifecycleStage: .active)
        }
    }

    public func logBatch(runId: String, metrics: [Metric], params: [KeyValue], tags: [KeyValue]) async throws {
        try SQLiteWriter.validate(metrics: metrics, params: params, tags: tags)
        for batch in LogBatch.split(metrics: metrics, params: params, tags: tags) {
            try await connection.write { db in
                try RunRows.requireActiveRun(db, runId: runId)
                try RunRows.logParams(db, runId: runId, params: batch.params)
                try RunRows.logMetrics(db, runId: runId, metrics: batch.metrics)
                try RunRows.setTags(db, runId: runId, tags: batch.tags)
            }
        }
    }

    public func updateRun(runId: String, status: RunStatus?, endTime: Int64?, runName: String?) async throws {
        try await connection.write { db in
            try RunRows.requireActiveRun(db, runId: runId)
            if let status {
                try db.execute(sql: "UPDATE runs SET status = ? WHERE run_uuid = ?", arguments: [status.rawValue, runId])
            }
            if let endTime {
                try db.execute(sql: "UPDATE runs SET end_time = ? WHERE run_uuid = ?", arguments: [endTime, runId])
            }
            if let runName, !runName.isEmpty {
                try RunRows.setTags(db, runId: runId, tags: [KeyValue(key: SystemTag.runName, value: runName)])
            }
        }
    }

    public func uploadArtifact(runId: String, localFile: String, artifactPath: String) async throws {
        let parts = try LocalArtifactRoot.validateRelative(artifactPath)
        guard !parts.isEmpty else { throw MLflowError.invalidArgument("artifact path is empty") }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: localFile, isDirectory: &isDir), !isDir.boolValue else {
            throw MLflowError.notFound("local file \(localFile)")
        }
        let uri = try await connection.queue.read { db in
            try String.fetchOne(db, sql: "SELECT artifact_uri FROM runs WHERE run_uuid = ?", arguments: [runId])
        }
        guard let uri else { throw MLflowError.notFound("Run with id=\(runId) not found") }
        guard let root = LocalArtifactRoot.localPath(of: uri, relativeTo: workingDirectory) else {
            throw MLflowError.unsupported("run \(runId) keeps artifacts at '\(uri)', which is not on the local disk; log through an MLflow server")
        }
        let destination = root + "/" + parts.joined(separator: "/")
        let folder = (destination as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw MLflowError.storage("cannot create \(folder): \(error.localizedDescription)")
        }
        _ = try FileCopy.copy(from: localFile, to: destination)
    }

    // MARK: Helpers

    /// `LogBatch.validate` plus MLflow's key rules.
    static func validate(metrics: [Metric], params: [KeyValue], tags: [KeyValue]) throws {
        try LogBatch.validate(metrics: metrics, params: params, tags: tags)
        for metric in metrics { try EntityKeys.check(metric.key, kind: "metric") }
        for param in params { try EntityKeys.check(param.key, kind: "param") }
        for tag in tags { try EntityKeys.check(tag.key, kind: "tag") }
    }

    /// MLflow's `resolve_uri_if_local`: a relative local path or `file:` URI made absolute against the working directory.
    func resolveIfLocal(_ location: String) -> String {
        if location.hasPrefix("/") { return location }
        if let colon = location.firstIndex(of: ":"), location[..<colon].count > 1 {
            let scheme = location[..<colon].lowercased()
            guard scheme == "file" else { return location }
            let rest = location[location.index(after: colon)...]
            if rest.hasPrefix("/") { return location }
            return "file://" + SQLiteWriter.absolute(String(rest), against: workingDirectory)
        }
        return SQLiteWriter.absolute(location, against: workingDirectory)
    }

    /// MLflow's `append_to_uri_path` for the local paths and URIs a SQLite store records.
    static func append(_ base: String, _ component: String) -> String {
        var base = base
        while base.hasSuffix("/"), base.count > 1 { base.removeLast() }
        return base.isEmpty ? component : base + "/" + component
    }

    static func absolute(_ path: String, against directory: String) -> String {
        let full = path.hasPrefix("/") ? path : (directory as NSString).appendingPathComponent(path)
        return (full as NSString).standardizingPath
    }

    static func nowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}
