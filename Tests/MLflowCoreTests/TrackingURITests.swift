import Foundation
import Testing
@testable import MLflowCore

@Suite struct TrackingURITests {
    func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/runboard-uri-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func parsesEveryFormMLflowAccepts() throws {
        let r = TrackingURIResolver(workingDirectory: "/work/proj", environment: ["HOME": "/home/u"])
        #expect(try r.parse("http://127.0.0.1:5000/") == .server(baseURL: "http://127.0.0.1:5000"))
        #expect(try r.parse("https://mlflow.example.com/prefix") == .server(baseURL: "https://mlflow.example.com/prefix"))
        #expect(try r.parse("sqlite:///mlflow.db") == .sqlite(path: "/work/proj/mlflow.db"))
        #expect(try r.parse("sqlite:///sub/dir/m.db") == .sqlite(path: "/work/proj/sub/dir/m.db"))
        #expect(try r.parse("sqlite:////abs/m.db") == .sqlite(path: "/abs/m.db"))
        #expect(try r.parse("file:///abs/mlruns") == .fileStore(path: "/abs/mlruns"))
        #expect(try r.parse("file:./mlruns") == .fileStore(path: "/work/proj/mlruns"))
        #expect(try r.parse("./mlruns") == .fileStore(path: "/work/proj/mlruns"))
        #expect(try r.parse("runs/other.db") == .sqlite(path: "/work/proj/runs/other.db"))
        #expect(try r.parse("~/exp/mlruns") == .fileStore(path: "/home/u/exp/mlruns"))
        #expect(throws: MLflowError.self) { try r.parse("postgresql://u:p@db/mlflow") }
        #expect(throws: MLflowError.self) { try r.parse("http://") }
        #expect(throws: MLflowError.self) { try r.parse("sqlite://relative.db") }
    }

    @Test func aFolderIsAFileStoreAndAFileIsSQLite() throws {
        let dir = try scratch()
        try FileManager.default.createDirectory(atPath: dir + "/store", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/tracking", contents: Data())
        let r = TrackingURIResolver(workingDirectory: dir, environment: [:])
        #expect(try r.parse("store") == .fileStore(path: dir + "/store"))
        #expect(try r.parse("tracking") == .sqlite(path: dir + "/tracking"))
    }

    @Test func resolvesInMLflowsOrder() throws {
        let dir = try scratch()
        let r = TrackingURIResolver(workingDirectory: dir, environment: [:])
        // Nothing here: MLflow 3's default.
        #expect(try r.resolve(explicit: nil) == .sqlite(path: dir + "/mlflow.db"))
        // An mlruns folder without experiment data does not count.
        try FileManager.default.createDirectory(atPath: dir + "/mlruns/abc", withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: dir + "/mlruns/abc/meta.yaml", contents: Data())
        #expect(try r.resolve(explicit: nil) == .sqlite(path: dir + "/mlflow.db"))
        try FileManager.default.createDirectory(atPath: dir + "/mlruns/0", withIntermediateDirectories: true)
        #expect(try r.resolve(explicit: nil) == .sqlite(path: dir + "/mlflow.db"))
        _ = FileManager.default.createFile(atPath: dir + "/mlruns/0/meta.yaml", contents: Data())
        #expect(try r.resolve(explicit: nil) == .fileStore(path: dir + "/mlruns"))
        // The environment wins over the default, the flag over the environment.
        let withEnv = TrackingURIResolver(workingDirectory: dir, environment: ["MLFLOW_TRACKING_URI": "http://h:1"])
        #expect(try withEnv.resolve(explicit: nil) == .server(baseURL: "http://h:1"))
        #expect(try withEnv.resolve(explicit: "sqlite:////x.db") == .sqlite(path: "/x.db"))
    }

    @Test func displayURIsCarryNoCredentials() {
        #expect(TrackingLocation.server(baseURL: "https://user:secret@host:5000/p").displayURI == "https://host:5000/p")
        #expect(TrackingLocation.sqlite(path: "/a/mlflow.db").displayURI == "sqlite:////a/mlflow.db")
        #expect(TrackingLocation.fileStore(path: "/a/mlruns").displayURI == "file:///a/mlruns")
    }
}

@Suite struct LocalArtifactRootTests {
    @Test func findsArtifactsOfAStoreCopiedFromAnotherMachine() throws {
        let base = FileManager.default.temporaryDirectory.path + "/runboard-art-" + UUID().uuidString
        let store = base + "/copied"
        try FileManager.default.createDirectory(atPath: store + "/mlruns/1/abc/artifacts/plots", withIntermediateDirectories: true)
        try Data("png".utf8).write(to: URL(fileURLWithPath: store + "/mlruns/1/abc/artifacts/plots/a.png"))
        let root = try LocalArtifactRoot(uri: "file:///home/someone/proj/mlruns/1/abc/artifacts", storeDirectory: store, ownerId: "abc")
        #expect(root.directory == store + "/mlruns/1/abc/artifacts")
        #expect(try root.list("") == [ArtifactEntry(path: "plots", isDir: true)])
        #expect(try root.list("plots") == [ArtifactEntry(path: "plots/a.png", isDir: false, fileSize: 3)])
        let out = base + "/out.png"
        #expect(try root.copy("plots/a.png", to: out) == 3)
        #expect(throws: MLflowError.self) { try root.list("../..") }
        #expect(throws: MLflowError.self) { try root.copy("/etc/passwd", to: out) }
        #expect(throws: MLflowError.self) { try root.copy("plots", to: out) }
        #expect(try root.list("missing") == [])
    }

    /// A run whose recorded folder is gone must not borrow the project's own `artifacts/` folder:
    /// only a candidate with the run's id on its way is taken.
    @Test func aMissingRunFolderIsNotReplacedByAnUnrelatedArtifactsFolder() throws {
        let base = FileManager.default.temporaryDirectory.path + "/runboard-art-" + UUID().uuidString
        let project = base + "/project"
        try FileManager.default.createDirectory(atPath: project + "/artifacts", withIntermediateDirectories: true)
        try Data("unrelated".utf8).write(to: URL(fileURLWithPath: project + "/artifacts/notes.txt"))
        defer { try? FileManager.default.removeItem(atPath: base) }
        let recorded = "file:///elsewhere/mlruns/3/0123456789abcdef/artifacts"
        let root = try LocalArtifactRoot(uri: recorded, storeDirectory: project, ownerId: "0123456789abcdef")
        #expect(root.directory == "/elsewhere/mlruns/3/0123456789abcdef/artifacts")
        #expect(try root.list("") == [])
        // With the run's folder present under the store, the relocated root is found.
        try FileManager.default.createDirectory(atPath: project + "/mlruns/3/0123456789abcdef/artifacts", withIntermediateDirectories: true)
        let found = try LocalArtifactRoot(uri: recorded, storeDirectory: project + "/mlruns", ownerId: "0123456789abcdef")
        #expect(found.directory == project + "/mlruns/3/0123456789abcdef/artifacts")
    }

    @Test func readsTheStartOfAFileWithoutTheRest() throws {
        let base = FileManager.default.temporaryDirectory.path + "/runboard-art-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: base + "/r1/artifacts", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        try Data(repeating: 65, count: 3 << 20).write(to: URL(fileURLWithPath: base + "/r1/artifacts/big.log"))
        let root = try LocalArtifactRoot(uri: base + "/r1/artifacts", storeDirectory: base, ownerId: "r1")
        var chunks: [Int] = []
        try root.read("big.log") { chunk in chunks.append(chunk.count); return false }
        #expect(chunks == [1 << 20])
        #expect(throws: MLflowError.self) { try root.read("../x") { _ in true } }
    }

    @Test func remoteRootsAreNotLocal() {
        #expect(throws: MLflowError.self) { try LocalArtifactRoot(uri: "s3://bucket/1/abc", storeDirectory: "/tmp", ownerId: "abc") }
        #expect(LocalArtifactRoot.localPath(of: "relative/art", relativeTo: "/base") == "/base/relative/art")
        #expect(LocalArtifactRoot.localPath(of: "file:///a%20b/c", relativeTo: "/base") == "/a b/c")
    }
}
