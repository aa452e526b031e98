import Dashboard
import Foundation
import MLflowClient
@testable import RunboardCommands
import TerminalCore
import TestFixtures
import Testing

/// `runboard models` and the dashboard's models room against the live server and the two local
/// fixture stores: `fixture-model` v1, alias `champion`, source run `artifact-run`, the same from each.
@Suite("runboard models and the models room", .serialized, .enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores))
struct ModelsCommandTests {
    struct Store {
        var kind: String
        var uri: String
        var runs: [String: String]
        var loggedModel: String
    }

    func stores() throws -> [Store] {
        let manifest = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        func store(_ kind: String, _ uri: String) throws -> Store {
            let entry = try #require(manifest[kind])
            return Store(kind: kind, uri: uri, runs: try #require(entry["runs"] as? [String: String]),
                         loggedModel: try #require((entry["logged_models"] as? [String: String])?["model"]))
        }
        return [
            try store("server", try #require(Fixtures.serverURL)),
            try store("sqlite", "sqlite:///" + Fixtures.sqlitePath),
            try store("filestore", Fixtures.fileStorePath),
        ]
    }

    func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    /// What every store must agree on: the objects without what each store sets itself.
    func comparable(_ objects: [[String: Any]], dropping: Set<String>) throws -> String {
        let kept = objects.map { $0.filter { !dropping.contains($0.key) } }
        return String(decoding: try JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func theModelsAreTheSameFromEveryStore() async throws {
        var seen: [String] = []
        for store in try stores() {
            let listed = try await CLI.run(["models", "--format", "json", "--tracking-uri", store.uri])
            #expect(listed.status == 0, "\(store.kind): \(listed.stderr)")
            let models = try json(listed.stdout)
            let model = try #require(models.first { $0["name"] as? String == "fixture-model" }, "\(store.kind)")
            #expect(model["latest_version"] as? String == "1", "\(store.kind)")
            #expect(model["aliases"] as? [String: String] == ["champion": "1"], "\(store.kind)")
            #expect(model["tags"] as? [String: String] == ["task": "classification"], "\(store.kind)")
            #expect(model["description"] as? String == "Classifier registered by the fixture generator.", "\(store.kind)")
            #expect(model["creation_timestamp"] is Int, "\(store.kind)")
            seen.append(try comparable(models, dropping: ["creation_timestamp", "last_updated_timestamp"]))
        }
        #expect(Set(seen).count == 1, "\(seen)")
    }

    @Test func aModelsVersionsAreTheSameFromEveryStore() async throws {
        var seen: [String] = []
        for store in try stores() {
            let listed = try await CLI.run(["models", "fixture-model", "--format", "json", "--tracking-uri", store.uri])
            #expect(listed.status == 0, "\(store.kind): \(listed.stderr)")
            let versions = try json(listed.stdout)
            #expect(versions.count == 1, "\(store.kind)")
            let version = try #require(versions.first)
            #expect(version["version"] as? String == "1")
            #expect(version["aliases"] as? [String] == ["champion"], "\(store.kind)")
            #expect(version["status"] as? String == "READY", "\(store.kind)")
            #expect(version["run_id"] as? String == store.runs["artifact-run"], "\(store.kind)")
            #expect(version["model_id"] as? String == store.loggedModel, "\(store.kind): the logged model, from the source where the store has no id")
            #expect(version["source"] as? String == "models:/" + store.loggedModel, "\(store.kind)")
            #expect(version["tags"] as? [String: String] == ["validated": "true"], "\(store.kind)")
            seen.append(try comparable(versions, dropping: ["creation_timestamp", "last_updated_timestamp", "run_id", "model_id", "source"]))

            let table = try await CLI.run(["models", "fixture-model", "--tracking-uri", store.uri], environment: ["COLUMNS": "200"])
            #expect(table.stdout.hasPrefix("version  status  aliases    run_id"), "\(store.kind): \(table.stdout)")
            #expect(table.stdout.contains("READY   @champion  " + (store.runs["artifact-run"] ?? "?")), "\(store.kind): \(table.stdout)")
            let csv = try await CLI.run(["models", "fixture-model", "--format", "csv", "--tracking-uri", store.uri])
            #expect(csv.stdout.hasPrefix("version,status,aliases,run_id,created,source,logged_model\n1,READY,@champion,"), "\(store.kind)")
        }
        #expect(Set(seen).count == 1, "\(seen)")
    }

    @Test func theTableOfModelsFitsTheTerminal() async throws {
        let uri = "sqlite:///" + Fixtures.sqlitePath
        let narrow = try await CLI.run(["models", "--tracking-uri", uri], environment: ["COLUMNS": "80"])
        #expect(narrow.status == 0)
        #expect(narrow.stdout.split(separator: "\n").allSatisfy { DisplayWidth.of(String($0)) <= 80 }, "\(narrow.stdout)")
        #expect(narrow.stdout.contains("fixture-model  v1      @champion → v1"))
        let md = try await CLI.run(["models", "--format", "md", "--tracking-uri", uri])
        #expect(md.stdout.hasPrefix("| name | latest | aliases | tags | description | updated |"), "\(md.stdout)")
    }

    @Test func anUnknownModelExitsWithTwoAndSaysSo() async throws {
        for store in try stores() {
            let result = try await CLI.run(["models", "no-such-model", "--tracking-uri", store.uri])
            #expect(result.status == 2, "\(store.kind)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderr == "runboard: no registered model named 'no-such-model' (runboard models lists them)\n", "\(store.kind)")
        }
        let hostile = try await CLI.run(["models", "\u{1b}[2Jevil\u{202e}", "--tracking-uri", "sqlite:///" + Fixtures.sqlitePath])
        #expect(hostile.status == 2)
        #expect(!hostile.stderr.unicodeScalars.contains { $0 == "\u{1b}" || $0 == "\u{202e}" }, "\(hostile.stderr)")
    }

    @Test func theNameCompletesToTheStoresModels() async throws {
        let uri = "sqlite:///" + Fixtures.sqlitePath
        #expect(Completions.models(["runboard", "models", "--tracking-uri", uri, "fix"], 4, "fix") == ["fixture-model"])
        #expect(Completions.models(["runboard", "models", "--tracking-uri", uri, "x"], 4, "x").isEmpty)
    }

    /// The room reads the same registry: the model, its version, its run by name, its files, and
    /// `Enter` lands on `artifact-run` in its experiment.
    @Test func theRoomWalksFromTheModelToItsSourceRun() async throws {
        typealias Drive = CompareAgreementTests
        for store in try stores() {
            let tracking = try StoreOpener.open(explicit: store.uri)
            let inbox = CompareAgreementTests.Inbox()
            let runner = EffectRunner(store: tracking) { inbox.append($0) }
            var state = DashboardState(storeURI: store.uri, size: Size(width: 120, height: 40), now: 0)
            await Drive.drive(&state, reduce(&state, .openModels), runner, inbox) { $0.models.latestLoad == .loaded }
            #expect(state.models.currentModel?.name == "fixture-model", "\(store.kind)")
            #expect(state.models.latest["fixture-model"] == "1", "\(store.kind)")
            #expect(state.models.currentModel?.aliases == [ModelAlias(alias: "champion", version: "1")], "\(store.kind)")

            await Drive.drive(&state, reduce(&state, .key(.enter)), runner, inbox) { $0.models.runNamesLoad == .loaded }
            let version = try #require(state.models.currentVersion, "\(store.kind)")
            #expect(version.version == "1" && version.aliases == ["champion"], "\(store.kind)")
            #expect(state.models.runLabel(version) == "artifact-run", "\(store.kind)")

            await Drive.drive(&state, reduce(&state, .key(.char("A"))), runner, inbox) { $0.models.filesLoad != .idle && !$0.models.filesLoad.isLoading }
            #expect(state.focus == .artifacts, "\(store.kind): \(state.models.filesLoad)")
            #expect(state.artifacts.ownerLabel == "model fixture-model v1")
            #expect(state.artifacts.runId == store.runs["artifact-run"])
            _ = reduce(&state, .key(.escape))
            #expect(state.focus == .models)

            await Drive.drive(&state, reduce(&state, .key(.enter)), runner, inbox) { $0.focus == .detail && $0.detail.load == .loaded }
            #expect(state.runs.selected?.info.runId == store.runs["artifact-run"], "\(store.kind)")
            #expect(state.detail.run?.info.runName == "artifact-run", "\(store.kind)")
            await runner.cancelAll()
            await tracking.close()
        }
    }
}
