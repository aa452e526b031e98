import Dashboard
import Foundation
import MLflowClient
import Testing
@testable import RunboardCommands

@Suite("The table's metric and param columns") struct TableColumnsTests {
    /// Six runs: `loss`, `zeta` and `lr` differ in each, `acc` and `optimizer` take two values,
    /// `aaa`, `epochs` and `seed` never change.
    let runs: [Run] = (0..<6).map(TableColumnsTests.run)

    static func run(_ index: Int) -> Run {
        let params = [KeyValue(key: "lr", value: "0.0\(index + 1)"), KeyValue(key: "seed", value: "7"),
                      KeyValue(key: "optimizer", value: index % 2 == 0 ? "adam" : "sgd")]
        let values: [(String, Double)] = [("acc", index % 2 == 0 ? 0.5 : 0.75), ("epochs", 10), ("loss", 1 / Double(index + 1)),
                                          ("zeta", Double(index)), ("aaa", 3)]
        let metrics = values.map { Metric(key: $0.0, value: $0.1, timestamp: 1, step: 1) }
        let info = RunInfo(runId: "r\(index)", runName: "run-\(index)", experimentId: "1", status: .finished,
                           startTime: 1_700_000_000_000, endTime: 1_700_000_060_000)
        return Run(info: info, params: params, metrics: metrics)
    }

    func header(_ text: String) -> [String] {
        text.split(separator: "\n").first.map { $0.split(separator: " ").map(String.init) } ?? []
    }

    @Test func theDashboardsChoiceComesFirstThenTheRest() {
        let ordered = TableColumns.ordered(runs)
        let ranked = RunColumns.ranked(runs, sample: runs.count).compactMap(TableColumns.column)
        #expect(Array(ordered.prefix(ranked.count)) == ranked)
        // Most varying first: loss and zeta (6 values), then acc (2); lr (6) before optimizer (2).
        #expect(ordered.map(\.key) == ["loss", "zeta", "acc", "lr", "optimizer", "aaa", "epochs", "seed"])
        #expect(ordered.map(\.kind) == [.metric, .metric, .metric, .param, .param, .metric, .metric, .param])
    }

    @Test func aNarrowTableKeepsTheVaryingColumns() throws {
        let narrow = try RunsCommand.render(runs, format: .table, width: 100)
        let columns = header(narrow)
        #expect(Array(columns.prefix(5)) == ["run_id", "name", "status", "start", "duration"])
        #expect(Array(columns.dropFirst(5).prefix(3)) == ["loss", "zeta", "acc"], "\(narrow)")
        #expect(!columns.contains("epochs") && !columns.contains("seed"))
        #expect(narrow.contains("not shown"))
        let wide = try RunsCommand.render(runs, format: .table, width: 400)
        // Headers are cut to the width of their values (at least 8 columns).
        #expect(Array(header(wide).dropFirst(5)) == ["loss", "zeta", "acc", "lr", "optimiz…", "aaa", "epochs", "seed"])
        #expect(!wide.contains("not shown"))
    }

    @Test func aKeyThatIsBothAMetricAndAParamGetsAPrefixOnTheParam() throws {
        let shared = [Run(info: RunInfo(runId: "a", runName: "a", experimentId: "1", status: .finished, startTime: 1),
                          params: [KeyValue(key: "x", value: "1")], metrics: [Metric(key: "x", value: 2, timestamp: 1, step: 0)])]
        #expect(Array(header(try RunsCommand.render(shared, format: .table, width: 200)).dropFirst(5)) == ["x", "param:x"])
    }

    @Test func columnsAreReadByQualifiedName() {
        #expect(TableColumns.column(.metric("val/loss")) == TableColumns.Column(kind: .metric, key: "val/loss"))
        #expect(TableColumns.column(.param("a.b")) == TableColumns.Column(kind: .param, key: "a.b"))
    }

    @Test func csvAndMarkdownKeepEveryColumnInKeyOrder() throws {
        let csv = try RunsCommand.render(runs, format: .csv, width: 10)
        #expect(csv.hasPrefix("run_id,run_name,experiment_id,status,user_id,start_time,end_time,parent_run_id,"
                              + "metrics.aaa,metrics.acc,metrics.epochs,metrics.loss,metrics.zeta,params.lr,params.optimizer,params.seed\n"))
        let md = try RunsCommand.render(runs, format: .md, width: 10)
        #expect(md.hasPrefix("| run_id | name | status | start | duration | metrics.aaa | metrics.acc |"))
    }
}
