import Dashboard
import MLflowCore
import TerminalCore

/// Comparison screens built through the reducer, answering its store requests with the runs given.
enum CompareScenes {
    static let now: Int64 = 1_750_000_000_000

    /// Three runs of a sweep: equal and differing params, a param only two have, `0.1` and
    /// `0.10`, a NaN and an infinite metric, a tag only one has.
    static let sweep: [Run] = {
        var parent = makeRun("a1f0a1f0a1f0a1f0", name: "sweep", start: now - 7_200_000,
                             metrics: ["val_loss": 0.31, "acc": 0.912, "train/loss": 0.2],
                             params: ["lr": "0.1", "optimizer": "adam", "epochs": "10", "seed": "1"])
        parent.tags.append(KeyValue(key: "team", value: "vision"))
        let child = makeRun("b2e1b2e1b2e1b2e1", name: "sweep-lr-0.10", start: now - 7_100_000, status: .failed,
                            metrics: ["val_loss": .nan, "acc": 0.11, "train/loss": .infinity],
                            params: ["lr": "0.10", "optimizer": "adam", "epochs": "10", "dropout": "0.2"], parent: "a1f0a1f0a1f0a1f0")
        let other = makeRun("c3d2c3d2c3d2c3d2", name: "sweep-lr-0.001", start: now - 7_000_000,
                            metrics: ["val_loss": 0.274, "acc": 0.931],
                            params: ["lr": "0.001", "optimizer": "adam", "epochs": "10", "dropout": "0.3"], parent: "a1f0a1f0a1f0a1f0")
        return [parent, child, other]
    }()

    /// `count` runs over two experiments, every one named `sweep` (names collide), one hostile.
    static func many(_ count: Int) -> [Run] {
        (0..<count).map { i in
            let id = String(format: "%02d%030d", i, i * 7)
            var run = makeRun(id, name: i == 3 ? "\u{1b}[2J\u{1b}[31mEVIL\u{202e}" : "sweep", experiment: i % 2 == 0 ? "1" : "2",
                              start: now - Int64(i) * 60_000,
                              metrics: ["val_loss": 1.0 / Double(i + 2), "acc": Double(i % 10) / 10],
                              params: ["lr": "\(Double(i) / 100)", "seed": "\(i)", "batch": "32"])
            run.info.userId = i == 5 ? "eve\u{7}" : "ana"
            return run
        }
    }

    static let experiments = [
        Experiment(experimentId: "1", name: "mnist"),
        Experiment(experimentId: "2", name: "cifar\u{1b}[1m"),
    ]

    /// Experiments loaded, experiment 1 opened with `runs` (those of experiment 1; the others are
    /// found by the comparison's own load), every run marked, the comparison opened and answered.
    static func opened(_ runs: [Run], size: Size = Size(width: 80, height: 24)) -> DashboardState {
        var state = DashboardState(storeURI: "sqlite:///work/mlflow.db", size: size, now: now)
        state.live.lastRefresh = now
        if case .loadExperiments(let id, _)? = reduce(&state, .start).first {
            _ = reduce(&state, .experimentsLoaded(requestId: id, experiments))
        }
        _ = reduce(&state, .key(.enter))
        if let id = state.runs.load.pendingRequestId {
            _ = reduce(&state, .runsPageLoaded(requestId: id, runs.filter { $0.info.experimentId == "1" }, done: true))
        }
        // Marks of both experiments, in the runs' order.
        for run in runs {
            if !state.marks.contains(run.info.runId) { state.marks.add([mark(run)]) }
        }
        answer(&state, reduce(&state, .key(.char("="))), runs: runs)
        return state
    }

    static func mark(_ run: Run) -> RunMarks.Mark {
        RunMarks.Mark(runId: run.info.runId, runName: run.info.runName, experimentId: run.info.experimentId,
                      experimentName: experiments.first { $0.experimentId == run.info.experimentId }?.name)
    }

    /// Answers the comparison's store requests from `runs` (summaries and histories made from
    /// `history`), recursively.
    static func answer(_ state: inout DashboardState, _ effects: [Effect], runs: [Run]) {
        for effect in effects {
            switch effect {
            case let .loadComparedRuns(id, ids):
                let found = ids.compactMap { id in runs.first { $0.info.runId == id } }
                let missing = ids.filter { id in !runs.contains { $0.info.runId == id } }
                answer(&state, reduce(&state, .compare(.runsLoaded(requestId: id, found, missing: missing))), runs: runs)
            case let .loadComparisonFigures(id, items, reading):
                var figures = MetricFigures()
                for item in items {
                    let points = history(runId: item.runId, key: item.key, runs: runs)
                    switch reading {
                    case .summaries: figures.setSummary(MetricSummary.of(points), runId: item.runId, key: item.key)
                    case .histories: figures.setHistory(points, runId: item.runId, key: item.key)
                    }
                }
                answer(&state, reduce(&state, .compare(.figuresLoaded(requestId: id, figures))), runs: runs)
            default:
                break
            }
        }
    }

    /// Ten points a metric: falling from its latest value + 1 at step 1 to the latest at step 10.
    static func history(runId: String, key: String, runs: [Run]) -> [Metric] {
        guard let latest = runs.first(where: { $0.info.runId == runId })?.metric(key) else { return [] }
        return (1...10).map { step in
            let value = latest.value.isFinite ? latest.value + Double(10 - step) / 10 : latest.value
            return Metric(key: key, value: value, timestamp: now + Int64(step), step: Int64(step))
        }
    }

    /// Keys typed one after the other, the effects answered.
    static func type(_ state: inout DashboardState, _ keys: [Key], runs: [Run]) {
        for key in keys { answer(&state, reduce(&state, .key(key)), runs: runs) }
    }

}
