import ArgumentParser
import Foundation
import MLflowClient

/// `runboard runs`: the runs of one or more experiments, with params, metrics and tags.
struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List runs with their params, metrics and tags.",
        discussion: """
        Filters use MLflow's search grammar, e.g. \
        "metrics.acc > 0.9 and params.lr = '0.01' and tags.`mlflow.runName` LIKE '%bert%'".
        """)

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("experiment"), help: ArgumentHelp("Experiment name or id (repeat for several).", valueName: "name|id"),
            completion: .custom(Completions.experiments))
    var experiments: [String] = []

    @Option(help: "An MLflow filter string.") var filter: String?

    @Option(name: .customLong("order-by"), help: ArgumentHelp("e.g. 'metrics.val_loss ASC' (repeatable).", valueName: "expr"))
    var orderBy: [String] = []

    /// The most runs `--max` takes.
    static let maxRuns = 10_000_000

    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many runs (default: all that match).", valueName: "n"),
            transform: { try WholeNumberOption.parse($0, in: 1...RunsCommand.maxRuns, of: "runs") })
    var max: Int?

    @Option(help: "Which runs by lifecycle: active, deleted or all.") var view: ViewOption = .active

    func validate() throws {
        if experiments.isEmpty { throw ValidationError("give at least one --experiment NAME|ID") }
    }

    func run() async throws {
        try SearchValidation.check(filter: filter, orderBy: orderBy)
        let tracking = try store.open()
        let runs = try await withClosing(tracking) {
            var ids: [String] = []
            for name in experiments {
                guard let experiment = try await tracking.resolveExperiment(name) else {
                    throw CLIError.usage("no experiment named or numbered '\(name)' in \(tracking.displayURI)")
                }
                ids.append(experiment.experimentId)
            }
            let query = RunQuery(experimentIds: ids, filter: filter, orderBy: orderBy, viewType: view.viewType, maxResults: max)
            return try await tracking.allRuns(query, progress: nil)
        }
        try Self.write(runs, format: store.format, width: terminalWidth())
    }

    /// Prints runs; JSON is streamed in chunks rather than built whole.
    static func write(_ runs: [Run], format: OutputFormat, width: Int) throws {
        if format == .json {
            JSONOutput.runs(runs) { chunk in emit(bytes: chunk) }
        } else {
            emit(try render(runs, format: format, width: width))
        }
    }

    static func render(_ runs: [Run], format: OutputFormat, width: Int) throws -> String {
        if format == .json {
            var out: [UInt8] = []
            JSONOutput.runs(runs) { out += $0 }
            return String(decoding: out, as: UTF8.self)
        }
        if format == .table { return renderTable(runs, width: width) }
        let metricKeys = Set(runs.flatMap { $0.metrics.map(\.key) }).sorted()
        let paramKeys = Set(runs.flatMap { $0.params.map(\.key) }).sorted()
        let tagKeys = format == .csv ? Set(runs.flatMap { $0.tags.map(\.key) }).sorted() : []
        var columns: [String]
        let fixed: Int
        if format == .csv {
            columns = ["run_id", "run_name", "experiment_id", "status", "user_id", "start_time", "end_time", "parent_run_id"]
            fixed = columns.count
        } else {
            columns = ["run_id", "name", "status", "start", "duration"]
            fixed = 3
        }
        let firstMetric = columns.count
        columns += metricKeys.map { "metrics.\($0)" } + paramKeys.map { "params.\($0)" } + tagKeys.map { "tags.\($0)" }
        let rows = runs.map { run -> [String] in
            let info = run.info
            var row: [String]
            if format == .csv {
                row = [info.runId, info.runName, info.experimentId, info.status.rawValue, info.userId,
                       Format.time(info.startTime), Format.time(info.endTime), run.parentRunId ?? ""]
            } else {
                row = [info.runId, info.runName, info.status.rawValue, Format.time(info.startTime),
                       Format.duration(from: info.startTime, to: info.endTime)]
            }
            row += metricKeys.map { key in run.metric(key).map { Format.number($0.value) } ?? "" }
            row += paramKeys.map { run.param($0) ?? "" }
            row += tagKeys.map { run.tag($0) ?? "" }
            return row
        }
        let numeric = Set(firstMetric..<(firstMetric + metricKeys.count))
        return TextTable(columns: columns, rows: rows, numericColumns: numeric, droppableFrom: fixed).render(format, width: width)
    }

    /// The `table` format: run id, name and status always; then start and duration, and the metric
    /// and param columns in the dashboard's order (`TableColumns`), added while they fit `width`.
    static func renderTable(_ runs: [Run], width: Int) -> String {
        let chosen = TableColumns.ordered(runs)
        // Short headers: the key alone, with a prefix only where two kinds share a key.
        var kindsByKey: [String: Set<TableColumns.Kind>] = [:]
        for column in chosen { kindsByKey[column.key, default: []].insert(column.kind) }
        let headers = chosen.map { column -> String in
            guard (kindsByKey[column.key]?.count ?? 0) > 1, column.kind != .metric else { return column.key }
            return (column.kind == .param ? "param:" : "tag:") + column.key
        }
        let columns = ["run_id", "name", "status", "start", "duration"] + headers
        let rows = runs.map { run -> [String] in
            let info = run.info
            return [info.runId, info.runName, info.status.rawValue, Format.shortTime(info.startTime),
                    Format.duration(from: info.startTime, to: info.endTime)]
                + chosen.map { column in
                    switch column.kind {
                    case .metric: run.metric(column.key).map { Format.short($0.value) } ?? ""
                    case .param: run.param(column.key) ?? ""
                    case .tag: run.tag(column.key) ?? ""
                    }
                }
        }
        let numeric = Set(chosen.indices.filter { chosen[$0].kind == .metric }.map { $0 + 5 })
        return TextTable(columns: columns, rows: rows, numericColumns: numeric, droppableFrom: 3).render(.table, width: width)
    }
}

/// `--view active|deleted|all`.
enum ViewOption: String, ExpressibleByArgument, CaseIterable {
    case active, deleted, all

    var viewType: ViewType {
        switch self {
        case .active: .activeOnly
        case .deleted: .deletedOnly
        case .all: .all
        }
    }
}

/// Checks filter and order_by strings locally, so that a syntax error points at its position
/// whichever store is behind (MLflow's server says only that the filter is invalid).
enum SearchValidation {
    static func check(filter: String?, orderBy: [String]) throws {
        do {
            if let filter { _ = try SearchFilter.parse(filter) }
            _ = try OrderBy.parseList(orderBy)
        } catch let error as SearchSyntaxError {
            throw CLIError.syntax(error)
        }
    }
}
