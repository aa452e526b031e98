import ArgumentParser
import Foundation
import MLflowClient

/// `runboard compare`: runs side by side, only the rows that differ unless asked for all.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare runs side by side: run info, params, metrics and tags, only the rows that differ.",
        discussion: """
        Give run ids, or --experiment (with an optional MLflow --filter and --max), or both. Metric \
        values are the latest unless --metric-value or --at-step says otherwise; the best value of each \
        metric is marked, and every value shows its change against the baseline run (the first).
        """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Run ids to compare, in column order.", valueName: "run-id"))
    var runIds: [String] = []

    @Option(name: .customLong("experiment"), help: ArgumentHelp("Compare the runs of this experiment too (repeatable).", valueName: "name|id"),
            completion: .custom(Completions.experiments))
    var experiments: [String] = []

    @Option(help: ArgumentHelp("An MLflow filter string for the experiment's runs.", valueName: "expr")) var filter: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("At most this many runs of the experiments.", valueName: "n"),
            transform: { try WholeNumberOption.parse($0, in: 1...RunsCommand.maxRuns, of: "runs") })
    var max: Int?

    @Flag(name: .customLong("all-rows"), help: "Show equal rows too, not only the rows that differ.") var allRows = false

    @Option(name: .customLong("metrics"), help: ArgumentHelp("Only these metric rows, in this order (comma-separated; repeatable).", valueName: "k1,k2"))
    var metricLists: [String] = []

    @Option(name: .customLong("params"), help: ArgumentHelp("Only these param rows, in this order (comma-separated; repeatable).", valueName: "k1,k2"))
    var paramLists: [String] = []

    @Option(name: .customLong("metric-value"), help: "Which value of each metric: latest (default), min, max or best over the whole history.")
    var metricValue: MetricValueOption?

    @Option(name: .customLong("at-step"), parsing: .unconditional,
            help: ArgumentHelp("Each metric's value at this step (the nearest logged step at or before it).", valueName: "n"),
            transform: { try StepOption.parse($0) })
    var atStep: Int64?

    @Option(help: ArgumentHelp("The run the changes are measured against (default: the first).", valueName: "run-id"))
    var baseline: String?

    @Flag(name: .customLong("system-tags"), help: "Include MLflow's own mlflow.* tags.") var systemTags = false

    func validate() throws {
        if runIds.isEmpty && experiments.isEmpty { throw ValidationError("give run ids, or --experiment NAME|ID, or both") }
        if experiments.isEmpty && (filter != nil || max != nil) { throw ValidationError("--filter and --max select runs of an --experiment") }
        if atStep != nil, let metricValue, metricValue != .latest {
            throw ValidationError("--at-step and --metric-value \(metricValue.rawValue) cannot be used together")
        }
    }

    /// Keys given as `a,b` and repeated options, in order, without empties; nil when none.
    static func keys(_ lists: [String]) -> [String]? {
        let keys = lists.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        return keys.isEmpty ? nil : keys
    }

    var options: ComparisonOptions {
        let mode: MetricValueMode = atStep.map(MetricValueMode.atStep) ?? (metricValue ?? .latest).mode
        return ComparisonOptions(
            allRows: allRows, systemTags: systemTags, metricKeys: Self.keys(metricLists), paramKeys: Self.keys(paramLists),
            metricValue: mode, baselineRunId: baseline)
    }

    func run() async throws {
        if let filter { try SearchValidation.check(filter: filter, orderBy: []) }
        let tracking = try store.open()
        let options = self.options
        let comparison = try await withClosing(tracking) { () -> RunComparison in
            let runs = try await CompareLoading.runs(
                ids: runIds, experiments: experiments, filter: filter, max: max, store: tracking)
            try Self.checkKeys(options, runs: runs.map(\.run))
            if let baseline, !runs.contains(where: { $0.run.info.runId == baseline }) {
                throw CLIError.usage("the baseline run '\(TerminalSafe.sanitize(baseline))' is not among the compared runs")
            }
            var figures = MetricFigures()
            if let reading = MetricFigures.reading(for: options.metricValue) {
                figures = try await MetricFigures.read(
                    MetricFigures.wanted(for: runs.map(\.run), options: options), reading, store: tracking)
            }
            return try RunComparison.build(runs, options: options, figures: figures)
        }
        emit(CompareOutput(comparison: comparison).render(store.format, width: terminalWidth()))
    }

    /// Refuses `--metrics` and `--params` keys that no compared run has (a typo, most likely).
    static func checkKeys(_ options: ComparisonOptions, runs: [Run]) throws {
        var problems: [String] = []
        for (kind, wanted, present) in [
            ("metric", options.metricKeys, Set(runs.flatMap { $0.metrics.map(\.key) })),
            ("param", options.paramKeys, Set(runs.flatMap { $0.params.map(\.key) })),
        ] {
            let unknown = (wanted ?? []).filter { !present.contains($0) }
            if !unknown.isEmpty {
                let list = unknown.map { "'\(TerminalSafe.sanitize($0))'" }.joined(separator: ", ")
                problems.append("no compared run has the \(kind)\(unknown.count == 1 ? "" : "s") \(list)")
            }
        }
        if !problems.isEmpty { throw CLIError.usage(problems.joined(separator: "; ")) }
    }
}

/// `--metric-value latest|min|max|best`.
enum MetricValueOption: String, ExpressibleByArgument, CaseIterable {
    case latest, min, max, best

    var mode: MetricValueMode {
        switch self {
        case .latest: .latest
        case .min: .min
        case .max: .max
        case .best: .best
        }
    }
}

/// Reads a step: any 64-bit whole number, negative ones included.
enum StepOption {
    static func parse(_ text: String) throws -> Int64 {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let step = Int64(trimmed) { return step }
        let digits = trimmed.drop { $0 == "-" || $0 == "+" }
        if trimmed.count - digits.count <= 1, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw ValidationError("out of range: a step is a whole number from \(Int64.min) to \(Int64.max)")
        }
        throw ValidationError("not a whole number: a step is a whole number such as 100 or -2")
    }
}
