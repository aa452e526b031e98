import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

@Suite(.enabled(if: FixtureStore.available))
struct FixtureRunTests {
    let main: String
    let store: SQLiteStore

    init() throws {
        store = try FixtureStore.open()
        main = try FixtureStore.experimentId("fixture-main")
    }

    @Test func everyPageOfEveryViewIsMLflows() async throws {
        let everything = [main, try FixtureStore.experimentId("fixture-deleted"), try FixtureStore.experimentId("adversarial-\u{1b}[31mRED\u{1b}[0m-\u{1b}]0;pwned\u{07}")]
        var cases: [(ids: [String], view: ViewType, size: Int, offset: Int)] = []
        for view in ViewType.allCases {
            for size in [1, 4, 1_000] {
                for offset in stride(from: 0, through: 16, by: size) { cases.append(([main], view, size, offset)) }
            }
            cases.append((everything, view, 1_000, 0))
            cases.append((everything, view, 3, 3))
        }
        let queries: [[String: Any]] = cases.map { item in
            var query: [String: Any] = [
                "kind": "search_runs", "experiment_ids": item.ids, "view": item.view.rawValue, "max_results": item.size,
            ]
            if let token = offsetToken(item.offset) { query["page_token"] = token }
            return query
        }
        let answers = try await MLflowReference.answers(db: try FixtureStore.referenceCopy("runs"), queries)
        for (item, answer) in zip(cases, answers) {
            let expected = try answer.decode(ReferencePage<Run>.self)
            let page = try await store.searchRuns(
                RunQuery(experimentIds: item.ids, viewType: item.view), pageSize: item.size, pageToken: offsetToken(item.offset))
            #expect(page.items == expected.items.map(\.normalized), "\(item)")
            #expect(page.nextPageToken == expected.nextPageToken, "\(item)")
        }
    }

    @Test func everyRunByIdIsMLflows() async throws {
        let names = try #require(try FixtureStore.ids()["runs"] as? [String: String])
        let ids = names.values.sorted()
        let answers = try await MLflowReference.answers(db: try FixtureStore.referenceCopy("get-run"), ids.map { ["kind": "run", "run_id": $0] })
        for (id, answer) in zip(ids, answers) {
            let expected = try answer.decode(Run.self)
            #expect(try await store.run(id: id) == expected.normalized)
        }
        await #expect(throws: MLflowError.notFound("Run with id=0123456789abcdef0123456789abcdef not found")) {
            try await store.run(id: "0123456789abcdef0123456789abcdef")
        }
    }

    @Test func defaultOrderIsStartTimeDescending() async throws {
        let data = try FixtureStore.data()
        let page = try await store.searchRuns(RunQuery(experimentIds: [main]), pageSize: 1_000, pageToken: nil)
        #expect(page.items.map(\.info.runName) == data["main_run_order"] as? [String])
        #expect(page.nextPageToken == nil)
        let deleted = try await store.searchRuns(RunQuery(experimentIds: [main], viewType: .deletedOnly), pageSize: 10, pageToken: nil)
        #expect(deleted.items.map(\.info.runName) == ["deleted-run"])
        #expect(deleted.items.first?.info.lifecycleStage == .deleted)
    }

    @Test func pagingBoundariesAndTheTotalCap() async throws {
        let all = try await store.searchRuns(RunQuery(experimentIds: [main]), pageSize: 13, pageToken: nil)
        #expect(all.items.count == 13)
        #expect(all.nextPageToken == nil)
        let first = try await store.searchRuns(RunQuery(experimentIds: [main]), pageSize: 12, pageToken: nil)
        #expect(first.items.count == 12)
        #expect(first.nextPageToken == offsetToken(12))
        let last = try await store.searchRuns(RunQuery(experimentIds: [main]), pageSize: 12, pageToken: first.nextPageToken)
        #expect(last.items.map(\.info.runId) == [all.items[12].info.runId])
        #expect(last.nextPageToken == nil)

        // maxResults caps the whole search: 5 runs in pages of 2, 2 and 1, no token after.
        let capped = RunQuery(experimentIds: [main], maxResults: 5)
        var ids: [String] = []
        var sizes: [Int] = []
        var token: String?
        repeat {
            let page = try await store.searchRuns(capped, pageSize: 2, pageToken: token)
            ids += page.items.map(\.info.runId)
            sizes.append(page.items.count)
            token = page.nextPageToken
        } while token != nil
        #expect(sizes == [2, 2, 1])
        #expect(ids == all.items.prefix(5).map(\.info.runId))
        let exact = try await store.searchRuns(RunQuery(experimentIds: [main], maxResults: 4), pageSize: 4, pageToken: nil)
        #expect(exact.items.count == 4)
        #expect(exact.nextPageToken == nil)
        let none = try await store.searchRuns(RunQuery(experimentIds: [main], maxResults: 0), pageSize: 4, pageToken: nil)
        #expect(none.items.isEmpty && none.nextPageToken == nil)
        let nothing = try await store.searchRuns(RunQuery(experimentIds: []), pageSize: 4, pageToken: nil)
        #expect(nothing.items.isEmpty && nothing.nextPageToken == nil)
    }

    @Test func laterPagesAgreeWithOneBigPage() async throws {
        let query = RunQuery(experimentIds: [main], viewType: .all)
        let whole = try await store.searchRuns(query, pageSize: 1_000, pageToken: nil).items
        for size in [1, 3, 5] {
            var paged: [Run] = []
            var token: String?
            repeat {
                let page = try await store.searchRuns(query, pageSize: size, pageToken: token)
                paged += page.items
                token = page.nextPageToken
            } while token != nil
            #expect(paged == whole, "pages of \(size)")
        }
    }

    @Test func statusesTimesAndNesting() async throws {
        let data = try #require(try FixtureStore.data()["runs"] as? [String: [String: Any]])
        let page = try await store.searchRuns(RunQuery(experimentIds: [main], viewType: .all), pageSize: 100, pageToken: nil)
        #expect(page.items.count == 14)
        for run in page.items {
            let expected = try #require(data[run.info.runName], "\(run.info.runName)")
            #expect(run.info.status.rawValue == expected["status"] as? String)
            #expect(run.info.startTime == (expected["start_time"] as? NSNumber)?.int64Value)
            #expect(run.info.endTime == (expected["end_time"] as? NSNumber)?.int64Value)
            #expect(run.info.lifecycleStage.rawValue == expected["lifecycle_stage"] as? String)
            #expect(run.info.userId == expected["user_id"] as? String)
            #expect(run.info.experimentId == main)
            #expect(Dictionary(uniqueKeysWithValues: run.params.map { ($0.key, $0.value) }) == expected["params"] as? [String: String])
            #expect(run.metrics.map(\.key) == (expected["metrics"] as? [String: Any] ?? [:]).keys.sorted())
            let parent = expected["parent"] as? String
            #expect(run.parentRunId == (try parent.map { try FixtureStore.runId($0) }))
        }
        #expect(Set(page.items.map(\.info.status)) == Set(RunStatus.allCases))
        let running = try #require(page.items.first { $0.info.runName == "running" })
        #expect(running.info.endTime == nil)
        #expect(running.tag("multiline") == "first line\nsecond line")
        let parent = try #require(page.items.first { $0.info.runName == "parent" })
        #expect(parent.note == "## Parent run\n\nSweeps **lr** over three values.\n")
        let child = try #require(page.items.first { $0.info.runName == "child-2" })
        #expect(child.param("comment") == "it's")
        let long = try #require(page.items.first { $0.info.runName == "long-history" })
        #expect(long.param("long_param")?.count == 6_000)
        #expect(long.param("opt/adam.beta1") == "0.9")
    }

    /// MLflow stores ±inf as ±1.7976931348623157e308; the store gives back the infinity that was logged.
    @Test func latestMetricsKeepNaNAndInfinity() async throws {
        let failed = try await store.run(id: try FixtureStore.runId("failed"))
        let valLoss = try #require(failed.metric("val_loss"))
        #expect(valLoss.value.isNaN)
        let history = try await store.fullMetricHistory(runId: failed.info.runId, key: "train/loss")
        let bySteps = Dictionary(grouping: history, by: \.step)
        #expect(bySteps[5]?.first?.value == .infinity)
        #expect(bySteps[6]?.first?.value == -.infinity)
        #expect(bySteps[7]?.first?.value.isNaN == true)
        let killed = try await store.run(id: try FixtureStore.runId("killed"))
        #expect(killed.metric("acc") == nil)
        #expect(killed.metrics.map(\.key) == ["train/loss", "val_loss"])
        #expect(killed.metrics.map(\.value) == [.infinity, -.infinity])
        let sample = try await store.sampledMetricHistory(runIds: [killed.info.runId], key: "val_loss", maxPoints: 3, steps: nil)
        #expect(sample[killed.info.runId]?.last?.value == -.infinity)
        let scheduled = try await store.run(id: try FixtureStore.runId("scheduled"))
        #expect(scheduled.metrics.isEmpty)
        #expect(scheduled.info.status == .scheduled)
        #expect(scheduled.info.endTime == nil)
    }

    @Test func namesAreReturnedVerbatim() async throws {
        for name in ["\u{1b}[2J\u{1b}[31mEVIL", "\u{202e}evil", "résumé-学習-🚀"] {
            let run = try await store.run(id: try FixtureStore.runId(name))
            #expect(run.info.runName == name)
            #expect(run.tag(SystemTag.runName) == name)
        }
        let adversarial = try await store.run(id: try FixtureStore.runId("adversarial-run"))
        #expect(adversarial.param("payload") == "\u{1b}]0;pwned\u{07}\u{1b}[31mred")
    }

    @Test func inputsAndOutputs() async throws {
        let parent = try await store.run(id: try FixtureStore.runId("parent"))
        #expect(parent.datasetInputs.map(\.dataset.name) == ["fixture-eval", "fixture-train"])
        #expect(parent.datasetInputs.map { $0.tags.value(for: "mlflow.data.context") } == ["eval", "training"])
        #expect(parent.datasetInputs.last?.dataset.digest == "c1ce8a1e")
        #expect(parent.datasetInputs.last?.dataset.sourceType == "http")
        #expect(parent.datasetInputs.last?.dataset.source == "{\"url\": \"https://example.com/fixture/train.npz\"}")
        let producer = try await store.run(id: try FixtureStore.runId("artifact-run"))
        #expect(producer.modelOutputs == [ModelOutput(modelId: try FixtureStore.modelId("model"), step: 0)])
        #expect(producer.modelInputs.isEmpty)
    }
}
