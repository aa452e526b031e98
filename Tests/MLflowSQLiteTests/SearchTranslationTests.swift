import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

/// Filters and orderings of every clause kind, each compared with what MLflow's SQL store
/// returns for the same string on the same database (runs, order, tokens, or a refusal).
@Suite(.enabled(if: FixtureStore.available))
struct SearchTranslationTests {
    struct Case: CustomStringConvertible {
        var filter: String?
        var orderBy: [String] = []
        var view: ViewType = .all
        var pageSize = 1_000
        var offset = 0

        var description: String { "filter \(filter.map { "\"\($0)\"" } ?? "none"), order \(orderBy), \(view.rawValue), page \(pageSize)@\(offset)" }
    }

    static func filters(runIds: [String: String]) -> [String] {
        let parent = runIds["parent"] ?? ""
        let child = runIds["child-1"] ?? ""
        return [
            // Metrics compare the latest value; NaN matches only "!=".
            "metrics.acc > 0.6", "metrics.acc >= 0.883142", "metrics.acc = 0.883142", "metrics.acc != 0.883142",
            "metrics.acc < 0.7", "metrics.acc <= 0.7", "metrics.acc > -1", "metrics.acc > 1e-3",
            "metrics.val_loss != 0", "metrics.val_loss > 0", "metrics.val_loss = 0", "metrics.val_loss < 1e10",
            "metrics.`train/loss` < 0.2", "metrics.\"train/loss\" > 0.1", "metrics.nothing > 0", "metrics.loss < 1",
            "metric.acc > 0.9", "metrics.acc > 0.9 and metrics.acc < 0.95",
            // Params: case-sensitive LIKE, ILIKE, missing keys, quotes, slashes, wildcards.
            "params.lr = '0.01'", "params.lr != '0.01'", "params.optimizer LIKE 'ad%'", "params.optimizer LIKE 'AD%'",
            "params.optimizer ILIKE 'AD%'", "params.optimizer like 'sgd'", "params.dropout IS NULL", "params.dropout IS NOT NULL",
            "params.comment = \"it's\"", "params.comment LIKE 'it%'", "params.`opt/adam.beta1` = '0.9'", "params.batch_size = '32'",
            "params.lr LIKE '0.0_'", "params.lr LIKE '%1'", "params.lr LIKE '0.0\\%'", "params.long_param LIKE '0123%'",
            "param.lr = '0.1'", "parameters.lr != '0.1'", "params.lr = '0.01' and params.lr = '0.1'",
            // Tags.
            "tags.team = 'vision'", "tags.team != 'vision'", "tags.team IS NULL", "tags.team IS NOT NULL",
            "tags.`mlflow.user` = 'bob'", "tags.\"mlflow.runName\" LIKE 'child%'", "tags.multiline LIKE 'first%second line'",
            "tags.multiline = 'first line\nsecond line'", "tags.mlflow.note.content ILIKE '%SWEEPS%'", "tag.team ILIKE 'NLP'",
            // Attributes; run_name is the mlflow.runName tag.
            "attributes.status = 'FAILED'", "attributes.status != 'FINISHED'", "status = 'RUNNING'", "run.status LIKE '%ED'",
            "attributes.run_name = 'parent'", "run.run_name LIKE 'child%'", "attributes.`Run name` = 'parent'",
            "attributes.run_name ILIKE 'PARENT'", "attributes.run_name = '\u{202e}evil'", "attributes.run_name = 'résumé-学習-🚀'",
            "attributes.run_name LIKE '%\u{1b}%'", "attributes.user_id = 'bob'", "attributes.artifact_uri LIKE '%artifacts'",
            "attributes.start_time > 1704090000000", "attributes.created < 1704090000000", "attributes.end_time >= 1704090606000",
            "attributes.end_time != 0", "attributes.start_time = 1704067200000.0", "attr.start_time <= 1704067200000",
            "attributes.run_id IN ('\(parent)', '\(child)')", "attributes.run_id NOT IN ('\(parent)')",
            "attributes.run_id = '\(parent)'", "attributes.run_id != '\(parent)'", "attributes.run_id LIKE '\(parent.prefix(1))%'",
            "attributes.run_id ILIKE '\(parent.uppercased())'", "run_id IN ('\(child)')",
            // Datasets (the parent run has two).
            "datasets.name = 'fixture-train'", "datasets.context = 'eval'", "datasets.digest IN ('c1ce8a1e')",
            "datasets.name LIKE 'fixture-%'", "datasets.context != 'training'", "datasets.name NOT IN ('fixture-train')",
            "datasets.context IN ('training', 'eval')", "datasets.digest ILIKE 'C1CE%'", "dataset.name = 'nothing'",
            // Combinations.
            "metrics.acc > 0.5 and params.optimizer = 'adam' and tags.team = 'vision'",
            "params.lr = '0.01' AND attributes.status = 'FINISHED' AND metrics.val_loss < 1",
            // Refused by MLflow.
            "metrics.acc LIKE '0.5'", "params.lr > 0.5", "foo.bar = 1", "metrics.acc > 0.5 OR metrics.acc < 0.1",
            "attributes.lifecycle_stage = 'active'", "datasets.foo = 'x'", "attributes.status IN ('FAILED')",
            "metrics.acc IS NULL", "params.lr = 0.01", "attributes.start_time = 'x'",
        ]
    }

    static let orderings: [[String]] = [
        ["metrics.acc DESC"], ["metrics.acc"], ["metrics.val_loss ASC"], ["metrics.val_loss DESC"],
        ["params.lr", "metrics.acc DESC"], ["tags.team"], ["tags.team DESC"], ["attributes.end_time"],
        ["attributes.end_time DESC"], ["attributes.start_time ASC"], ["attributes.run_name"], ["attributes.run_name DESC"],
        ["attributes.status DESC", "params.optimizer"], ["params.dropout DESC"], ["metrics.`train/loss`"],
        ["attributes.created DESC"], ["attributes.user_id", "attributes.run_id DESC"], ["metric.acc desc", "tags.`mlflow.user`"],
        ["params.`opt/adam.beta1` DESC"], ["metrics.nothing"],
        // Refused by MLflow.
        ["metrics.acc", "metrics.acc DESC"], ["datasets.name"], ["attributes.lifecycle_stage"], ["metrics.acc sideways"],
    ]

    @Test func filtersMatchMLflow() async throws {
        let runIds = try #require(try FixtureStore.ids()["runs"] as? [String: String])
        var cases = Self.filters(runIds: runIds).map { Case(filter: $0) }
        cases += Self.filters(runIds: runIds).prefix(12).map { Case(filter: $0, view: .activeOnly, pageSize: 2, offset: 2) }
        try await compare(cases, name: "filters")
    }

    @Test func orderingsMatchMLflow() async throws {
        var cases = Self.orderings.map { Case(orderBy: $0) }
        cases += Self.orderings.prefix(10).map { Case(filter: "metrics.acc > 0.5", orderBy: $0, view: .activeOnly, pageSize: 3, offset: 3) }
        cases += Self.orderings.prefix(6).map { Case(filter: "params.lr != '0.001'", orderBy: $0, pageSize: 4, offset: 8) }
        try await compare(cases, name: "orderings")
    }

    private func compare(_ cases: [Case], name: String) async throws {
        let store = try FixtureStore.open()
        let experiments = try ["fixture-main", "fixture-deleted", "adversarial-\u{1b}[31mRED\u{1b}[0m-\u{1b}]0;pwned\u{07}"]
            .map(FixtureStore.experimentId)
        let queries: [[String: Any]] = cases.map { item in
            var query: [String: Any] = [
                "kind": "search_runs", "experiment_ids": experiments, "view": item.view.rawValue,
                "max_results": item.pageSize, "order_by": item.orderBy,
            ]
            if let filter = item.filter { query["filter"] = filter }
            if let token = offsetToken(item.offset) { query["page_token"] = token }
            return query
        }
        let answers = try await MLflowReference.answers(db: try FixtureStore.referenceCopy(name), queries)
        var matched = 0
        for (item, answer) in zip(cases, answers) {
            let query = RunQuery(experimentIds: experiments, filter: item.filter, orderBy: item.orderBy, viewType: item.view)
            let result: Result<Page<Run>, Error>
            do {
                result = .success(try await store.searchRuns(query, pageSize: item.pageSize, pageToken: offsetToken(item.offset)))
            } catch {
                result = .failure(error)
            }
            switch (result, answer.error) {
            case (.success(let page), nil):
                let expected = try answer.decode(ReferencePage<Run>.self)
                #expect(page.items.map(\.info.runName) == expected.items.map(\.info.runName), "\(item)")
                #expect(page.items == expected.items.map(\.normalized), "\(item)")
                #expect(page.nextPageToken == expected.nextPageToken, "\(item)")
                matched += expected.items.isEmpty ? 0 : 1
            case (.failure(let error), .some):
                #expect(error is MLflowError || error is SearchSyntaxError, "\(item): \(error)")
            case (.success(let page), .some(let refusal)):
                Issue.record("\(item): MLflow refused (\(refusal)) but the store returned \(page.items.count) runs")
            case (.failure(let error), nil):
                Issue.record("\(item): the store failed with \(error) but MLflow answered")
            }
        }
        // The table must exercise real matches, not only empty results.
        #expect(matched > cases.count / 2)
    }

    @Test func parsedFiltersAreTranslatedLikeTheirText() async throws {
        let store = try FixtureStore.open()
        let main = try FixtureStore.experimentId("fixture-main")
        let query = RunQuery(experimentIds: [main], viewType: .all)
        let filter = SearchFilter(clauses: [
            SearchClause(key: .metric("val_loss"), comparator: .notEqual, value: .number(0)),
            SearchClause(key: .param("optimizer"), comparator: .like, value: .string("a%")),
        ])
        let parsed = try await store.searchRuns(query, filter: filter, orderBy: [OrderBy(key: .metric("acc"), ascending: false)], pageSize: 100, pageToken: nil)
        var text = query
        text.filter = "metrics.val_loss != 0 and params.optimizer LIKE 'a%'"
        text.orderBy = ["metrics.acc DESC"]
        let fromText = try await store.searchRuns(text, pageSize: 100, pageToken: nil)
        #expect(parsed.items == fromText.items)
        // Highest acc first; "failed" (latest val_loss NaN) matches "!= 0", long-history has no val_loss.
        #expect(parsed.items.map(\.info.runName) == ["\u{202e}evil", "deleted-run", "failed", "running", "child-2", "parent"])
    }

    @Test func syntaxErrorsNameThePosition() async throws {
        let store = try FixtureStore.open()
        let query = RunQuery(experimentIds: [try FixtureStore.experimentId("fixture-main")], filter: "metrics.acc > 0.5 or params.lr = '1'")
        do {
            _ = try await store.searchRuns(query, pageSize: 10, pageToken: nil)
            Issue.record("an OR filter was accepted")
        } catch let error as SearchSyntaxError {
            #expect(error.position == 18)
            #expect(error.pointer.hasSuffix("^"))
        }
    }
}
