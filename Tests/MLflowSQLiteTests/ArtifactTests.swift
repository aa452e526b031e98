import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

@Suite(.enabled(if: Fixtures.haveLocalStores))
struct ArtifactTests {
    /// The manifest's listing of a root: path -> (is folder, size, sha256).
    func expectedEntries(_ section: String) throws -> [String: (isDir: Bool, size: Int64?, sha256: String?)] {
        let data = try FixtureStore.data()
        let entries: [[String: Any]]
        if section == "artifacts" {
            entries = try #require((data["artifacts"] as? [String: Any])?["entries"] as? [[String: Any]])
        } else {
            entries = try #require((data["logged_model"] as? [String: Any])?["artifacts"] as? [[String: Any]])
        }
        var result: [String: (isDir: Bool, size: Int64?, sha256: String?)] = [:]
        for entry in entries {
            let path = try #require(entry["path"] as? String)
            result[path] = (entry["is_dir"] as? Bool ?? false, (entry["size"] as? NSNumber)?.int64Value, entry["sha256"] as? String)
        }
        return result
    }

    /// Every entry under `path`, depth first.
    func walk(_ store: SQLiteStore, _ owner: ArtifactOwner, _ path: String = "") async throws -> [ArtifactEntry] {
        var result: [ArtifactEntry] = []
        for entry in try await store.listArtifacts(owner, path: path) {
            result.append(entry)
            if entry.isDir { result += try await walk(store, owner, entry.path) }
        }
        return result
    }

    @Test func runArtifactsAreListedAndDownloaded() async throws {
        let store = try FixtureStore.open()
        let owner = ArtifactOwner.run(try FixtureStore.runId("artifact-run"))
        let expected = try expectedEntries("artifacts")
        let root = try await store.listArtifacts(owner, path: "")
        #expect(root.map(\.path) == ["bulk", "data", "empty.txt", "many", "notes", "odd names", "plots", "unicode-ü-名前.txt"])
        #expect(root.first { $0.path == "empty.txt" }?.fileSize == nil)
        #expect(root.first { $0.path == "data" }?.isDir == true)
        let all = try await walk(store, owner)
        #expect(Set(all.map(\.path)) == Set(expected.keys))
        let many = try await store.listArtifacts(owner, path: "many")
        #expect(many.count == 30)
        #expect(many.first?.path == "many/item-00.txt")
        #expect(try await store.listArtifacts(owner, path: "data/nested").map(\.path) == ["data/nested/deep"])
        #expect(try await store.listArtifacts(owner, path: "no/such/folder").isEmpty)

        let folder = try Fixtures.scratch("sqlite-artifact-downloads")
        let source = try #require(try FixtureStore.ids()["artifact_run_uri"] as? String)
        for entry in all where !entry.isDir {
            let want = try #require(expected[entry.path])
            #expect(entry.fileSize == (want.size == 0 ? nil : want.size), "\(entry.path)")
            // Of the folder of 1,500 small files, every hundredth is enough here (all are listed above).
            if entry.path.hasPrefix("bulk/many/"), !entry.path.hasSuffix("00.txt") { continue }
            let target = folder + "/" + entry.name
            let written = try await store.downloadArtifact(owner, path: entry.path, to: target)
            #expect(written == want.size, "\(entry.path)")
            // Compared on a thread of its own (the 50 MB log among them), not one of the few the tests share.
            let same = try await onOwnThread {
                try Data(contentsOf: URL(fileURLWithPath: target)) == Data(contentsOf: URL(fileURLWithPath: source + "/" + entry.path))
            }
            #expect(same, "\(entry.path)")
        }
        await #expect(throws: MLflowError.self) { try await store.downloadArtifact(owner, path: "many", to: folder + "/x") }
        await #expect(throws: MLflowError.self) { try await store.downloadArtifact(owner, path: "../meta.yaml", to: folder + "/x") }
        await #expect(throws: MLflowError.notFound("Run with id=nope not found")) { try await store.listArtifacts(.run("nope"), path: "") }
    }

    @Test func loggedModelArtifacts() async throws {
        let store = try FixtureStore.open()
        let owner = ArtifactOwner.loggedModel(try FixtureStore.modelId("model"))
        let expected = try expectedEntries("model")
        let entries = try await store.listArtifacts(owner, path: "")
        #expect(entries.map(\.path) == ["MLmodel", "model.json", "requirements.txt"])
        #expect(entries.map(\.fileSize) == entries.map { expected[$0.path]?.size })
        await #expect(throws: MLflowError.self) { try await store.listArtifacts(.loggedModel("m-nothing"), path: "") }
    }

    @Test(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
    func aMovedStoreFindsItsArtifactsBesideTheDatabase() async throws {
        let folder = try Fixtures.scratch("sqlite-moved-store")
        let source = (Fixtures.sqlitePath as NSString).deletingLastPathComponent
        // A copy of some 50 MB and 1,500 files: on a thread of its own, not one of the few the tests share.
        try await onOwnThread {
            try FileManager.default.copyItem(atPath: Fixtures.sqlitePath, toPath: folder + "/mlflow.db")
            try FileManager.default.copyItem(atPath: source + "/mlruns", toPath: folder + "/mlruns")
        }
        // As if the folder came from another machine: the recorded roots no longer exist.
        let script = folder + "/move.py"
        try """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE runs SET artifact_uri = replace(artifact_uri, ?, '/elsewhere/old-home')", (sys.argv[2],))
            db.execute("UPDATE logged_models SET artifact_location = 'file://' || replace(artifact_location, ?, '/elsewhere/old-home')", (sys.argv[2],))
            db.commit()
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try await PythonRunner.run(try MLflowPython.path(), [script, folder + "/mlflow.db", source])
        let store = try SQLiteStore(path: folder + "/mlflow.db")
        let owner = ArtifactOwner.run(try FixtureStore.runId("artifact-run"))
        #expect(try await store.run(id: try FixtureStore.runId("artifact-run")).info.artifactUri.hasPrefix("/elsewhere/old-home/mlruns/"))
        #expect(try await store.downloadArtifact(owner, path: "notes/readme.md", to: folder + "/readme.md") == 53)
        #expect(try await store.listArtifacts(owner, path: "plots").map(\.path) == ["plots/gradient.jpg", "plots/loss.png"])
        let model = ArtifactOwner.loggedModel(try FixtureStore.modelId("model"))
        #expect(try await store.listArtifacts(model, path: "").map(\.path) == ["MLmodel", "model.json", "requirements.txt"])
    }
}
