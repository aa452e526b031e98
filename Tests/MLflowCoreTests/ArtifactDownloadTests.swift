import Foundation
import MLflowCore
import Synchronization
import Testing
import TestFixtures

/// A store of artifacts only, in memory: folder listings as given (hostile ones too), file bytes,
/// and a fault for a file's download (a cut after some bytes).
final class ArtifactStore: TrackingStore, Sendable {
    let listings: [String: [ArtifactEntry]]
    let files: [String: [UInt8]]
    /// Files cut after this many bytes (the download then fails like a lost connection).
    let cuts: Mutex<[String: Int]>
    let versions: [ModelVersion]
    let downloads = Mutex<[String]>([])

    init(listings: [String: [ArtifactEntry]], files: [String: [UInt8]], cuts: [String: Int] = [:], versions: [ModelVersion] = []) {
        self.listings = listings
        self.files = files
        self.cuts = Mutex(cuts)
        self.versions = versions
    }

    /// A store whose listings follow from `files` (folders derived from the paths).
    convenience init(files: [String: [UInt8]], cuts: [String: Int] = [:]) {
        var listings: [String: [ArtifactEntry]] = [:]
        var folders: Set<String> = [""]
        for (path, bytes) in files {
            let parts = path.split(separator: "/").map(String.init)
            for depth in 1..<max(1, parts.count) { folders.insert(parts[..<depth].joined(separator: "/")) }
            let parent = parts.dropLast().joined(separator: "/")
            listings[parent, default: []].append(ArtifactEntry(path: path, isDir: false, fileSize: bytes.isEmpty ? nil : Int64(bytes.count)))
        }
        for folder in folders where !folder.isEmpty {
            let parent = (folder as NSString).deletingLastPathComponent
            listings[parent, default: []].append(ArtifactEntry(path: folder, isDir: true))
        }
        self.init(listings: listings.mapValues { $0.sorted { $0.path < $1.path } }, files: files, cuts: cuts)
    }

    var displayURI: String { "memory://" }
    func searchExperiments(view: ViewType, maxResults: Int, pageToken: String?) async throws -> Page<Experiment> { Page(items: [], nextPageToken: nil) }
    func experiment(id: String) async throws -> Experiment { throw MLflowError.notFound("experiment") }
    func experiment(named name: String) async throws -> Experiment? { nil }
    func searchRuns(_ query: RunQuery, pageSize: Int, pageToken: String?) async throws -> Page<Run> { Page(items: [], nextPageToken: nil) }
    func run(id: String) async throws -> Run {
        guard id.hasPrefix("r") else { throw MLflowError.notFound("run \(id)") }
        return Run(info: RunInfo(runId: id, runName: id, experimentId: "1", userId: "", status: .finished,
                                 startTime: nil, endTime: nil, artifactUri: "memory://\(id)"))
    }
    func metricHistory(runId: String, key: String, pageSize: Int, pageToken: String?) async throws -> Page<Metric> { Page(items: [], nextPageToken: nil) }
    func sampledMetricHistory(runIds: [String], key: String, maxPoints: Int, steps: StepRange?) async throws -> [String: [Metric]] { [:] }
    func loggedModels(experimentIds: [String]) async throws -> [LoggedModel] { [] }
    func registeredModels() async throws -> [RegisteredModel] { [] }
    func modelVersions(name: String) async throws -> [ModelVersion] { versions.filter { $0.name == name } }

    /// Lists as the real stores do: an unknown run is "not found" (unless the store is told to
    /// list it as empty, as a store might, to check that the run is then looked up).
    let listsUnknownRunsAsEmpty = Mutex(false)

    func listArtifacts(_ owner: ArtifactOwner, path: String) async throws -> [ArtifactEntry] {
        if case .run(let id) = owner {
            do { _ = try await run(id: id) } catch where listsUnknownRunsAsEmpty.withLock({ $0 }) { return [] }
        }
        return listings[path] ?? []
    }

    func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String, expectedBytes: Int64?) async throws -> Int64 {
        downloads.withLock { $0.append(path) }
        guard let bytes = files[path] else { throw MLflowError.notFound("artifact '\(path)'") }
        let cut = cuts.withLock { $0[path] }
        let written = cut.map { Array(bytes.prefix($0)) } ?? bytes
        try Data(written).write(to: URL(fileURLWithPath: destination))
        if cut != nil { throw MLflowError.transport("connection closed after \(written.count) bytes") }
        return Int64(written.count)
    }

    func readArtifact(_ owner: ArtifactOwner, path: String, consume: @escaping @Sendable (Data) throws -> Bool) async throws {
        guard let bytes = files[path] else { throw MLflowError.notFound("artifact '\(path)'") }
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + 4)
            guard try consume(Data(bytes[offset..<end])) else { return }
            offset = end
        }
    }
}

@Suite struct ArtifactDownloadTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/runboard-download-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every file under `folder`, relative, with its bytes (hidden temporary files included).
    static func tree(_ folder: String) -> [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for path in LocalFiles.under(folder) {
            result[path] = (FileManager.default.contents(atPath: folder + "/" + path)).map { Array($0) } ?? []
        }
        return result
    }

    @Test func downloadsAFolderWithNamesMLflowAcceptsUnderTheirOwnNames() async throws {
        let long = String(repeating: "n", count: 250)
        let files: [String: [UInt8]] = [
            "model/MLmodel": Array("flavors: {}\n".utf8),
            "model/with space #1?.txt": Array("a".utf8),
            "model/100%\\back": Array("b".utf8),
            "model/-leading": Array("c".utf8),
            "model/new\nline": Array("d".utf8),
            "model/\(long)": Array("e".utf8),
            "model/ünïcødé/名前.json": Array("{}".utf8),
            "model/empty.txt": [],
            "other/skip.txt": Array("not asked for".utf8),
        ]
        let store = ArtifactStore(files: files)
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "model")
        #expect(plan.isFolder)
        #expect(plan.files.count == 8)
        #expect(plan.folders == ["model/ünïcødé"])
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let downloader = ArtifactDownloader(store: store, folder: try DownloadFolder(out))
        let report = await downloader.run(plan)
        #expect(report.failed.isEmpty, "\(report.failed)")
        #expect(report.written.count == 8)
        #expect(report.destination == out + "/model")
        var expected = files
        expected["other/skip.txt"] = nil
        #expect(Self.tree(out) == expected)
        let progress = downloader.progress()
        #expect(progress.filesDone == 8 && progress.filesTotal == 8)
        #expect(progress.bytesDone == progress.bytesTotal && progress.bytesTotal == Int64(expected.values.map(\.count).reduce(0, +)))

        // Again: every file is there with its size, so nothing is fetched.
        let before = store.downloads.withLock { $0.count }
        let again = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(again.skipped.count == 8 && again.written.isEmpty && again.failed.isEmpty)
        #expect(store.downloads.withLock { $0.count } == before)
    }

    @Test func anUnknownRunIsSaidToBeUnknown() async throws {
        let store = ArtifactStore(files: ["a.txt": [1]])
        await #expect(throws: MLflowError.notFound("run x9")) { try await ArtifactPlan.make(store: store, owner: .run("x9"), path: "") }
        await #expect(throws: MLflowError.notFound("run x9")) { try await ArtifactPlan.make(store: store, owner: .run("x9"), path: "a.txt") }
        // A store that lists an unknown run as empty: the run is looked up before "no such artifact".
        store.listsUnknownRunsAsEmpty.withLock { $0 = true }
        await #expect(throws: MLflowError.notFound("run x9")) { try await ArtifactPlan.make(store: store, owner: .run("x9"), path: "") }
        await #expect(throws: MLflowError.notFound("run x9")) { try await ArtifactPlan.make(store: store, owner: .run("x9"), path: "a.txt") }
        await #expect(throws: MLflowError.notFound("artifact 'b.txt'")) { try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "b.txt") }
        #expect(try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "a.txt").files.map(\.path) == ["a.txt"])
    }

    @Test func oneFileIsDownloadedUnderItsPath() async throws {
        let store = ArtifactStore(files: ["plots/loss.png": [1, 2, 3], "plots/acc.png": [4]])
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "plots/loss.png")
        #expect(!plan.isFolder && plan.files.map(\.path) == ["plots/loss.png"])
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let report = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(report.destination == out + "/plots/loss.png")
        #expect(Self.tree(out) == ["plots/loss.png": [1, 2, 3]])
        await #expect(throws: MLflowError.self) { try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "plots/none.png") }
    }

    @Test(arguments: ["../../etc/passwd", "/etc/passwd", "a/../../x", "other/x", "a\u{0}b", "a//b", "a/./b"])
    func hostileListingsAreRefusedAndNothingIsWritten(_ hostile: String) async throws {
        let store = ArtifactStore(
            listings: ["": [ArtifactEntry(path: "a", isDir: true)], "a": [ArtifactEntry(path: hostile, isDir: false, fileSize: 4)]],
            files: [hostile: [1, 2, 3, 4]])
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        await #expect(throws: MLflowError.self) { try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "") }
        // A plan made by hand with the hostile path: the folder still refuses it.
        let plan = ArtifactPlan(owner: .run("r1"), path: "", isFolder: true,
                                files: [ArtifactEntry(path: hostile, isDir: false, fileSize: 4)], folders: [])
        let report = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        if hostile == "other/x" {
            #expect(report.failed.isEmpty)   // under the destination: allowed when it is asked for
        } else {
            #expect(report.failed.count == 1 && report.written.isEmpty)
            #expect(Self.tree(out).isEmpty)
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/../x"))
    }

    /// Found by the artifactsource fuzz target: a grapheme cluster can swallow a `/` (a combining
    /// mark after it, a prepended mark before it), so a check that splits a path by `Character`
    /// misses a separator the kernel sees, and `../\u{301}x` would be written one folder up.
    /// Paths are split byte for byte (`PathText`).
    @Test(arguments: ["../\u{301}x", "a/\u{605}/..", "a/\u{605}/../../x", "\u{605}/../\u{301}../x", "/\u{301}etc/x"])
    func aSlashInsideAGraphemeClusterStillSeparatesComponents(_ hostile: String) async throws {
        #expect(throws: MLflowError.self) { try DownloadFolder.components(of: hostile) }
        #expect(throws: MLflowError.self) { try LocalArtifactRoot.validateRelative(hostile) }
        #expect(throws: MLflowError.self) { try ArtifactSource.parse("runs:/r1/" + hostile) }
        let store = ArtifactStore(
            listings: ["": [ArtifactEntry(path: hostile, isDir: false, fileSize: 4)]], files: [hostile: [1, 2, 3, 4]])
        let parent = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let out = parent + "/out"
        let plan = ArtifactPlan(owner: .run("r1"), path: "", isFolder: true,
                                files: [ArtifactEntry(path: hostile, isDir: false, fileSize: 4)], folders: [])
        let report = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(report.failed.count == 1 && report.written.isEmpty)
        #expect(Self.tree(parent).isEmpty)
    }

    /// The fuzz input itself (841 bytes, not valid UTF-8): it ends in `/\u{605}/..`.
    @Test func theFuzzInputWithAPrependedMarkBeforeASlashIsRefused() {
        let bytes = Data(base64Encoded: "dW5zOi9iMDIxLzAxMjM2LzU0NzY3NTY3OGwvZS9NcnVuTG01ZWxzOi9maWUtbW9kZWxAY2hhbWlvbjY3LzYvTUwwMjEvMDFvbjY3LzYvTUwwMjEvMDEyMzYvNTQ3Njc1Njc4bC9lL01ydW5MbTVlbHM6L2ZpZS1tb2RlbEBjaG9kL2RtL01MbW9kbHM6L2ZpZS1tb2RlNzYvbW9ydW5zZGVsL01lO2YvbW9kZS9NTG0wL21vZWwvTUxtL2WekJJssHNvZC9kbS9NTG1vZGxzOi9maWUtbW9kZTMvNjc1Njc4bC9NMmFtaW9uNjcvNi9taW9uNjcvNi9NTDYvbW9kZWwvTWU7Zi9tb2RlL01MbTAvbW9lbC9NTG0vZZ6Qkmywc29kL2RtL01MbW9kbHM6L2ZpZS1tb2RlNzYvbW9kZWwvTWU7Zi9tb2RlL01MbTAvbW9lbC9NTG0vZZ6QkmywbTdvZGVsSVNzb2QvZG0vTUxtb2RsczovZmllLW1vZGU3LzY3NTY3OGwvTTIzNi81NDc2NzU2NzhsL2UvTXJ1ZWxzOi9maWUtbW9kZWxAY2isbWlvbjY3LzYvTUxxNi9tb2RlbC9NZTtmL21vZGUvTUxtMC9tb2VsTUw2L21vZGVsL01lO2YvbW9kZS9NTG0wL21vZWz/L2X/bf//L2YvbW84ZZ5mbS9tL2IvZWxlNzYvbW9kZWwvTWU7Zi9tb2RlL01ydW5zOi8wMTIzNDU2NzovMHEyMzQ1Njc4OWFiYy9tb2RlbHM6LzAxMm9kZS9NTG1vZGRlZi9tby8xZWYvbW9kZS9NTG1vZGRzOi85YWJjOi9iL21vZGVsczovMDEyb2RlL02pXampqW0tMTEvTG0wL21vZWwvTUxtL2WekJJssHNvZC9kbS9NTG1vZGxzOq9maWUtbW9kZTcvNjc1Njc4bC9NMjM2LzU0NzY3NTYvTUxuczovOGEsbHM6L20tMmQxLyMwMTJmL21vZWQvTWYvbWUzNDU2Ny82L01MbWQ2NzhsL2UvTXJ1ZWxzOi9maWUtbW9kZWxAY2isbWlvL242Ny82L01MNi9tb2RlMDFkZWYvbC9NZTtmL21vZGUvTUxtMC/YhS8uLg==") ?? Data()
        #expect(bytes.count == 841)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(throws: MLflowError.self) { try DownloadFolder.components(of: text) }
        #expect(PathText.components(text).last == "..")
    }

    @Test func pathsSplitByteForByte() {
        #expect(PathText.components("a/\u{605}/..") == ["a", "\u{605}", ".."])
        #expect("a/\u{605}/..".split(separator: "/", omittingEmptySubsequences: false).count == 2)   // what Character splitting sees
        #expect(PathText.components("/x//y/", omittingEmpty: true) == ["x", "y"])
        #expect(PathText.components("x/y/z", maxSplits: 1) == ["x", "y/z"])
        #expect(PathText.isAbsolute("/\u{301}etc") && !"/\u{301}etc".hasPrefix("/"))
        #expect(PathText.lastComponent("a/b\u{605}/c\u{301}") == "c\u{301}")
        #expect(PathText.parent("a/b\u{605}/c") == "a/b\u{605}" && PathText.parent("c") == "")
        #expect(PathText.isDotComponent("..") && PathText.isDotComponent(".") && !PathText.isDotComponent("..\u{301}"))
    }

    @Test func aSymbolicLinkInTheDestinationCannotLeadOutside() async throws {
        let out = try Self.scratch(), elsewhere = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out); try? FileManager.default.removeItem(atPath: elsewhere) }
        try FileManager.default.createSymbolicLink(atPath: out + "/model", withDestinationPath: elsewhere)
        let store = ArtifactStore(files: ["model/weights.bin": [9, 9]])
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "model")
        let report = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(report.written.isEmpty && !report.failed.isEmpty)
        #expect(Self.tree(elsewhere).isEmpty)
    }

    @Test func aCutDownloadLeavesNoFileUnderItsNameAndARetryCompletesIt() async throws {
        let big = [UInt8](repeating: 7, count: 100_000)
        let store = ArtifactStore(files: ["model/weights.bin": big, "model/MLmodel": [1]], cuts: ["model/weights.bin": 40_000])
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "model")
        let first = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(first.failed.map(\.path) == ["model/weights.bin"])
        #expect(first.failed.first?.message.contains("40000") == true)
        #expect(Self.tree(out) == ["model/MLmodel": [1]])   // no truncated file, no temporary left
        store.cuts.withLock { $0 = [:] }
        let second = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(second.failed.isEmpty && second.written == [out + "/model/weights.bin"] && second.skipped.count == 1)
        #expect(Self.tree(out) == ["model/MLmodel": [1], "model/weights.bin": big])
    }

    @Test func aFileShorterThanListedIsNotKept() async throws {
        // The store says 10 bytes, the download brings 6 without an error (a server that closed early).
        let store = ArtifactStore(
            listings: ["": [ArtifactEntry(path: "log.txt", isDir: false, fileSize: 10)]],
            files: ["log.txt": Array("abcdef".utf8)])
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "")
        let report = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(report.failed.first?.message.contains("got 6 bytes of 10") == true)
        #expect(Self.tree(out).isEmpty)
    }

    @Test func existingFilesAreSkippedKeptOrReplacedAsAsked() async throws {
        let store = ArtifactStore(files: ["a.txt": Array("new!".utf8)])
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: out + "/a.txt"))
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "")
        let refused = await ArtifactDownloader(store: store, folder: try DownloadFolder(out)).run(plan)
        #expect(refused.failed.count == 1 && refused.failed[0].message.contains("exists with 3 bytes"))
        let kept = await ArtifactDownloader(store: store, folder: try DownloadFolder(out), existing: .keepBoth).run(plan)
        #expect(kept.written == [out + "/a (1).txt"])
        let skipped = await ArtifactDownloader(store: store, folder: try DownloadFolder(out), existing: .skip).run(plan)
        #expect(skipped.skipped == [out + "/a.txt"])
        let replaced = await ArtifactDownloader(store: store, folder: try DownloadFolder(out), existing: .overwrite).run(plan)
        #expect(replaced.written == [out + "/a.txt"])
        #expect(Self.tree(out) == ["a.txt": Array("new!".utf8), "a (1).txt": Array("new!".utf8)])
    }

    @Test func downloadsRunSeveralFilesAtATime() async throws {
        var files: [String: [UInt8]] = [:]
        for n in 0..<200 { files["many/item-\(n).txt"] = Array("item \(n)\n".utf8) }
        let store = ArtifactStore(files: files)
        let out = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let plan = try await ArtifactPlan.make(store: store, owner: .run("r1"), path: "many", jobs: 8)
        let report = await ArtifactDownloader(store: store, folder: try DownloadFolder(out), jobs: 8).run(plan)
        #expect(report.written.count == 200 && report.failed.isEmpty)
        #expect(Self.tree(out) == files)
    }

    @Test func sourcesParseAsMLflowWritesThem() throws {
        #expect(try ArtifactSource.parse("runs:/abc/model/MLmodel") == .run(id: "abc", path: "model/MLmodel"))
        #expect(try ArtifactSource.parse("runs:/abc") == .run(id: "abc", path: ""))
        #expect(try ArtifactSource.parse("runs:/abc/") == .run(id: "abc", path: ""))
        #expect(try ArtifactSource.parse("models:/clf/3") == .modelVersion(name: "clf", version: "3", path: ""))
        #expect(try ArtifactSource.parse("models:/clf/latest/MLmodel") == .modelVersion(name: "clf", version: "latest", path: "MLmodel"))
        #expect(try ArtifactSource.parse("models:/clf@champion") == .modelAlias(name: "clf", alias: "champion", path: ""))
        #expect(try ArtifactSource.parse("models:/m-0123abc") == .loggedModel(id: "m-0123abc", path: ""))
        #expect(try ArtifactSource.parse("models:/m-0123abc/model.json") == .loggedModel(id: "m-0123abc", path: "model.json"))
        #expect(try ArtifactSource.parse("mlflow-artifacts:/1/abc/artifacts/plots/a%20b.png") == .run(id: "abc", path: "plots/a b.png"))
        #expect(try ArtifactSource.parse("mlflow-artifacts://host:5000/1/models/m-9/artifacts/MLmodel") == .loggedModel(id: "m-9", path: "MLmodel"))
        for bad in ["", "runs:/", "runs://x", "runs:/abc/../../etc/passwd", "models:/", "models:/clf", "models:/clf/Production",
                    "models:/@x", "s3://bucket/x", "mlflow-artifacts:/1/abc", "/etc/passwd", "runs:/a/b\u{0}c"] {
            #expect(throws: MLflowError.self, "\(bad.debugDescription)") { try ArtifactSource.parse(bad) }
        }
    }

    /// Found by the artifactsource fuzz target: a source may name a file whose name is longer than
    /// Linux allows (a server's object store holds it; `cat` reads it), and only a download refuses
    /// it, with a message that says why.
    @Test func aNameTooLongForLinuxIsRefusedOnlyWhereAFileWouldBeWritten() throws {
        let text = "runs:/moderuns:/model:s/fixe-mr" + String(repeating: "\u{FFFD}", count: 88) + "uns:/model:s/fixe-mo:am/"
        let source = try ArtifactSource.parse(text)
        #expect(source == .run(id: "moderuns:", path: "model:s/fixe-mr" + String(repeating: "\u{FFFD}", count: 88) + "uns:/model:s/fixe-mo:am"))
        #expect(throws: MLflowError.self) { try DownloadFolder.components(of: source.path) }
        do {
            _ = try DownloadFolder.components(of: source.path)
        } catch let error as MLflowError {
            #expect(error.description.contains("longer than 255 bytes"))
        }
    }

    @Test func modelVersionsResolveToTheirFiles() async throws {
        func version(_ number: String, source: String, runId: String? = nil, modelId: String? = nil, aliases: [String] = []) -> ModelVersion {
            var v = ModelVersion(name: "clf", version: number, source: source)
            v.runId = runId
            v.modelId = modelId
            v.aliases = aliases
            return v
        }
        let store = ArtifactStore(listings: [:], files: [:], versions: [
            version("1", source: "runs:/r1/model", runId: "r1"),
            version("2", source: "models:/m-2", modelId: "m-2", aliases: ["champion"]),
            version("3", source: "/old/mlruns/0/r3/artifacts/model", runId: "r3"),
            version("10", source: "s3://bucket/x"),
        ])
        #expect(try await ArtifactSource.parse("models:/clf/1/MLmodel").resolve(in: store).uri == "runs:/r1/model/MLmodel")
        #expect(try await ArtifactSource.parse("models:/clf@champion").resolve(in: store).owner == .loggedModel("m-2"))
        #expect(try await ArtifactSource.parse("models:/clf/3").resolve(in: store).uri == "runs:/r3/model")
        await #expect(throws: MLflowError.self) { try await ArtifactSource.parse("models:/clf/latest").resolve(in: store) }
        await #expect(throws: MLflowError.self) { try await ArtifactSource.parse("models:/clf/4").resolve(in: store) }
        await #expect(throws: MLflowError.self) { try await ArtifactSource.parse("models:/clf@none").resolve(in: store) }
        await #expect(throws: MLflowError.self) { try await ArtifactSource.parse("models:/other/1").resolve(in: store) }
    }

    @Test func aPreviewReadsOnlyTheStart() async throws {
        let store = ArtifactStore(files: ["log.txt": Array(repeating: 65, count: 1000)])
        let head = try await store.readArtifactPrefix(.run("r1"), path: "log.txt", maxBytes: 10)
        #expect(head.data == Data(repeating: 65, count: 10) && !head.complete)
        let all = try await store.readArtifactPrefix(.run("r1"), path: "log.txt", maxBytes: 5000)
        #expect(all.data.count == 1000 && all.complete)
    }
}
