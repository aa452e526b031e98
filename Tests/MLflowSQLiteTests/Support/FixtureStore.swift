import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures

/// The generated fixture database and what its manifest says about it.
///
/// MLflow's store may touch a database it opens (it checks the schema and the Default
/// experiment), so the reference reads a copy; the store under test reads the original.
enum FixtureStore {
    /// Whether the fixture tests can run: generated stores and a Python with MLflow.
    static var available: Bool { Fixtures.haveLocalStores && MLflowPython.available }

    static func open() throws -> SQLiteStore { try SQLiteStore(path: Fixtures.sqlitePath) }

    /// A copy of the fixture database for MLflow to read.
    static func referenceCopy(_ name: String) throws -> String {
        let folder = try Fixtures.scratch("sqlite-reference-\(name)")
        let copy = folder + "/mlflow.db"
        try FileManager.default.copyItem(atPath: Fixtures.sqlitePath, toPath: copy)
        return copy
    }

    /// The manifest's `data` section: the generated data set.
    static func data() throws -> [String: Any] {
        guard let data = try Fixtures.manifest()["data"] as? [String: Any] else {
            throw FixtureError.missing("manifest.json has no data section")
        }
        return data
    }

    /// The SQLite store's section of the manifest: its ids.
    static func ids() throws -> [String: Any] {
        guard let stores = try Fixtures.manifest()["stores"] as? [String: Any],
              let sqlite = stores["sqlite"] as? [String: Any] else {
            throw FixtureError.missing("manifest.json has no sqlite store")
        }
        return sqlite
    }

    static func runId(_ name: String) throws -> String {
        guard let id = (try ids()["runs"] as? [String: String])?[name] else { throw FixtureError.missing("run \(name)") }
        return id
    }

    static func experimentId(_ name: String) throws -> String {
        guard let id = (try ids()["experiments"] as? [String: String])?[name] else { throw FixtureError.missing("experiment \(name)") }
        return id
    }

    static func modelId(_ name: String) throws -> String {
        guard let id = (try ids()["logged_models"] as? [String: String])?[name] else { throw FixtureError.missing("model \(name)") }
        return id
    }
}

/// A page as the reference encodes it.
struct ReferencePage<Item: Decodable>: Decodable {
    var items: [Item]
    var nextPageToken: String?
}

extension Array where Element == KeyValue {
    /// Sorted by key, as every store returns key-value lists.
    var sorted: [KeyValue] { sortedByKey() }
}

extension Run {
    /// The form every store returns: params, tags and metrics sorted by key, dataset inputs by
    /// name and digest (MLflow itself returns them in query order), model inputs and outputs sorted.
    var normalized: Run {
        var run = self
        run.params = run.params.sortedByKey()
        run.tags = run.tags.sortedByKey()
        run.metrics.sort { $0.key < $1.key }
        run.datasetInputs.sort { ($0.dataset.name, $0.dataset.digest) < ($1.dataset.name, $1.dataset.digest) }
        for index in run.datasetInputs.indices { run.datasetInputs[index].tags = run.datasetInputs[index].tags.sortedByKey() }
        run.modelInputs.sort()
        run.modelOutputs.sort { ($0.step, $0.modelId) < ($1.step, $1.modelId) }
        return run
    }
}

extension Experiment {
    var normalized: Experiment {
        var experiment = self
        experiment.tags = experiment.tags.sortedByKey()
        return experiment
    }
}
