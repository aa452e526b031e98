import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

@Suite(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
struct EdgeCaseTests {
    func open() async throws -> (store: SQLiteStore, reference: String, experiment: String) {
        let path = try await EdgeCaseStore.path()
        let copy = try Fixtures.scratch("sqlite-edge-reference-\(UUID().uuidString)") + "/mlflow.db"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        return (try SQLiteStore(path: path), copy, "1")
    }

    func runId(_ store: SQLiteStore, _ name: String) async throws -> String {
        let page = try await store.searchRuns(RunQuery(experimentIds: ["1"]), pageSize: 10, pageToken: nil)
        return try #require(page.items.first { $0.info.runName == name }?.info.runId)
    }

    @Test func samplesWithTiesNaNAndCrowdedStepsAreMLflows() async throws {
        let (store, reference, _) = try await open()
        let ties = try await runId(store, "ties")
        var cases: [(key: String, points: Int, steps: StepRange?)] = []
        for key in ["dup", "mixed", "big"] {
            for points in [1, 2, 5, 17, 100, 2_500] { cases.append((key, points, nil)) }
        }
        cases += [("dup", 10, StepRange(from: 0, to: 0)), ("big", 9, StepRange(from: 7, to: 7)), ("big", 9, StepRange(from: 8, to: 9)),
                  ("mixed", 12, StepRange(from: 3, to: 150)), ("mixed", 600, StepRange(from: 0, to: 199))]
        let queries: [[String: Any]] = cases.map { item in
            var query: [String: Any] = ["kind": "sample", "run_ids": [ties], "key": item.key, "max_results": item.points]
            if let steps = item.steps { query["steps"] = [steps.from, steps.to] }
            return query
        }
        let answers = try await MLflowReference.answers(db: reference, queries)
        for (item, answer) in zip(cases, answers) {
            var expected = try answer.decode([String: [Metric]].self)
            // MLflow leaves out a run without points; every store here answers for each requested run.
            if expected[ties] == nil { expected[ties] = [] }
            let sampled = try await store.sampledMetricHistory(runIds: [ties], key: item.key, maxPoints: item.points, steps: item.steps)
            #expect(sampled == expected, "\(item)")
        }
        let big = try #require(try await store.sampledMetricHistory(runIds: [ties], key: "big", maxPoints: 4, steps: nil)[ties])
        // 60,000 points at step 7, ordered by timestamp: the last logged point comes first.
        #expect(big.map(\.timestamp) == [40_001, 55_001, 70_001, 100_000])
        let mixed = try #require(try await store.sampledMetricHistory(runIds: [ties], key: "mixed", maxPoints: 2_500, steps: StepRange(from: 0, to: 0))[ties])
        // Step 0 holds -1 at 4000, then 0 and NaN (stored as 0, is_nan 1) at 5000: 0 comes first.
        #expect(mixed.map(\.timestamp) == [4_000, 5_000, 5_000])
        #expect(mixed[1].value == 0 && !mixed[1].value.isNaN)
        #expect(mixed[2].value.isNaN)
    }

    /// Runs of one request are shared out over one connection per core: the answer is MLflow's
    /// for the whole batch, a run named twice answered once, an unknown run answered empty.
    @Test func manyRunsAtOnceAreSampledAsMLflowSamplesThem() async throws {
        let (store, reference, _) = try await open()
        let ids = try await store.searchRuns(RunQuery(experimentIds: ["1"]), pageSize: 100, pageToken: nil).items.map(\.info.runId)
        for key in ["dup", "mixed", "big"] {
            let answers = try await MLflowReference.answers(db: reference, [["kind": "sample", "run_ids": ids, "key": key, "max_results": 17]])
            var expected = try #require(answers.first).decode([String: [Metric]].self)
            for id in ids where expected[id] == nil { expected[id] = [] }
            expected["00000000000000000000000000000000"] = []
            let asked = ids + ids.reversed() + ["00000000000000000000000000000000"]
            let sampled = try await store.sampledMetricHistory(runIds: asked, key: key, maxPoints: 17, steps: nil)
            #expect(sampled == expected, "\(key)")
        }
    }

    @Test func historyWithTiesIsMLflows() async throws {
        let (store, reference, _) = try await open()
        let ties = try await runId(store, "ties")
        let cases: [(key: String, size: Int, offset: Int)] = [("mixed", 1_000, 0), ("mixed", 7, 7), ("dup", 2_999, 0), ("big", 25_000, 50_000)]
        let answers = try await MLflowReference.answers(db: reference, cases.map { item in
            var query: [String: Any] = ["kind": "history", "run_id": ties, "key": item.key, "max_results": item.size]
            if let token = offsetToken(item.offset) { query["page_token"] = token }
            return query
        })
        for (item, answer) in zip(cases, answers) {
            let expected = try answer.decode(ReferencePage<Metric>.self)
            let page = try await store.metricHistory(runId: ties, key: item.key, pageSize: item.size, pageToken: offsetToken(item.offset))
            #expect(page.items == expected.items, "\(item)")
            #expect(page.nextPageToken == expected.nextPageToken, "\(item)")
        }
    }

    @Test func runsWithNULValuesAndOldNamesAreMLflows() async throws {
        let (store, reference, experiment) = try await open()
        let page = try await store.searchRuns(RunQuery(experimentIds: [experiment]), pageSize: 10, pageToken: nil)
        #expect(page.items.map(\.info.runName) == ["from-tag", "ties"])
        let ties = try #require(page.items.last)
        #expect(ties.param("nul") == "a\u{0}b")
        #expect(ties.param("ctrl") == "\u{1b}[31m\u{07}\r\n")
        #expect(ties.tag("nul.tag") == "x\u{0}y")

        // A value with NUL is bound whole, not cut at the NUL.
        let query = RunQuery(experimentIds: [experiment])
        for (value, expected) in [("a\u{0}b", ["ties"]), ("a", []), ("a\u{0}", [])] {
            let filter = SearchFilter(clauses: [SearchClause(key: .param("nul"), comparator: .equal, value: .string(value))])
            let found = try await store.searchRuns(query, filter: filter, orderBy: [], pageSize: 10, pageToken: nil)
            #expect(found.items.map(\.info.runName) == expected, "\(value.debugDescription)")
        }

        let filters = ["attributes.run_name = 'from-tag'", "params.nul LIKE 'a%'", "params.ctrl LIKE '%\r\n'", "params.nul = 'a'"]
        let orders = [["attributes.run_name"], ["attributes.run_name DESC"], ["params.nul DESC"]]
        var queries: [[String: Any]] = page.items.map { ["kind": "run", "run_id": $0.info.runId] }
        queries += filters.map { ["kind": "search_runs", "experiment_ids": [experiment], "max_results": 10, "filter": $0] }
        queries += orders.map { ["kind": "search_runs", "experiment_ids": [experiment], "max_results": 10, "order_by": $0] }
        let answers = try await MLflowReference.answers(db: reference, queries)
        for (run, answer) in zip(page.items, answers) {
            #expect(try await store.run(id: run.info.runId) == (try answer.decode(Run.self)).normalized)
        }
        for (filter, answer) in zip(filters, answers.dropFirst(page.items.count)) {
            let found = try await store.searchRuns(RunQuery(experimentIds: [experiment], filter: filter), pageSize: 10, pageToken: nil)
            #expect(found.items == (try answer.decode(ReferencePage<Run>.self)).items.map(\.normalized), "\(filter)")
        }
        for (order, answer) in zip(orders, answers.dropFirst(page.items.count + filters.count)) {
            let found = try await store.searchRuns(RunQuery(experimentIds: [experiment], orderBy: order), pageSize: 10, pageToken: nil)
            #expect(found.items == (try answer.decode(ReferencePage<Run>.self)).items.map(\.normalized), "\(order)")
        }
    }

    @Test func registryLeavesPromptsOutLikeMLflow() async throws {
        let (store, reference, _) = try await open()
        let names = ["a-prompt", "b-model", "c-bare"]
        let answers = try await MLflowReference.answers(db: reference, [["kind": "registered_models"]] + names.map { ["kind": "model_versions", "name": $0] })
        let models = try await store.registeredModels()
        #expect(models == (try answers[0].decode([RegisteredModel].self)).map { model in
            var model = model
            model.tags = model.tags.sortedByKey()
            return model
        })
        #expect(models.map(\.name) == ["b-model", "c-bare"])
        #expect(models.first?.aliases == [ModelAlias(alias: "best", version: "2"), ModelAlias(alias: "old", version: "1"), ModelAlias(alias: "prod", version: "2")])
        #expect(models.first?.tags == [KeyValue(key: "a", value: "b"), KeyValue(key: "k", value: "v")])
        #expect(models.last?.description == "")
        for (name, answer) in zip(names, answers.dropFirst()) {
            let versions = try await store.modelVersions(name: name)
            #expect(versions.map { version in
                var version = version
                version.modelId = nil
                return version
            } == (try answer.decode([ModelVersion].self)), "\(name)")
        }
        let versions = try await store.modelVersions(name: "b-model")
        #expect(versions.map(\.version) == ["2", "1"])
        #expect(versions.map(\.aliases) == [["best", "prod"], ["old"]])
        #expect(versions.first?.modelId?.hasPrefix("m-") == true)
        #expect(versions.last?.modelId == nil)
        #expect(try await store.modelVersions(name: "a-prompt").isEmpty)
    }
}
