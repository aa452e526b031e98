import GRDB
import MLflowCore

/// Loads runs with their params, tags, latest metrics, inputs and outputs, a page at a time:
/// one query per kind of data for up to `chunkSize` runs, never one query per run.
enum RunReader {
    static let chunkSize = 500

    /// The `runs` columns read into a `RunInfo`, in the order `info` reads them.
    static let columns = "run_uuid, name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri, experiment_id"

    /// The runs with these rowids, in this order, complete except for model inputs, which
    /// MLflow's `search_runs` does not return either.
    static func runs(_ db: Database, rowids: [Int64], schema: Schema) throws -> [Run] {
        var found: [Int64: RunInfo] = [:]
        found.reserveCapacity(rowids.count)
        for chunk in rowids.chunked(chunkSize) {
            var sql = SQL("SELECT \(columns), rowid FROM runs WHERE rowid IN (")
            sql.text += Array(repeating: "?", count: chunk.count).joined(separator: ", ") + ")"
            sql.values = chunk.map(\.databaseValue)
            let rows = try db.rows(sql)
            while let row = try rows.next() {
                found[row.int64(9) ?? -1] = try info(row)
            }
        }
        // For a large share of all runs, reading the tables through once beats looking each
        // run up: a run's rows are spread over the table when MLflow logged runs side by side.
        let allRuns = try db.map(SQL("SELECT max(rowid) FROM runs")) { $0.int64(0) ?? 0 }.first ?? 0
        let scan = Int64(rowids.count) * 5 >= allRuns
        return try complete(db, rowids.compactMap { found[$0] }, schema: schema, modelInputs: false, scan: scan)
    }

    /// One run by id, with everything `get_run` returns; nil when there is none.
    static func run(_ db: Database, id: String, schema: Schema) throws -> Run? {
        let sql = SQL("SELECT \(columns) FROM runs WHERE run_uuid = ") + SQL.string(id)
        guard let found = try db.map(sql, info).first else { return nil }
        return try complete(db, [found], schema: schema, modelInputs: true).first
    }

    /// A `RunInfo` from the columns of `columns`.
    static func info(_ row: RawRow) throws -> RunInfo {
        let id = row.string(0)
        let statusText = row.string(3)
        guard let status = RunStatus(rawValue: statusText) else {
            throw MLflowError.malformedResponse("run \(id) has status '\(statusText)', which MLflow does not write")
        }
        return RunInfo(
            runId: id,
            runName: row.string(1),
            experimentId: row.id(8),
            userId: row.string(2),
            status: status,
            startTime: row.int64(4),
            endTime: row.int64(5),
            artifactUri: row.string(7),
            lifecycleStage: row.text(6) == LifecycleStage.deleted.rawValue ? .deleted : .active
        )
    }

    /// Adds params, tags, latest metrics, dataset inputs and model outputs (and model inputs
    /// when asked) to `infos`, keeping their order. With `scan`, params, tags and latest
    /// metrics are read by one pass over each table instead of by lookups per run.
    static func complete(_ db: Database, _ infos: [RunInfo], schema: Schema, modelInputs: Bool, scan: Bool = false) throws -> [Run] {
        guard !infos.isEmpty else { return [] }
        var runs = infos.map { Run(info: $0) }
        var finder = RunFinder(ids: infos.map(\.runId))
        let chunks = infos.map(\.runId).chunked(chunkSize).map { SQL.list(Array($0)) }
        for ids in scan ? [nil] : chunks.map(Optional.some) {
            let filter = ids.map { SQL(" WHERE run_uuid IN ") + $0 } ?? SQL()
            let paramRows = try db.rows(SQL("SELECT run_uuid, key, value FROM params") + filter)
            while let row = try paramRows.next() {
                guard let index = finder.index(row) else { continue }
                runs[index].params.append(KeyValue(key: row.string(1), value: row.string(2)))
            }
            let tagRows = try db.rows(SQL("SELECT run_uuid, key, value FROM tags") + filter)
            while let row = try tagRows.next() {
                guard let index = finder.index(row) else { continue }
                runs[index].tags.append(KeyValue(key: row.string(1), value: row.string(2)))
            }
            let metricRows = try db.rows(SQL("SELECT run_uuid, key, value, timestamp, step, is_nan FROM latest_metrics") + filter)
            while let row = try metricRows.next() {
                guard let index = finder.index(row) else { continue }
                runs[index].metrics.append(metric(key: row.string(1), row, value: 2, timestamp: 3, step: 4, isNan: 5))
            }
        }
        if schema.hasInputs {
            for ids in chunks {
                try loadDatasetInputs(db, ids: ids, finder: &finder, into: &runs)
                guard schema.hasInputStep else { continue }
                let sql = SQL("SELECT source_id, destination_id, step FROM inputs WHERE source_type = 'RUN_OUTPUT' AND source_id IN ")
                    + ids + SQL(" AND destination_type = 'MODEL_OUTPUT' ORDER BY source_id, destination_id")
                let outputRows = try db.rows(sql)
                while let row = try outputRows.next() {
                    guard let index = finder.index(row) else { continue }
                    runs[index].modelOutputs.append(ModelOutput(modelId: row.string(1), step: row.int64(2) ?? 0))
                }
            }
        }
        if modelInputs, schema.hasInputs {
            for index in runs.indices {
                runs[index].modelInputs = try loadModelInputs(db, runId: runs[index].info.runId)
            }
        }
        for index in runs.indices {
            // In place, with the same order as `sortedByKey()`.
            runs[index].params.sort { $0.key < $1.key }
            runs[index].tags.sort { $0.key < $1.key }
            runs[index].metrics.sort { $0.key < $1.key }
            // Runs logged by MLflow <= 1.29 have no name column value; the tag holds it.
            if runs[index].info.runName.isEmpty, let name = runs[index].tags.value(for: SystemTag.runName) {
                runs[index].info.runName = name
            }
        }
        return runs
    }

    /// A metric from a row; NaN is stored as 0 with `is_nan` set, ±infinity as ±`Double.greatestFiniteMagnitude`
    /// (turned back into the infinity that was logged, see `SQLStoreInfinity`).
    static func metric(key: String, _ row: RawRow, value: Int32, timestamp: Int32, step: Int32, isNan: Int32) -> Metric {
        Metric(
            key: key,
            value: row.bool(isNan) ? .nan : SQLStoreInfinity.restore(row.double(value) ?? 0),
            timestamp: row.int64(timestamp) ?? 0,
            step: row.int64(step) ?? 0
        )
    }

    /// Dataset inputs with their tags, grouped as `_get_run_inputs` groups them: one entry per
    /// dataset; then sorted by name and digest, tags by key, as every store returns them.
    private static func loadDatasetInputs(_ db: Database, ids: SQL, finder: inout RunFinder, into runs: inout [Run]) throws {
        let sql = SQL("""
            SELECT inputs.destination_id AS run_uuid, inputs.input_uuid, datasets.dataset_uuid, datasets.name, \
            datasets.digest, datasets.dataset_source_type, datasets.dataset_source, datasets.dataset_schema, \
            datasets.dataset_profile, input_tags.name, input_tags.value \
            FROM inputs JOIN datasets ON inputs.source_id = datasets.dataset_uuid \
            LEFT OUTER JOIN input_tags ON input_tags.input_uuid = inputs.input_uuid \
            WHERE inputs.destination_type = 'RUN' AND inputs.destination_id IN 
            """) + ids + SQL(" ORDER BY run_uuid")
        var datasetSlot: [Int: [String: Int]] = [:]
        let rows = try db.rows(sql)
        while let row = try rows.next() {
            guard let index = finder.index(row) else { continue }
            let datasetId = row.string(2)
            let slot: Int
            if let existing = datasetSlot[index]?[datasetId] {
                slot = existing
            } else {
                let dataset = Dataset(
                    name: row.string(3), digest: row.string(4), sourceType: row.string(5),
                    source: row.string(6), schema: row.text(7), profile: row.text(8)
                )
                runs[index].datasetInputs.append(DatasetInput(dataset: dataset))
                slot = runs[index].datasetInputs.count - 1
                datasetSlot[index, default: [:]][datasetId] = slot
            }
            if let tagName = row.text(9) {
                runs[index].datasetInputs[slot].tags.append(KeyValue(key: tagName, value: row.string(10)))
            }
        }
        for index in datasetSlot.keys {
            runs[index].datasetInputs.sort { ($0.dataset.name, $0.dataset.digest) < ($1.dataset.name, $1.dataset.digest) }
            for slot in runs[index].datasetInputs.indices { runs[index].datasetInputs[slot].tags.sort { $0.key < $1.key } }
        }
    }

    /// MLflow 3 logged models a run used (`inputs` rows RUN_INPUT -> MODEL_INPUT).
    private static func loadModelInputs(_ db: Database, runId: String) throws -> [String] {
        let sql = SQL("SELECT destination_id FROM inputs WHERE source_type = 'RUN_INPUT' AND source_id = ")
            + SQL.string(runId) + SQL(" AND destination_type = 'MODEL_INPUT' ORDER BY destination_id")
        return try db.map(sql) { $0.string(0) }
    }
}

/// Finds the run a row belongs to from the run id in its first column, without making a
/// `String` of it: MLflow's 32-character ids are compared and looked up as four machine words,
/// and rows of one run, which usually come together, need one lookup between them.
struct RunFinder {
    /// A 32-byte run id as four words.
    struct Key: Hashable {
        var a, b, c, d: UInt64

        /// Hex ids are random enough that two mixed words make a good hash, cheaper than four.
        func hash(into hasher: inout Hasher) {
            hasher.combine(a ^ (c &<< 1))
            hasher.combine(b ^ (d &<< 1))
        }

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard bytes.count == 32, let base = UnsafeRawPointer(bytes.baseAddress) else { return nil }
            a = base.loadUnaligned(fromByteOffset: 0, as: UInt64.self)
            b = base.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
            c = base.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
            d = base.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        }
    }

    private var byKey: [Key: Int] = [:]
    private var byString: [String: Int] = [:]
    private var lastKey: Key?
    private var lastIndex: Int?

    /// A finder for runs with these ids, at these positions (the first of duplicates wins).
    init(ids: [String]) {
        byKey.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() {
            var id = id
            if let key = id.withUTF8({ Key($0) }) {
                if byKey[key] == nil { byKey[key] = index }
            } else if byString[id] == nil {
                byString[id] = index
            }
        }
    }

    mutating func index(_ row: RawRow) -> Int? {
        let id = row.bytes(0)
        guard let key = Key(id) else {
            lastKey = nil
            return byString[String(decoding: id, as: UTF8.self)]
        }
        if key != lastKey {
            lastKey = key
            lastIndex = byKey[key]
        }
        return lastIndex
    }
}
