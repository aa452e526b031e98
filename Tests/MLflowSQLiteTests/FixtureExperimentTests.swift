import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

/// MLflow's offset page token for `offset` (nil for the first page).
func offsetToken(_ offset: Int) -> String? {
    offset == 0 ? nil : Data("{\"offset\": \(offset)}".utf8).base64EncodedString()
}

@Suite(.enabled(if: FixtureStore.available))
struct FixtureExperimentTests {
    @Test func everyPageOfEveryViewIsMLflows() async throws {
        let store = try FixtureStore.open()
        var cases: [(view: ViewType, size: Int, offset: Int)] = []
        for view in ViewType.allCases {
            for size in [1, 2, 1_000] {
                for offset in stride(from: 0, through: 6, by: size) { cases.append((view, size, offset)) }
            }
        }
        let queries: [[String: Any]] = cases.map { item in
            var query: [String: Any] = ["kind": "search_experiments", "view": item.view.rawValue, "max_results": item.size]
            if let token = offsetToken(item.offset) { query["page_token"] = token }
            return query
        }
        let answers = try await MLflowReference.answers(db: try FixtureStore.referenceCopy("experiments"), queries)
        for (item, answer) in zip(cases, answers) {
            let expected = try answer.decode(ReferencePage<Experiment>.self)
            let page = try await store.searchExperiments(view: item.view, maxResults: item.size, pageToken: offsetToken(item.offset))
            #expect(page.items == expected.items.map(\.normalized), "\(item)")
            #expect(page.nextPageToken == expected.nextPageToken, "\(item)")
        }
    }

    /// Active runs per experiment, counted in one query; the same numbers a full search finds.
    @Test func runCountsAreTheActiveRuns() async throws {
        let store = try FixtureStore.open()
        let experiments = try await store.allExperiments(view: .all)
        let counts = try #require(try await store.runCounts(experimentIds: experiments.map(\.experimentId) + ["123456"]))
        for experiment in experiments {
            let runs = try await store.allRuns(RunQuery(experimentIds: [experiment.experimentId]), progress: nil)
            #expect(counts[experiment.experimentId] == runs.count, "\(experiment.name)")
        }
        #expect(counts["123456"] == 0)
        let main = try #require(experiments.first { $0.name == "fixture-main" })
        #expect(counts[main.experimentId] == 13)
        #expect(try await store.runCounts(experimentIds: []) == [:])
    }

    @Test func defaultOrderAndValuesAreTheGeneratedOnes() async throws {
        let store = try FixtureStore.open()
        let data = try FixtureStore.data()
        let active = try await store.allExperiments()
        #expect(active.map(\.name) == data["experiment_order"] as? [String])
        let all = try await store.allExperiments(view: .all)
        #expect(all.count == 5)
        let deleted = try await store.allExperiments(view: .deletedOnly)
        #expect(deleted.map(\.name) == ["fixture-deleted"])
        #expect(deleted.first?.lifecycleStage == .deleted)

        let main = try #require(try await store.experiment(named: "fixture-main"))
        #expect(main.experimentId == (try FixtureStore.experimentId("fixture-main")))
        #expect(main.tags.map(\.key) == ["mlflow.note.content", "owner", "project"])
        #expect(main.description == "Fixture experiment for **Runboard** tests.\nSecond line of the description.")
        #expect(main.tags.value(for: "owner") == "fixtures")
        #expect(main.artifactLocation == (Fixtures.directory as NSString).standardizingPath + "/sqlite/mlruns/\(main.experimentId)"
            || main.artifactLocation.hasSuffix("/sqlite/mlruns/\(main.experimentId)"))

        let defaultExperiment = try await store.experiment(id: "0")
        #expect(defaultExperiment.name == "Default")
        #expect(defaultExperiment.tags.isEmpty)
    }

    @Test func namesWithControlCharactersComeBackVerbatim() async throws {
        let store = try FixtureStore.open()
        let name = "adversarial-\u{1b}[31mRED\u{1b}[0m-\u{1b}]0;pwned\u{07}"
        let found = try #require(try await store.experiment(named: name))
        #expect(found.name == name)
        #expect(found.experimentId == (try FixtureStore.experimentId(name)))
        #expect(try await store.experiment(id: found.experimentId).name == name)
    }

    @Test func lookupsFindDeletedExperimentsAndReportMissingOnes() async throws {
        let store = try FixtureStore.open()
        let deleted = try #require(try await store.experiment(named: "fixture-deleted"))
        #expect(deleted.lifecycleStage == .deleted)
        #expect(try await store.experiment(id: deleted.experimentId).lifecycleStage == .deleted)
        #expect(try await store.experiment(named: "no such experiment") == nil)
        #expect(try await store.experiment(named: "FIXTURE-MAIN") == nil)
        await #expect(throws: MLflowError.notFound("No Experiment with id=999 exists")) {
            try await store.experiment(id: "999")
        }
        await #expect(throws: MLflowError.self) { try await store.experiment(id: "abc") }
        #expect(try await store.resolveExperiment("fixture-empty")?.name == "fixture-empty")
    }

    @Test func badPageSizesAndTokensAreRefused() async throws {
        let store = try FixtureStore.open()
        await #expect(throws: MLflowError.self) { try await store.searchExperiments(view: .all, maxResults: 0, pageToken: nil) }
        await #expect(throws: MLflowError.self) { try await store.searchExperiments(view: .all, maxResults: 50_001, pageToken: nil) }
        await #expect(throws: MLflowError.self) { try await store.searchExperiments(view: .all, maxResults: 5, pageToken: "not base64!") }
        await #expect(throws: MLflowError.self) {
            try await store.searchExperiments(view: .all, maxResults: 5, pageToken: Data("{\"offset\": 0}".utf8).base64EncodedString())
        }
        let beyond = try await store.searchExperiments(view: .all, maxResults: 5, pageToken: offsetToken(100))
        #expect(beyond.items.isEmpty)
        #expect(beyond.nextPageToken == nil)
    }
}
