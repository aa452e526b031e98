import Foundation
import MLflowCore
import MLflowFileStore
import Testing

@Suite struct HistoryTests {
    static let exp = "222222222222222222"
    static let run = TreeBuilder.runId(0xA)

    @Test func historyIsInTimestampStepValueOrder() async throws {
        let tree = try TreeBuilder("history-order")
        try tree.experiment(Self.exp, name: "h")
        try tree.run(Self.run, experiment: Self.exp, metrics: ["loss": "30 3.0 1\n10 nan 5\n10 -1.0 5\n20 2.0 0\n10 1.0 2\nbad line\n10 0.5 5\n"])
        let store = try FileStore(path: tree.root)
        let history = try await store.fullMetricHistory(runId: Self.run, key: "loss")
        #expect(history.map(\.timestamp) == [10, 10, 10, 10, 20, 30])
        #expect(history.map(\.step) == [2, 5, 5, 5, 0, 1])
        // NaN is ordered as 0, as MLflow's SQL store keeps it.
        #expect(history[1].value == -1.0)
        #expect(history[2].value.isNaN)
        #expect(history[3].value == 0.5)
        #expect(store.warnings == ["metric file '\(Self.exp)/\(Self.run)/metrics/loss': line 6 skipped: bad timestamp 'bad'"])
        #expect(try await store.fullMetricHistory(runId: Self.run, key: "loss", steps: StepRange(from: 1, to: 2)).map(\.step) == [2, 1])
        #expect(try await store.fullMetricHistory(runId: Self.run, key: "absent").isEmpty)
        #expect(try await store.fullMetricHistory(runId: Self.run, key: "../meta.yaml").isEmpty)
        await #expect(throws: MLflowError.notFound("run '\(TreeBuilder.runId(0xB))'")) {
            try await store.metricHistory(runId: TreeBuilder.runId(0xB), key: "loss", pageSize: 10, pageToken: nil)
        }
    }

    @Test func pagesALongHistoryAndSeesAppends() async throws {
        let tree = try TreeBuilder("history-paging")
        try tree.experiment(Self.exp, name: "h")
        let lines = (0..<30_000).map { "\(1_000_000 + $0) \(Double($0) / 4) \($0)" }.joined(separator: "\n") + "\n"
        try tree.run(Self.run, experiment: Self.exp, metrics: ["loss": lines])
        let store = try FileStore(path: tree.root)
        let first = try await store.metricHistory(runId: Self.run, key: "loss", pageSize: MLflowLimits.historyPageSize, pageToken: nil)
        #expect(first.items.count == 25_000)
        let second = try await store.metricHistory(runId: Self.run, key: "loss", pageSize: MLflowLimits.historyPageSize, pageToken: first.nextPageToken)
        #expect(second.items.count == 5_000)
        #expect(second.nextPageToken == nil)
        #expect(second.items.last == Metric(key: "loss", value: 7499.75, timestamp: 1_029_999, step: 29_999))

        let sampled = try await store.sampledMetricHistory(runIds: [Self.run], key: "loss", maxPoints: 2_500, steps: nil)
        let points = try #require(sampled[Self.run])
        #expect(points.count == 2_500)
        #expect(points.first?.step == 0)
        #expect(points.last?.step == 29_999)
        #expect(points[1].step == 12)

        // An appended point is seen on the next read.
        let handle = try #require(FileHandle(forWritingAtPath: tree.root + "/\(Self.exp)/\(Self.run)/metrics/loss"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2000000 -1.5 30000\n".utf8))
        try handle.close()
        let again = try await store.fullMetricHistory(runId: Self.run, key: "loss")
        #expect(again.count == 30_001)
        #expect(again.last == Metric(key: "loss", value: -1.5, timestamp: 2_000_000, step: 30_000))
        #expect(try await store.run(id: Self.run).metric("loss")?.step == 30_000)
    }

    @Test(arguments: SamplingCase.recorded.filter { $0.history.count <= 2_501 })
    func sampledHistoryMatchesMLflowsServer(_ testCase: SamplingCase) async throws {
        // Cases run in parallel and names like "N-1 points" and "N+1 points" map to the same
        // letters, so each tree gets a folder of its own.
        let folder = testCase.name.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        let tree = try TreeBuilder("history-sampled-" + String(folder) + "-" + UUID().uuidString.prefix(8))
        try tree.experiment(Self.exp, name: "h")
        let lines = testCase.history.map { "\($0.0) \(Self.python($0.1)) \($0.2)\n" }.joined()
        try tree.run(Self.run, experiment: Self.exp, metrics: ["m": lines])
        try tree.run(TreeBuilder.runId(0xC), experiment: Self.exp, metrics: ["other": "1 1.0 1\n"])
        let store = try FileStore(path: tree.root)
        let sampled = try await store.sampledMetricHistory(
            runIds: [Self.run, TreeBuilder.runId(0xC)], key: "m", maxPoints: testCase.maxPoints, steps: testCase.steps)
        #expect(sampled[Self.run] == testCase.expected.map { testCase.metrics[$0] })
        #expect(sampled[TreeBuilder.runId(0xC)] == [])
    }

    /// A value as Python's `str(float)` writes it into a metric file.
    static func python(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return "\(value)"
    }
}

@Suite struct ArtifactTests {
    static let exp = "333333333333333333"
    static let run = TreeBuilder.runId(0xAF)

    static func tree(_ name: String, trash: Bool = false) throws -> TreeBuilder {
        let tree = try TreeBuilder(name)
        try tree.experiment(exp, name: "art", stage: trash ? "deleted" : "active", trash: trash)
        try tree.run(run, experiment: exp, stage: trash ? "deleted" : "active", trash: trash)
        let base = (trash ? ".trash/" : "") + "\(exp)/\(run)/artifacts/"
        try tree.write(base + "plots/loss.png", Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2]))
        try tree.write(base + "data/nested/deep/values.csv", "a,b\n1,2\n")
        try tree.write(base + "empty.txt", "")
        try tree.write(base + "unicode-ü-名前.txt", "ü")
        return tree
    }

    @Test func listsAndDownloadsRunArtifacts() async throws {
        let tree = try Self.tree("artifacts-run")
        let store = try FileStore(path: tree.root)
        #expect(try await store.listArtifacts(.run(Self.run), path: "") == [
            ArtifactEntry(path: "data", isDir: true),
            ArtifactEntry(path: "empty.txt", isDir: false),
            ArtifactEntry(path: "plots", isDir: true),
            ArtifactEntry(path: "unicode-ü-名前.txt", isDir: false, fileSize: 2),
        ])
        #expect(try await store.listArtifacts(.run(Self.run), path: "data/nested") == [ArtifactEntry(path: "data/nested/deep", isDir: true)])
        #expect(try await store.listArtifacts(.run(Self.run), path: "missing").isEmpty)
        let target = try Fixtures_scratch("artifacts-download") + "/loss.png"
        #expect(try await store.downloadArtifact(.run(Self.run), path: "plots/loss.png", to: target) == 7)
        #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == Data([0x89, 0x50, 0x4E, 0x47, 0, 1, 2]))
        await #expect(throws: MLflowError.self) { try await store.listArtifacts(.run(Self.run), path: "../..") }
        await #expect(throws: MLflowError.notFound("run 'nope'")) { try await store.listArtifacts(.run("nope"), path: "") }
        await #expect(throws: MLflowError.notFound("logged model 'm-nope'")) { try await store.listArtifacts(.loggedModel("m-nope"), path: "") }
    }

    @Test func findsArtifactsOfAStoreCopiedElsewhere() async throws {
        let tree = try Self.tree("artifacts-copied")
        let moved = try Fixtures_scratch("artifacts-copied-target") + "/renamed-store"
        try FileManager.default.moveItem(atPath: tree.root, toPath: moved)
        let store = try FileStore(path: moved)
        let run = try await store.run(id: Self.run)
        #expect(run.info.artifactUri == "file://\(tree.root)/\(Self.exp)/\(Self.run)/artifacts")
        #expect(try await store.listArtifacts(.run(Self.run), path: "plots") == [ArtifactEntry(path: "plots/loss.png", isDir: false, fileSize: 7)])
    }

    /// A root found is kept for the next files, but not past a change: an experiment moved to
    /// `.trash`, or a run's `meta.yaml` that names another folder.
    @Test func aKeptRootFollowsItsMetaYAML() async throws {
        let tree = try Self.tree("artifacts-kept-root")
        let store = try FileStore(path: tree.root)
        let plots = [ArtifactEntry(path: "plots/loss.png", isDir: false, fileSize: 7)]
        #expect(try await store.listArtifacts(.run(Self.run), path: "plots") == plots)
        try FileManager.default.createDirectory(atPath: tree.root + "/.trash", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: tree.root + "/" + Self.exp, toPath: tree.root + "/.trash/" + Self.exp)
        #expect(try await store.listArtifacts(.run(Self.run), path: "plots") == plots, "found again in .trash")
        let meta = tree.root + "/.trash/\(Self.exp)/\(Self.run)/meta.yaml"
        let elsewhere = try Fixtures_scratch("artifacts-kept-root-elsewhere")
        try FileManager.default.createDirectory(atPath: elsewhere + "/plots", withIntermediateDirectories: true)
        try Data("new".utf8).write(to: URL(fileURLWithPath: elsewhere + "/plots/new.txt"))
        var text = try String(contentsOfFile: meta, encoding: .utf8)
        text = text.split(separator: "\n").map { $0.hasPrefix("artifact_uri:") ? "artifact_uri: file://\(elsewhere)" : String($0) }.joined(separator: "\n") + "\n"
        try text.write(toFile: meta, atomically: true, encoding: .utf8)
        #expect(try await store.listArtifacts(.run(Self.run), path: "plots") == [ArtifactEntry(path: "plots/new.txt", isDir: false, fileSize: 3)])
    }

    @Test func findsArtifactsOfADeletedExperiment() async throws {
        let tree = try Self.tree("artifacts-trash", trash: true)
        let store = try FileStore(path: tree.root)
        #expect(try await store.run(id: Self.run).info.lifecycleStage == .deleted)
        #expect(try await store.listArtifacts(.run(Self.run), path: "data/nested/deep") == [
            ArtifactEntry(path: "data/nested/deep/values.csv", isDir: false, fileSize: 8),
        ])
    }
}

/// A fresh scratch folder.
func Fixtures_scratch(_ name: String) throws -> String {
    try TreeBuilder(name).root
}
