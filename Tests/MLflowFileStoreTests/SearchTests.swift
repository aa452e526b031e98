import MLflowCore
import MLflowFileStore
import TestFixtures
import Testing

/// Filters and order_by applied by the store, on a small tree.
@Suite struct SearchTests {
    static let a = "555555555555555551"
    static let b = "555555555555555552"

    static func tree(_ name: String) throws -> TreeBuilder {
        let tree = try TreeBuilder(name)
        try tree.experiment(a, name: "a")
        try tree.experiment(b, name: "b")
        try tree.run(TreeBuilder.runId(1), experiment: a, name: "one", status: 3, start: 100,
                     params: ["lr": "0.01"], tags: ["team": "vision"], metrics: ["acc": "1 0.9 0\n"])
        try tree.run(TreeBuilder.runId(2), experiment: a, name: "two", status: 4, start: 200,
                     params: ["lr": "0.1"], tags: ["team": "nlp"], metrics: ["acc": "1 0.5 0\n2 nan 1\n"])
        try tree.run(TreeBuilder.runId(3), experiment: b, name: "three", status: 3, start: 300,
                     params: ["lr": "0.01"], metrics: ["acc": "1 0.7 0\n"])
        try tree.run(TreeBuilder.runId(4), experiment: b, name: "four", status: 1, start: 400, end: nil)
        try tree.run(TreeBuilder.runId(5), experiment: b, name: "gone", status: 3, start: 500, stage: "deleted",
                     params: ["lr": "0.01"])
        return tree
    }

    func names(_ store: FileStore, _ query: RunQuery, pageSize: Int = 100) async throws -> [String] {
        var names: [String] = []
        var token: String?
        repeat {
            let page = try await store.searchRuns(query, pageSize: pageSize, pageToken: token)
            names += page.items.map(\.info.runName)
            token = page.nextPageToken
        } while token != nil
        return names
    }

    @Test func filtersAcrossExperiments() async throws {
        let store = try FileStore(path: try Self.tree("search-filter").root)
        let both = [Self.a, Self.b]
        #expect(try await names(store, RunQuery(experimentIds: both)) == ["four", "three", "two", "one"])
        #expect(try await names(store, RunQuery(experimentIds: both, filter: "params.lr = '0.01'")) == ["three", "one"])
        #expect(try await names(store, RunQuery(experimentIds: both, filter: "params.lr = '0.01'", viewType: .all)) == ["gone", "three", "one"])
        #expect(try await names(store, RunQuery(experimentIds: both, filter: "tags.team LIKE 'vis%' and attributes.status = 'FINISHED'")) == ["one"])
        #expect(try await names(store, RunQuery(experimentIds: both, filter: "metrics.acc > 0.6")) == ["three", "one"])
        let noLr = try await names(store, RunQuery(experimentIds: both, filter: "attributes.run_name != 'one' and params.lr IS NULL"))
        #expect(noLr == ["four"])
        #expect(try await names(store, RunQuery(experimentIds: [Self.b], filter: "  ")) == ["four", "three"])
    }

    @Test func ordersAndPages() async throws {
        let store = try FileStore(path: try Self.tree("search-order").root)
        let both = [Self.a, Self.b]
        #expect(try await names(store, RunQuery(experimentIds: both, orderBy: ["attributes.start_time ASC"]), pageSize: 3)
            == ["one", "two", "three", "four"])
        #expect(try await names(store, RunQuery(experimentIds: both, orderBy: ["params.lr DESC"]), pageSize: 1).prefix(1) == ["two"])
        // Values in order, then the NaN latest value, then the run without the metric.
        #expect(try await names(store, RunQuery(experimentIds: both, orderBy: ["metrics.acc DESC"]), pageSize: 2)
            == ["one", "three", "two", "four"])
        #expect(try await names(store, RunQuery(experimentIds: both, orderBy: ["metrics.acc ASC"], maxResults: 3), pageSize: 1)
            == ["three", "one", "two"])
    }

    @Test func badFiltersAreReportedWithAPosition() async throws {
        let store = try FileStore(path: try Self.tree("search-errors").root)
        await #expect(throws: SearchSyntaxError.self) {
            try await store.searchRuns(RunQuery(experimentIds: [Self.a], filter: "params.lr = '0.01' OR params.lr = '0.1'"), pageSize: 10, pageToken: nil)
        }
        await #expect(throws: SearchSyntaxError.self) {
            try await store.searchRuns(RunQuery(experimentIds: [Self.a], orderBy: ["nonsense.x"]), pageSize: 10, pageToken: nil)
        }
    }
}

/// Filters on the generated tree, with expectations taken from the manifest.
@Suite(.enabled(if: Fixtures.haveLocalStores, "generated fixtures are missing (run scripts/test)"))
struct FixtureSearchTests {
    @Test func filtersAndOrdersTheFixtureRuns() async throws {
        let store = try FileStore(path: Fixtures.fileStorePath)
        let manifest = try Fixtures.manifest()
        let data = try #require(manifest["data"] as? [String: Any])
        let ids = try #require((manifest["stores"] as? [String: Any])?["filestore"] as? [String: Any])
        let experiments = try #require(ids["experiments"] as? [String: String])
        let main = try #require(experiments["fixture-main"])
        let runs = try #require(data["runs"] as? [String: [String: Any]])
        let order = try #require(data["main_run_order"] as? [String])

        func names(_ filter: String?, _ orderBy: [String] = [], experiments ids: [String] = [main]) async throws -> [String] {
            try await store.searchRuns(RunQuery(experimentIds: ids, filter: filter, orderBy: orderBy), pageSize: 5, pageToken: nil)
                .items.map(\.info.runName)
        }
        func expected(_ keep: ([String: Any]) -> Bool) -> [String] {
            Array(order.filter { runs[$0].map(keep) ?? false }.prefix(5))
        }
        #expect(try await names("params.lr = '0.01'") == expected { ($0["params"] as? [String: String])?["lr"] == "0.01" })
        #expect(try await names("tags.team = 'vision'") == expected { ($0["tags"] as? [String: String])?["team"] == "vision" })
        #expect(try await names("attributes.status = 'RUNNING'") == ["running"])
        #expect(try await names("params.dropout IS NULL") == expected { ($0["params"] as? [String: String])?["dropout"] == nil })
        #expect(try await names(nil, ["attributes.start_time ASC"]) == Array(order.reversed().prefix(5)))
        let adversarial = try #require(experiments["adversarial-\u{1b}[31mRED\u{1b}[0m-\u{1b}]0;pwned\u{07}"])
        #expect(try await store.searchRuns(RunQuery(experimentIds: [main, adversarial]), pageSize: 100, pageToken: nil).items.count == order.count + 1)
    }
}
