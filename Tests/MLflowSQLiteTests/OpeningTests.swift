import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

struct OpeningTests {
    /// The message of a storage error, or nil for any other outcome.
    func storageMessage(_ path: String) -> String? {
        do {
            _ = try SQLiteStore(path: path)
            return nil
        } catch let MLflowError.storage(message) {
            return message
        } catch {
            return nil
        }
    }

    @Test func aMissingFileIsNotFoundAndNotCreated() throws {
        let folder = try Fixtures.scratch("sqlite-open-missing")
        #expect(throws: MLflowError.notFound("MLflow database \(folder)/mlflow.db")) { try SQLiteStore(path: folder + "/mlflow.db") }
        #expect(!FileManager.default.fileExists(atPath: folder + "/mlflow.db"))
        #expect(storageMessage(folder)?.contains("is a folder") == true)
    }

    @Test func filesThatAreNotMLflowDatabasesAreRefused() throws {
        let folder = try Fixtures.scratch("sqlite-open-garbage")
        try Data("this is not a database, just text that is long enough to fill a header........".utf8)
            .write(to: URL(fileURLWithPath: folder + "/text.db"))
        #expect(storageMessage(folder + "/text.db")?.contains("not an SQLite database") == true)
        _ = FileManager.default.createFile(atPath: folder + "/empty.db", contents: Data())
        #expect(storageMessage(folder + "/empty.db")?.contains("is not an MLflow tracking database") == true)
    }

    @Test(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func schemasItCannotReadAreNamed() async throws {
        let folder = try Fixtures.scratch("sqlite-open-schemas")
        let script = folder + "/make.py"
        try """
            import sqlite3, sys
            folder = sys.argv[1]
            db = sqlite3.connect(folder + "/other.db")
            db.execute("CREATE TABLE notes (x TEXT)")
            db.commit()
            db = sqlite3.connect(folder + "/no-alembic.db")
            db.execute("CREATE TABLE experiments (experiment_id INTEGER)")
            db.execute("CREATE TABLE runs (run_uuid TEXT)")
            db.commit()
            db = sqlite3.connect(folder + "/old.db")
            db.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
            db.execute("INSERT INTO alembic_version VALUES ('451aebb31d03')")
            db.execute("CREATE TABLE experiments (experiment_id INTEGER, name TEXT, artifact_location TEXT, lifecycle_stage TEXT)")
            db.execute("CREATE TABLE runs (run_uuid TEXT, name TEXT, user_id TEXT, status TEXT, start_time INTEGER, end_time INTEGER, lifecycle_stage TEXT, artifact_uri TEXT, experiment_id INTEGER)")
            db.commit()
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try await PythonRunner.run(try MLflowPython.path(), [script, folder])
        #expect(storageMessage(folder + "/other.db")?.contains("has no experiments and runs tables") == true)
        #expect(storageMessage(folder + "/no-alembic.db")?.contains("no alembic_version table") == true)
        let old = try #require(storageMessage(folder + "/old.db"))
        #expect(old.contains("'451aebb31d03'"))
        #expect(old.contains("experiments.creation_time"))
        #expect(old.contains("latest_metrics"))
        #expect(old.contains("mlflow db upgrade"))
    }

    @Test(.enabled(if: Fixtures.haveLocalStores))
    func openingReadsWithoutTouchingTheFile() async throws {
        let folder = try Fixtures.scratch("sqlite-open-untouched")
        try FileManager.default.copyItem(atPath: Fixtures.sqlitePath, toPath: folder + "/mlflow.db")
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/mlflow.db"))
        let store = try SQLiteStore(path: folder + "/mlflow.db")
        #expect(store.displayURI == "sqlite:///\(folder)/mlflow.db")
        #expect(store.schemaRevision == "dc11669786a5")
        let experiments = try await store.allExperiments(view: .all)
        for experiment in experiments {
            _ = try await store.searchRuns(RunQuery(experimentIds: [experiment.experimentId], viewType: .all), pageSize: 100, pageToken: nil)
        }
        _ = try await store.registeredModels()
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/mlflow.db")) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["mlflow.db"])
    }

    @Test(.enabled(if: Fixtures.haveLocalStores))
    func relativePathsAreTakenFromTheWorkingDirectory() throws {
        let cwd = (FileManager.default.currentDirectoryPath as NSString).standardizingPath
        let absolute = (Fixtures.sqlitePath as NSString).standardizingPath
        // The database's path relative to the working folder, wherever the tests run from.
        let relative = Self.relativePath(to: absolute, from: cwd)
        #expect(!relative.hasPrefix("/"), "\(relative)")
        let store = try SQLiteStore(path: relative)
        #expect(store.path == absolute, "\(relative) from \(cwd)")
    }

    /// `target` as a path relative to `folder` (both absolute): up to their common folder, then down.
    static func relativePath(to target: String, from folder: String) -> String {
        let to = target.split(separator: "/"), from = folder.split(separator: "/")
        let common = zip(to, from).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: from.count - common) + to.dropFirst(common).map(String.init)).joined(separator: "/")
    }
}
