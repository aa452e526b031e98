import Foundation
import MLflowClient
import TestFixtures
import Testing

/// The server, `mlflow.db` and `./mlruns` hold the same data written by MLflow; every read must agree.
@Suite("Three stores, same answers", .enabled(if: Fixtures.haveServer && Fixtures.haveLocalStores), .serialized)
struct CrossStoreTests {
    @Test func experimentsAgreeInEveryView() async throws {
        let trio = try StoreTrio.open()
        let expectedOrder = try #require(trio.data["experiment_order"] as? [String])
        for view in ViewType.allCases {
            var answers: [[String]] = []
            for named in trio.stores {
                // Only the generated experiments: other tests write to the same server.
                let experiments = try await named.store.allExperiments(view: view).filter { named.experimentIds[$0.name] != nil }
                answers.append(experiments.map(\.name))
                for experiment in experiments {
                    #expect(named.experimentIds[experiment.name] == experiment.experimentId, "\(named.kind) \(experiment.name)")
                }
                if view == .activeOnly {
                    #expect(experiments.map(\.name) == expectedOrder, "\(named.kind)")
                    let main = try #require(experiments.first { $0.name == "fixture-main" })
                    #expect(main.description?.hasPrefix("Fixture experiment for **Runboard** tests.") == true)
                    #expect(main.tags.value(for: "owner") != nil)
                }
                if view == .deletedOnly { #expect(experiments.map(\.name) == ["fixture-deleted"], "\(named.kind)") }
            }
            #expect(answers.allSatisfy { $0 == answers[0] }, "\(view): \(answers)")
        }
        // By id and by name, deleted ones included.
        for named in trio.stores {
            let deleted = try await named.store.experiment(id: try named.experimentId("fixture-deleted"))
            #expect(deleted.lifecycleStage == .deleted)
            #expect(try await named.store.experiment(named: "fixture-deleted")?.lifecycleStage == .deleted)
            #expect(try await named.store.experiment(named: "no-such-experiment") == nil)
            await #expect(throws: MLflowError.self) { try await named.store.experiment(id: "987654321") }
        }
        await trio.close()
    }

    @Test func runsAgreeWithEverythingOnThem() async throws {
        let trio = try StoreTrio.open()
        let expectedOrder = try #require(trio.data["main_run_order"] as? [String])
        for view in ViewType.allCases {
            var answers: [[PortableRun]] = []
            for named in trio.stores {
                let query = RunQuery(experimentIds: [try named.experimentId("fixture-main")], viewType: view)
                let runs = try await named.store.allRuns(query, progress: nil)
                answers.append(runs.map { PortableRun($0, in: named) })
                if view == .activeOnly { #expect(runs.map(\.info.runName) == expectedOrder, "\(named.kind)") }
            }
            for (index, answer) in answers.enumerated().dropFirst() {
                #expect(answer == answers[0], "\(view): \(trio.stores[index].kind) differs from the server")
                if answer != answers[0] {
                    for (a, b) in zip(answer, answers[0]) where a != b {
                        Issue.record("\(trio.stores[index].kind) \(a.name): \(a.differences(from: b))")
                    }
                }
            }
        }
        // One run, looked up by id, is the same as in the search, with its inputs and outputs.
        for named in trio.stores {
            let parent = try await named.store.run(id: try named.runId("parent"))
            #expect(parent.datasetInputs.map(\.dataset.name) == ["fixture-eval", "fixture-train"], "\(named.kind)")
            #expect(parent.datasetInputs.map { $0.tags.value(for: "mlflow.data.context") } == ["eval", "training"], "\(named.kind)")
            let run = try await named.store.run(id: try named.runId("artifact-run"))
            #expect(run.modelOutputs.map(\.modelId) == [named.modelIds["model"]].compactMap { $0 }, "\(named.kind)")
            let child = try await named.store.run(id: try named.runId("grandchild"))
            #expect(child.parentRunId.map(named.runName) == "child-1", "\(named.kind)")
            let running = try await named.store.run(id: try named.runId("running"))
            #expect(running.info.status == .running && running.info.endTime == nil, "\(named.kind)")
            let evil = try await named.store.run(id: try named.runId("\u{1b}[2J\u{1b}[31mEVIL"))
            #expect(evil.info.runName == "\u{1b}[2J\u{1b}[31mEVIL", "\(named.kind)")
            let failed = try await named.store.run(id: try named.runId("failed"))
            #expect(failed.metric("val_loss")?.value.isNaN == true, "\(named.kind)")
            await #expect(throws: MLflowError.self) { try await named.store.run(id: "0123456789abcdef0123456789abcdef") }
        }
        await trio.close()
    }

    /// Filters and orders, each answered by the server and checked against both local stores.
    static let queries: [(filter: String, orderBy: [String])] = [
        ("", []),
        ("metrics.acc > 0.8", []),
        ("metrics.acc >= 0.5 and params.optimizer = 'adam'", ["metrics.acc DESC"]),
        ("metrics.val_loss < 1", ["metrics.val_loss ASC"]),
        ("metrics.`train/loss` <= 10", ["metrics.`train/loss` DESC"]),
        ("metrics.val_loss != 0", []),
        ("params.lr = '0.01'", ["params.batch_size ASC"]),
        ("params.lr != '0.01'", ["attributes.start_time ASC"]),
        ("params.`opt/adam.beta1` = '0.9'", []),
        ("params.dropout IS NULL", []),
        ("params.dropout IS NOT NULL", ["params.dropout DESC"]),
        ("params.comment = 'it''s'", []),
        ("params.optimizer LIKE 'a%'", []),
        ("params.optimizer LIKE 'A%'", []),
        ("params.optimizer ILIKE 'A%'", []),
        ("tags.team = 'vision'", ["tags.team ASC", "attributes.run_name ASC"]),
        ("tags.team IS NULL", []),
        ("tags.`mlflow.user` = 'bob'", []),
        ("tags.`mlflow.runName` LIKE '%evil%'", []),
        ("attributes.status = 'FINISHED'", ["metrics.acc ASC"]),
        ("attributes.status != 'FINISHED'", []),
        ("attributes.run_name = 'child-1'", []),
        ("attributes.run_name ILIKE 'CHILD%'", ["attributes.run_name DESC"]),
        ("run_name LIKE '%-%'", []),
        ("attributes.start_time > 1704090000000", ["attributes.end_time DESC"]),
        ("attributes.end_time < 1704100000000", []),
        ("datasets.name = 'fixture-train'", []),
        ("datasets.context = 'training'", []),
        ("attributes.user_id = 'unknown'", []),
        ("", ["metrics.acc"]),
        ("", ["metrics.val_loss DESC"]),
        ("", ["params.lr DESC", "metrics.acc ASC"]),
        ("", ["attributes.run_name"]),
        ("", ["attributes.status DESC"]),
        ("", ["tags.team DESC"]),
    ]

    @Test func filtersAndOrdersAgreeWithTheServer() async throws {
        let trio = try StoreTrio.open()
        var compared = 0
        for (filter, orderBy) in Self.queries {
            var answers: [[String]] = []
            for named in trio.stores {
                let query = RunQuery(experimentIds: [try named.experimentId("fixture-main")], filter: filter, orderBy: orderBy, viewType: .all)
                answers.append(try await named.store.allRuns(query, progress: nil).map(\.info.runName))
            }
            for (index, answer) in answers.enumerated().dropFirst() {
                #expect(answer == answers[0], "\(trio.stores[index].kind) for filter \(filter.debugDescription) order \(orderBy): \(answer) vs server \(answers[0])")
            }
            compared += 1
        }
        #expect(compared == Self.queries.count)
        // A run_id IN (...) list needs each store's own ids.
        for named in trio.stores {
            let ids = [try named.runId("child-1"), try named.runId("parent")]
            let filter = "attributes.run_id IN ('\(ids[0])', '\(ids[1])')"
            let runs = try await named.store.allRuns(RunQuery(experimentIds: [try named.experimentId("fixture-main")], filter: filter), progress: nil)
            #expect(runs.map(\.info.runName) == ["child-1", "parent"], "\(named.kind)")
        }
        await trio.close()
    }

    @Test func runsOfSeveralExperimentsAtOnce() async throws {
        let trio = try StoreTrio.open()
        var answers: [[String]] = []
        for named in trio.stores {
            let ids = [try named.experimentId("fixture-main"), try named.experimentId("adversarial-\u{1b}[31mRED\u{1b}[0m-\u{1b}]0;pwned\u{07}")]
            let runs = try await named.store.allRuns(RunQuery(experimentIds: ids, filter: "params.lr = '0.01'", orderBy: ["attributes.run_name ASC"]), progress: nil)
            answers.append(runs.map(\.info.runName))
        }
        #expect(answers[0].contains("adversarial-run"))
        #expect(answers[0].contains("parent"))
        #expect(answers[1] == answers[0])
        #expect(answers[2] == answers[0])
        await trio.close()
    }

    @Test func syntaxErrorsPointAtThePositionFromEveryStore() async throws {
        let trio = try StoreTrio.open()
        let cases: [(String, Int)] = [("metrics.acc > 0.8 OR params.lr = '1'", 18), ("params.lr = 'unterminated", 12), ("bogus.key = 1", 0)]
        for (filter, position) in cases {
            for named in trio.stores {
                let query = RunQuery(experimentIds: [try named.experimentId("fixture-main")], filter: filter)
                do {
                    _ = try await named.store.searchRuns(query, pageSize: 10, pageToken: nil)
                    Issue.record("\(named.kind) accepted \(filter)")
                } catch let error as SearchSyntaxError {
                    #expect(error.position == position, "\(named.kind) \(filter): \(error)")
                } catch {
                    Issue.record("\(named.kind) \(filter): not a syntax error: \(error)")
                }
            }
        }
        await trio.close()
    }

    @Test func pagingAndMaxResultsAgree() async throws {
        let trio = try StoreTrio.open()
        for named in trio.stores {
            let query = RunQuery(experimentIds: [try named.experimentId("fixture-main")], orderBy: ["attributes.run_name ASC"], viewType: .all)
            var names: [String] = []
            var token: String?
            var pages = 0
            repeat {
                let page = try await named.store.searchRuns(query, pageSize: 4, pageToken: token)
                #expect(page.items.count <= 4)
                names += page.items.map(\.info.runName)
                token = page.nextPageToken
                pages += 1
            } while token != nil && pages < 10
            #expect(names.count == 14, "\(named.kind)")
            #expect(names == names.sorted(), "\(named.kind)")
            var capped = query
            capped.maxResults = 5
            #expect(try await named.store.allRuns(capped, progress: nil).map(\.info.runName) == Array(names.prefix(5)), "\(named.kind)")
        }
        await trio.close()
    }
}
