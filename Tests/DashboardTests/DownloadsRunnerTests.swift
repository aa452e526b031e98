@testable import Dashboard
import Foundation
@testable import MLflowCore
import MLflowSQLite
import Testing
import TestFixtures
import TerminalCore

/// The downloads through the effect runner and the reducer together, against the fixture
/// `mlflow.db` MLflow wrote (run `artifact-run`), and against a store that answers badly.
@Suite(.serialized, .enabled(if: FileManager.default.fileExists(atPath: DownloadFixture.sqlitePath)))
struct DownloadsRunnerTests {
    static var fixtures: String { DownloadFixture.directory }
    static var sqlitePath: String { DownloadFixture.sqlitePath }

    /// The id the SQLite fixture store gave `artifact-run`, from the generator's manifest.
    static func artifactRunId() throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixtures + "/manifest.json"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let stores = try #require(manifest["stores"] as? [String: [String: Any]])
        return try #require((stores["sqlite"]?["runs"] as? [String: String])?["artifact-run"])
    }

    /// A fresh scratch folder.
    static func scratch() throws -> String {
        let path = NSTemporaryDirectory() + "runboard-downloads-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1_000) }

    /// One dashboard, its runner and what the runner answered.
    final class Session: @unchecked Sendable {
        var state: DashboardState
        let runner: EffectRunner
        let log = ActionLog()
        var handled = 0

        init(store: any TrackingStore, workingDirectory: String) {
            let log = log
            runner = EffectRunner(store: store) { log.append($0) }
            state = DashboardState(storeURI: store.displayURI, size: Size(width: 120, height: 40), now: DownloadsRunnerTests.now())
            state.downloads = DownloadsState(workingDirectory: workingDirectory, home: nil)
        }

        func perform(_ effects: [Effect]) async {
            for effect in effects { await runner.perform(effect) }
        }

        /// Applies the runner's answers (the clock ticking) until `done` holds or `seconds` pass.
        @discardableResult
        func drive(seconds: Double = 60, until done: (DashboardState) -> Bool) async -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if done(state) { return true }
                let actions = log.actions
                if actions.count > handled {
                    for action in actions[handled...] {
                        state.now = DownloadsRunnerTests.now()
                        await perform(reduce(&state, action))
                    }
                    handled = actions.count
                } else {
                    try? await Task.sleep(nanoseconds: 2_000_000)
                }
            }
            return done(state)
        }

        /// Opens the prompt for `path`, keeps the folder it offers (the working directory) and presses Enter.
        func download(_ owner: ArtifactOwner, _ path: String, isFolder: Bool) async {
            await perform(beginDownload(&state, ArtifactRootRef(owner: owner, path: path, label: "run artifacts", runId: nil), isFolder: isFolder))
            await perform(reduce(&state, .key(.enter)))
        }

        func key(_ key: Key) async { await perform(reduce(&state, .key(key))) }

        var last: Download? { state.downloads.downloads.last }
    }

    /// Temporary files a download left.
    static func partFiles(under folder: String) -> [String] {
        LocalFiles.under(folder).filter { ($0 as NSString).lastPathComponent.hasPrefix(".runboard-") }
    }

    @Test func theDataFolderArrivesByteForByteAndExistingFilesAreAskedAbout() async throws {
        let store = try SQLiteStore(path: Self.sqlitePath)
        let runId = try Self.artifactRunId()
        let run = try await store.run(id: runId)
        let source = try LocalArtifactRoot(uri: run.info.artifactUri, storeDirectory: Self.fixtures + "/sqlite", ownerId: runId).directory + "/data"
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let session = Session(store: store, workingDirectory: scratch)

        await session.download(.run(runId), "data", isFolder: true)
        #expect(await session.drive { $0.downloads.downloads.last?.isActive == false })
        let download = try #require(session.last)
        #expect(download.phase == .done)
        #expect(download.destination == scratch)
        let expected = LocalFiles.under(source)
        #expect(expected == ["nested/deep/values.csv"])
        #expect(LocalFiles.under(scratch + "/data") == expected)
        for file in expected {
            #expect(FileManager.default.contents(atPath: scratch + "/data/" + file) == FileManager.default.contents(atPath: source + "/" + file), "\(file)")
        }
        #expect(download.counts.written == expected.count)
        #expect(Self.partFiles(under: scratch).isEmpty)
        #expect(session.state.status.message?.hasPrefix("downloaded data/ of run ") == true)
        #expect(session.state.status.message?.hasSuffix(" to \(download.report?.destination ?? "?")") == true)

        // Again into the same folder: asked once, every file there and of the same size.
        await session.download(.run(runId), "data", isFolder: true)
        #expect(await session.drive { $0.downloads.prompt?.question != nil })
        #expect(session.state.downloads.prompt?.question?.existing == expected.count)
        #expect(session.state.downloads.prompt?.question?.sameSize == expected.count)
        await session.key(.char("i"))
        #expect(await session.drive { $0.downloads.downloads.last?.isActive == false })
        #expect(session.last?.phase == .done)
        #expect(session.last?.counts.skipped == expected.count)
        #expect(session.last?.counts.written == 0)

        // Keep both: the new files beside the old ones.
        await session.download(.run(runId), "data", isFolder: true)
        #expect(await session.drive { $0.downloads.prompt?.question != nil })
        await session.key(.char("k"))
        #expect(await session.drive { $0.downloads.downloads.last?.isActive == false })
        #expect(session.last?.counts.written == expected.count)
        #expect(session.last?.report?.written.allSatisfy { ($0 as NSString).lastPathComponent.contains(" (1)") } == true)
        #expect(LocalFiles.under(scratch + "/data").count == 2 * expected.count)
        #expect(Self.partFiles(under: scratch).isEmpty)
    }

    /// The 50 MB log, cancelled while it is written: nothing under its name, no temporary file;
    /// then downloaded again, complete.
    @Test func aCancelledDownloadLeavesNothingAndARetryCompletesIt() async throws {
        let store = try SQLiteStore(path: Self.sqlitePath)
        let runId = try Self.artifactRunId()
        let run = try await store.run(id: runId)
        let source = try LocalArtifactRoot(uri: run.info.artifactUri, storeDirectory: Self.fixtures + "/sqlite", ownerId: runId).directory + "/bulk/train.log"
        let size = try #require((try FileManager.default.attributesOfItem(atPath: source)[.size] as? NSNumber)?.int64Value)
        #expect(size >= 50_000_000)
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let session = Session(store: store, workingDirectory: scratch)
        let target = scratch + "/bulk/train.log"

        // A local copy is fast: the cancel must land while the temporary file is partly written,
        // which a few attempts make sure of.
        var cancelledMidway = false
        for _ in 0..<8 where !cancelledMidway {
            await session.download(.run(runId), "bulk/train.log", isFolder: false)
            #expect(await session.drive { $0.downloads.downloads.last?.phase == .running })
            var partial = false
            while session.last?.isActive == true, FileManager.default.fileExists(atPath: target) == false {
                let parts = Self.partFiles(under: scratch + "/bulk")
                let written = parts.compactMap { try? FileManager.default.attributesOfItem(atPath: scratch + "/bulk/" + $0)[.size] as? NSNumber }
                if let bytes = written.first?.int64Value, bytes > 0, bytes < size / 2 {
                    partial = true
                    break
                }
                await session.drive(seconds: 0.001) { _ in false }
            }
            if partial {
                // `x` in the panel.
                await session.perform(reduce(&session.state, .downloads(.cancelSelected)))
                cancelledMidway = true
            }
            // Its report arrives (what was written until then).
            #expect(await session.drive { $0.downloads.downloads.last?.requestId == nil })
            #expect(Self.partFiles(under: scratch).isEmpty, "no temporary file is left")
            if cancelledMidway {
                #expect(session.last?.phase == .cancelled)
                #expect(!FileManager.default.fileExists(atPath: target), "nothing under the real name")
                #expect(session.last?.report?.written.isEmpty == true)
            } else {
                try? FileManager.default.removeItem(atPath: target)
            }
        }
        #expect(cancelledMidway)

        // Again: no file there, so no question; it completes.
        await session.download(.run(runId), "bulk/train.log", isFolder: false)
        #expect(await session.drive { $0.downloads.downloads.last?.isActive == false })
        #expect(session.last?.phase == .done)
        #expect(session.last?.existing == 0)
        #expect(session.last?.report?.destination == target)
        #expect(FileManager.default.contentsEqual(atPath: target, andPath: source))
        #expect(Self.partFiles(under: scratch).isEmpty)
    }

    /// Quitting mid-download: the runner's work is cancelled and waited for, and the partly written
    /// temporary file goes with it.
    @Test func quittingMidDownloadLeavesNoTemporaryFile() async throws {
        let store = try SQLiteStore(path: Self.sqlitePath)
        let runId = try Self.artifactRunId()
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var stoppedMidway = false
        for attempt in 0..<8 where !stoppedMidway {
            let session = Session(store: store, workingDirectory: scratch + "/\(attempt)")
            await session.download(.run(runId), "bulk/train.log", isFolder: false)
            #expect(await session.drive { $0.downloads.downloads.last?.phase == .running })
            // A local copy is fast: wait for the temporary file to hold some bytes, then quit.
            for _ in 0..<2_000 where !stoppedMidway {
                let parts = Self.partFiles(under: scratch + "/\(attempt)")
                let bytes = parts.compactMap { try? FileManager.default.attributesOfItem(atPath: scratch + "/\(attempt)/" + $0)[.size] as? NSNumber }
                if bytes.contains(where: { $0.int64Value > 0 }) {
                    await session.runner.cancelAllAndWait(atMost: .seconds(10))
                    stoppedMidway = !FileManager.default.fileExists(atPath: scratch + "/\(attempt)/bulk/train.log")
                    break
                }
                try await Task.sleep(for: .microseconds(200))
            }
            await session.runner.cancelAllAndWait(atMost: .seconds(10))
            #expect(await session.runner.pendingCount == 0)
            #expect(Self.partFiles(under: scratch + "/\(attempt)").isEmpty, "no temporary file is left")
        }
        #expect(stoppedMidway)
    }

    /// One file failing is listed with why; a listing that would leave the folder fails the
    /// download with the client library's message, and nothing is written outside it.
    @Test func badAnswersFailFilesNeverTheDashboard() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let inside = scratch + "/dest"
        let session = Session(store: AnsweringStore(hostile: false), workingDirectory: inside)
        await session.download(.run("r1"), "", isFolder: true)
        #expect(await session.drive(seconds: 10) { $0.downloads.downloads.last?.isActive == false })
        #expect(session.last?.phase == .failed(nil))
        #expect(session.last?.report?.failed.map(\.path) == ["bad.bin"])
        #expect(session.last?.report?.failed.first?.message.contains("connection reset") == true)
        #expect(FileManager.default.contents(atPath: inside + "/ok.txt") == Data("abc".utf8))
        #expect(!FileManager.default.fileExists(atPath: inside + "/bad.bin"))
        #expect(Self.partFiles(under: scratch).isEmpty)

        let hostile = Session(store: AnsweringStore(hostile: true), workingDirectory: inside + "/2")
        await hostile.download(.run("r1"), "", isFolder: true)
        #expect(await hostile.drive(seconds: 10) { $0.downloads.downloads.last?.isActive == false })
        guard case .failed(let message?)? = hostile.last?.phase else {
            Issue.record("not failed: \(String(describing: hostile.last?.phase))")
            return
        }
        #expect(message.contains("refused artifact path '../evil.txt'"))
        #expect(!FileManager.default.fileExists(atPath: inside + "/evil.txt"))
        #expect(!FileManager.default.fileExists(atPath: inside + "/2"), "nothing is written before the plan is known")
    }

    @Test func tabListsSubfoldersOfTheRealDisk() async throws {
        let scratch = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for folder in ["runs-a", "runs-b", ".hidden", "other"] {
            try FileManager.default.createDirectory(atPath: scratch + "/" + folder, withIntermediateDirectories: true)
        }
        FileManager.default.createFile(atPath: scratch + "/runs-file", contents: Data())
        #expect(EffectRunner.subfolders(of: scratch, startingWith: "runs") == ["runs-a", "runs-b"])
        #expect(EffectRunner.subfolders(of: scratch, startingWith: "") == ["other", "runs-a", "runs-b"])
        #expect(EffectRunner.subfolders(of: scratch, startingWith: ".") == [".hidden"])
        #expect(EffectRunner.subfolders(of: scratch + "/missing", startingWith: "") == [])

        let session = Session(store: AnsweringStore(hostile: false), workingDirectory: scratch)
        await session.perform(beginDownload(&session.state, ArtifactRootRef(owner: .run("r1"), path: "", label: "run artifacts", runId: nil), isFolder: true))
        for key in "ru" { await session.key(.char(key)) }
        await session.key(.tab)
        #expect(await session.drive(seconds: 10) { $0.downloads.prompt?.draft == scratch + "/runs-" })
        await session.key(.char("b"))
        await session.key(.tab)
        #expect(await session.drive(seconds: 10) { $0.downloads.prompt?.draft == scratch + "/runs-b/" })
    }
}

/// Where the generated fixture stores are.
enum DownloadFixture {
    static var directory: String {
        ProcessInfo.processInfo.environment["RUNBOARD_FIXTURES"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".test-work/fixtures").path
    }
    static var sqlitePath: String { directory + "/sqlite/mlflow.db" }
}

/// A store whose run has `ok.txt`, `bad.bin` (its download fails) and, when hostile, a listing
/// entry `../evil.txt`.
final class AnsweringStore: TrackingStore, @unchecked Sendable {
    let hostile: Bool
    init(hostile: Bool) { self.hostile = hostile }

    var displayURI: String { "answering://" }
    func searchExperiments(view: ViewType, maxResults: Int, pageToken: String?) async throws -> Page<Experiment> { Page(items: [], nextPageToken: nil) }
    func experiment(id: String) async throws -> Experiment { throw MLflowError.notFound(id) }
    func experiment(named name: String) async throws -> Experiment? { nil }
    func searchRuns(_ query: RunQuery, pageSize: Int, pageToken: String?) async throws -> Page<Run> { Page(items: [], nextPageToken: nil) }
    func run(id: String) async throws -> Run { makeRun(id) }
    func metricHistory(runId: String, key: String, pageSize: Int, pageToken: String?) async throws -> Page<Metric> { Page(items: [], nextPageToken: nil) }
    func sampledMetricHistory(runIds: [String], key: String, maxPoints: Int, steps: StepRange?) async throws -> [String: [Metric]] { [:] }
    func listArtifacts(_ owner: ArtifactOwner, path: String) async throws -> [ArtifactEntry] {
        guard path.isEmpty else { return [] }
        return [ArtifactEntry(path: "ok.txt", isDir: false, fileSize: 3), ArtifactEntry(path: "bad.bin", isDir: false, fileSize: 4)]
            + (hostile ? [ArtifactEntry(path: "../evil.txt", isDir: false, fileSize: 4)] : [])
    }
    func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String, expectedBytes: Int64?) async throws -> Int64 {
        if path == "bad.bin" {
            FileManager.default.createFile(atPath: destination, contents: Data("ba".utf8))
            throw MLflowError.transport("connection reset")
        }
        FileManager.default.createFile(atPath: destination, contents: Data("abc".utf8))
        return 3
    }
    func readArtifact(_ owner: ArtifactOwner, path: String, consume: @escaping @Sendable (Data) throws -> Bool) async throws {}
    func loggedModels(experimentIds: [String]) async throws -> [LoggedModel] { [] }
    func registeredModels() async throws -> [RegisteredModel] { [] }
    func modelVersions(name: String) async throws -> [ModelVersion] { [] }
}
