import Foundation
import MLflowClient

/// What `runboard compare` reads from a store: the runs, their experiments' names, and the metric
/// figures the chosen mode needs.
enum CompareLoading {
    /// How many store requests run at once.
    static let width = 8

    /// The runs named by id (in the order given), then the runs the experiments select, each once.
    /// Unknown ids are a usage error naming every one of them.
    static func runs(
        ids: [String], experiments: [String], filter: String?, max: Int?, store: any TrackingStore
    ) async throws -> [ComparedRun] {
        var seen = Set<String>()
        let uniqueIds = ids.filter { seen.insert($0).inserted }
        let found = try await boundedMap(uniqueIds) { id -> Run? in
            do {
                return try await store.run(id: id)
            } catch MLflowError.notFound {
                return nil
            } catch MLflowError.invalidArgument {
                return nil
            }
        }
        let unknown = zip(uniqueIds, found).filter { $0.1 == nil }.map(\.0)
        if !unknown.isEmpty {
            let list = unknown.map { "'\(TerminalSafe.sanitize($0))'" }.joined(separator: ", ")
            throw CLIError.usage("no run with the id\(unknown.count == 1 ? "" : "s") \(list) in \(store.displayURI)")
        }
        var runs = found.compactMap { $0 }
        if !experiments.isEmpty {
            var experimentIds: [String] = []
            for name in experiments {
                guard let experiment = try await store.resolveExperiment(name) else {
                    throw CLIError.usage("no experiment named or numbered '\(TerminalSafe.sanitize(name))' in \(store.displayURI)")
                }
                experimentIds.append(experiment.experimentId)
            }
            let query = RunQuery(experimentIds: experimentIds, filter: filter, maxResults: max)
            runs += try await store.allRuns(query, progress: nil).filter { seen.insert($0.info.runId).inserted }
        }
        if runs.isEmpty { throw CLIError.usage("no runs to compare: the experiment has no run that matches") }
        var names: [String: String] = [:]
        for id in Set(runs.map(\.info.experimentId)) {
            if let experiment = try? await store.experiment(id: id) { names[id] = experiment.name }
        }
        return runs.map { ComparedRun(run: $0, experimentName: names[$0.info.experimentId]) }
    }

    /// Exact summaries (min, max, best) or the histories up to the step (at-step) of every metric
    /// row the comparison shows, for each run that has the metric.
    static func figures(for runs: [Run], options: ComparisonOptions, store: any TrackingStore) async throws -> MetricFigures {
        var figures = MetricFigures()
        let mode = options.metricValue
        guard mode.needsSummaries || mode.step != nil else { return figures }
        var wanted: [(runId: String, key: String)] = []
        for key in RunComparison.metricKeys(of: runs, options: options) {
            for run in runs where run.metric(key) != nil { wanted.append((run.info.runId, key)) }
        }
        if let step = mode.step {
            // The whole history up to the step, so that the nearest step at or before it is exact.
            let range = StepRange(from: .min, to: step)
            let histories = try await boundedMap(wanted) { item in
                try await store.fullMetricHistory(runId: item.runId, key: item.key, steps: range)
            }
            for (item, history) in zip(wanted, histories) { figures.setHistory(history, runId: item.runId, key: item.key) }
        } else {
            let summaries = try await boundedMap(wanted) { item in
                try await store.metricSummary(runId: item.runId, key: item.key, progress: nil)
            }
            for (item, summary) in zip(wanted, summaries) { figures.setSummary(summary, runId: item.runId, key: item.key) }
        }
        return figures
    }

    /// `transform` over `items`, at most `width` at a time, results in the items' order.
    static func boundedMap<Item: Sendable, Result: Sendable>(
        _ items: [Item], _ transform: @escaping @Sendable (Item) async throws -> Result
    ) async throws -> [Result] {
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var results = [Result?](repeating: nil, count: items.count)
            var next = 0
            func start() {
                guard next < items.count else { return }
                let index = next, item = items[index]
                next += 1
                group.addTask { (index, try await transform(item)) }
            }
            for _ in 0..<Swift.min(width, items.count) { start() }
            while let (index, result) = try await group.next() {
                results[index] = result
                start()
            }
            return results.compactMap { $0 }
        }
    }
}
