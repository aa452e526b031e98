import Foundation
import MLflowClient

/// What `runboard compare` reads from a store: the runs and their experiments' names (the metric
/// figures the chosen mode needs come from `MetricFigures.read`, as in the dashboard).
enum CompareLoading {
    /// The runs named by id (in the order given), then the runs the experiments select, each once.
    /// Unknown ids are a usage error naming every one of them.
    static func runs(
        ids: [String], experiments: [String], filter: String?, max: Int?, store: any TrackingStore
    ) async throws -> [ComparedRun] {
        var seen = Set<String>()
        let uniqueIds = ids.filter { seen.insert($0).inserted }
        let found = try await BoundedWork.map(uniqueIds) { id -> Run? in
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
}
