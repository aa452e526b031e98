import Foundation
import MLflowCore
import MLflowClient
import MLflowREST
import TestFixtures
import Testing

/// Histories, samples, artifacts and models: the same from the server, `mlflow.db` and `./mlruns`.
@Suite("Three stores, same data", .enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores), .serialized)
struct CrossStoreDataTests {
    @Test func fullHistoriesAgreeAndMatchTheManifest() async throws {
        let trio = try StoreTrio.open()
        let runs = try #require(trio.data["runs"] as? [String: [String: Any]])
        for runName in ["failed", "killed", "parent", "long-history", "\u{1b}[2J\u{1b}[31mEVIL"] {
            let metrics = try #require(runs[runName]?["metrics"] as? [String: [String: Any]])
            for key in metrics.keys.sorted() {
                var answers: [[Metric]] = []
                for named in trio.stores {
                    let history = try await named.store.fullMetricHistory(runId: try named.runId(runName), key: key)
                    answers.append(history)
                }
                let expectedCount = metrics[key]?["count"] as? Int
                #expect(answers[0].count == expectedCount, "\(runName) \(key)")
                for (index, answer) in answers.enumerated().dropFirst() {
                    #expect(answer == answers[0], "\(trio.stores[index].kind) \(runName) \(key)")
                }
            }
        }
        // Infinities and NaN in the middle of a history survive; the SQL stores' ±max double reads as
        // the infinity that was logged, in the middle and as the latest value.
        for named in trio.stores {
            let history = try await named.store.fullMetricHistory(runId: try named.runId("failed"), key: "train/loss")
            let special = history.filter { !$0.value.isFinite || abs($0.value) == .greatestFiniteMagnitude }
            #expect(special.map(\.value.description) == ["inf", "-inf", "nan"], "\(named.kind)")
            let killed = try await named.store.run(id: try named.runId("killed"))
            #expect(killed.metric("train/loss")?.value == .infinity, "\(named.kind)")
            #expect(killed.metric("val_loss")?.value == -.infinity, "\(named.kind)")
            let last = try await named.store.fullMetricHistory(runId: killed.info.runId, key: "val_loss").last
            #expect(last?.value == -.infinity, "\(named.kind)")
            let sample = try await named.store.sampledMetricHistory(runIds: [killed.info.runId], key: "train/loss", maxPoints: 5, steps: nil)
            #expect(sample[killed.info.runId]?.last?.value == .infinity, "\(named.kind)")
        }
        await trio.close()
    }

    @Test func historiesPageAt25000() async throws {
        let trio = try StoreTrio.open()
        for named in trio.stores {
            let runId = try named.runId("long-history")
            let first = try await named.store.metricHistory(runId: runId, key: "loss", pageSize: 25_000, pageToken: nil)
            #expect(first.items.count == 25_000, "\(named.kind)")
            let token = try #require(first.nextPageToken, "\(named.kind)")
            let second = try await named.store.metricHistory(runId: runId, key: "loss", pageSize: 25_000, pageToken: token)
            #expect(second.items.count == 5_000, "\(named.kind)")
            #expect(second.nextPageToken == nil, "\(named.kind)")
            #expect(second.items.last?.step == 29_999, "\(named.kind)")
            let range = try await named.store.fullMetricHistory(runId: runId, key: "loss", steps: StepRange(from: 100, to: 199))
            #expect(range.map(\.step) == Array(100...199), "\(named.kind)")
        }
        await trio.close()
    }

    @Test(arguments: [2_500, 100, 7, 1])
    func sampledHistoriesAreTheServersPoints(maxPoints: Int) async throws {
        let trio = try StoreTrio.open()
        for (runName, key) in [("long-history", "loss"), ("failed", "train/loss"), ("killed", "val_loss"), ("parent", "acc")] {
            for steps in [nil, StepRange(from: 10, to: 20_000), StepRange(from: -5, to: 3)] {
                var answers: [[Metric]] = []
                for named in trio.stores {
                    let runId = try named.runId(runName)
                    let sampled = try await named.store.sampledMetricHistory(runIds: [runId], key: key, maxPoints: maxPoints, steps: steps)
                    answers.append(sampled[runId] ?? [])
                }
                if runName == "long-history", steps == nil, maxPoints > 1 {
                    #expect(answers[0].count <= maxPoints + 1)
                    #expect(answers[0].first?.step == 0)
                    #expect(answers[0].last?.step == 29_999)
                }
                for (index, answer) in answers.enumerated().dropFirst() {
                    #expect(answer == answers[0], "\(trio.stores[index].kind) \(runName) \(key) max \(maxPoints) steps \(String(describing: steps)): \(answer.map(\.step)) vs \(answers[0].map(\.step))")
                }
            }
        }
        await trio.close()
    }

    @Test func sampledHistoryOfSeveralRunsAtOnce() async throws {
        let trio = try StoreTrio.open()
        let names = ["parent", "child-1", "child-2", "grandchild", "scheduled"]
        for named in trio.stores {
            let ids = try names.map { try named.runId($0) }
            let sampled = try await named.store.sampledMetricHistory(runIds: ids, key: "val_loss", maxPoints: 10, steps: nil)
            #expect(Set(sampled.keys) == Set(ids), "\(named.kind)")
            #expect(sampled[try named.runId("scheduled")] == [], "\(named.kind)")
            #expect(sampled[try named.runId("parent")]?.isEmpty == false, "\(named.kind)")
        }
        await trio.close()
    }

    @Test func artifactsListAndDownloadTheSameBytes() async throws {
        let trio = try StoreTrio.open()
        let entries = try #require((trio.data["artifacts"] as? [String: Any])?["entries"] as? [[String: Any]])
        let folders = Set([""] + entries.filter { $0["is_dir"] as? Bool == true }.compactMap { $0["path"] as? String })
        let scratch = try Fixtures.scratch("cross-artifacts")
        for named in trio.stores {
            let owner = ArtifactOwner.run(try named.runId("artifact-run"))
            var listed: [ArtifactEntry] = []
            for folder in folders.sorted() {
                let children = try await named.store.listArtifacts(owner, path: folder)
                for child in children {
                    let parent = (child.path as NSString).deletingLastPathComponent
                    #expect(parent == folder, "\(named.kind): \(child.path) listed under '\(folder)'")
                }
                listed += children
            }
            #expect(listed.map(\.path).sorted() == entries.compactMap { $0["path"] as? String }.sorted(), "\(named.kind)")
            for entry in entries where entry["is_dir"] as? Bool == false {
                let path = try #require(entry["path"] as? String)
                // Of the folder of 1,500 small files, every hundredth is enough here (all are listed).
                if path.hasPrefix("bulk/many/"), !path.hasSuffix("00.txt") { continue }
                let size = entry["size"] as? Int ?? -1
                let listedSize = listed.first { $0.path == path }?.fileSize
                #expect(listedSize == (size == 0 ? nil : Int64(size)), "\(named.kind) \(path)")
                let out = scratch + "/\(named.kind)-" + path.replacingOccurrences(of: "/", with: "_")
                let written = try await named.store.downloadArtifact(owner, path: path, to: out)
                #expect(written == Int64(size), "\(named.kind) \(path)")
                #expect(try SHA256File.hex(out) == entry["sha256"] as? String, "\(named.kind) \(path)")
            }
            if let rest = named.store as? RESTStore {
                // The server's other download route gives the same bytes.
                let out = scratch + "/get-artifact-values.csv"
                _ = try await rest.transport.download(
                    "/get-artifact", query: [("run_id", try named.runId("artifact-run")), ("path", "data/nested/deep/values.csv")], to: out)
                let expected = entries.first { $0["path"] as? String == "data/nested/deep/values.csv" }?["sha256"] as? String
                #expect(try SHA256File.hex(out) == expected)
            }
            await #expect(throws: MLflowError.self) { try await named.store.downloadArtifact(owner, path: "../../etc/passwd", to: scratch + "/x") }
            await #expect(throws: (any Error).self) { try await named.store.downloadArtifact(owner, path: "no-such-file.txt", to: scratch + "/y") }
        }
        await trio.close()
    }

    @Test func loggedAndRegisteredModelsAgree() async throws {
        let trio = try StoreTrio.open()
        let logged = try #require(trio.data["logged_model"] as? [String: Any])
        let registered = try #require(trio.data["registered_model"] as? [String: Any])
        for named in trio.stores {
            let models = try await named.store.loggedModels(experimentIds: [try named.experimentId("fixture-main")])
            let model = try #require(models.first, "\(named.kind)")
            #expect(models.count == 1, "\(named.kind)")
            #expect(model.modelId == named.modelIds["model"], "\(named.kind)")
            #expect(model.name == logged["name"] as? String)
            #expect(model.modelType == logged["model_type"] as? String)
            #expect(model.status.rawValue == logged["status"] as? String, "\(named.kind)")
            #expect(JSONOutputLike.dictionary(model.params) == logged["params"] as? [String: String], "\(named.kind)")
            #expect(model.sourceRunId == (try named.runId("artifact-run")), "\(named.kind)")
            let files = try await named.store.listArtifacts(.loggedModel(model.modelId), path: "")
            let expected = (logged["artifacts"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
            #expect(files.map(\.path) == expected, "\(named.kind)")

            let registry = try await named.store.registeredModels()
            let entry = try #require(registry.first { $0.name == "fixture-model" }, "\(named.kind)")
            #expect(entry.description == registered["description"] as? String)
            #expect(entry.aliases == [ModelAlias(alias: "champion", version: "1")], "\(named.kind)")
            #expect(JSONOutputLike.dictionary(entry.tags) == registered["tags"] as? [String: String], "\(named.kind)")
            let versions = try await named.store.modelVersions(name: "fixture-model")
            #expect(versions.map(\.version) == ["1"], "\(named.kind)")
            #expect(versions.first?.runId == (try named.runId("artifact-run")), "\(named.kind)")
            #expect(versions.first?.aliases == ["champion"], "\(named.kind)")
            #expect(versions.first?.tags == [KeyValue(key: "validated", value: "true")], "\(named.kind)")
        }
        await trio.close()
    }
}

enum JSONOutputLike {
    static func dictionary(_ pairs: [KeyValue]) -> [String: String] {
        Dictionary(pairs.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
    }
}
