import Dashboard
import Foundation
import MLflowCore
import TerminalCore
import TerminalTestSupport
import Testing

/// Screens built through the reducer, the way the app gets to them.
enum Scenes {
    static let now: Int64 = 1_750_000_000_000

    static let experiments = [
        Experiment(experimentId: "1", name: "mnist-baseline", creationTime: now - 86_400_000 * 3, lastUpdateTime: now - 3_600_000),
        Experiment(experimentId: "2", name: "\u{1b}[2J\u{1b}[31mEVIL", creationTime: now - 120_000),
        Experiment(experimentId: "3", name: "実験-日本語", creationTime: now - 86_400_000 * 40),
    ]

    static let runs: [Run] = [
        makeRun("a1f0", name: "sweep", start: now - 7_200_000, status: .finished,
                metrics: ["val_loss": 0.31, "acc": 0.912], params: ["lr": "0.01", "optimizer": "adam"]),
        makeRun("b2e1", name: "sweep-lr-0.1", start: now - 7_100_000, status: .failed,
                metrics: ["val_loss": .nan, "acc": 0.11], params: ["lr": "0.1", "optimizer": "adam"], parent: "a1f0"),
        makeRun("c3d2", name: "sweep-lr-0.001", start: now - 7_000_000, status: .finished,
                metrics: ["val_loss": 0.274, "acc": 0.931], params: ["lr": "0.001", "optimizer": "adam"], parent: "a1f0"),
        makeRun("d4c3", name: "\u{1b}[2J\u{1b}[31mEVIL", start: now - 300_000, status: .running,
                metrics: ["val_loss": 0.5, "acc": 0.8], params: ["lr": "0.01", "optimizer": "sgd"], user: "bob"),
        makeRun("e5b4", name: "宽字符-run", start: now - 86_400_000, status: .killed,
                metrics: ["val_loss": 1.2, "acc": 0.5], params: ["lr": "0.02", "optimizer": "sgd"]),
    ]

    static func history(_ key: String) -> [Metric] {
        (0..<60).map { step in
            let x = Double(step)
            let value: Double
            if key == "acc" {
                value = 0.5 + 0.43 * (1 - exp(-x / 12))
            } else {
                value = step == 30 ? .nan : 1.4 * exp(-x / 15) + 0.27
            }
            return Metric(key: key, value: value, timestamp: now - 7_000_000 + Int64(step) * 60_000, step: Int64(step))
        }
    }

    static func base(_ size: Size) -> DashboardState {
        var state = DashboardState(storeURI: "sqlite:///work/mlflow.db", size: size, now: now)
        state.live.lastRefresh = now
        if case .loadExperiments(let id, _)? = reduce(&state, .start).first {
            // The runs pane previews the first experiment's runs.
            for effect in reduce(&state, .experimentsLoaded(requestId: id, experiments)) {
                if case .loadRuns(let runsId, _, _, _, _) = effect { _ = reduce(&state, .runsPageLoaded(requestId: runsId, runs, done: true)) }
            }
        }
        return state
    }

    static func runsScene(_ size: Size) -> DashboardState {
        var state = base(size)
        if let id = openRuns(&state) {
            _ = reduce(&state, .runsPageLoaded(requestId: id, runs, done: true))
        }
        return state
    }

    static func detailScene(_ size: Size) -> DashboardState {
        var state = runsScene(size)
        _ = reduce(&state, .moveDown)
        _ = reduce(&state, .moveDown)
        for effect in reduce(&state, .openSelected) {
            guard case .loadRun(let id, let runId) = effect, let run = runs.first(where: { $0.info.runId == runId }) else { continue }
            var full = run
            full.tags.append(KeyValue(key: SystemTag.sourceName, value: "train.py"))
            full.tags.append(KeyValue(key: "team", value: "vision"))
            full.tags = full.tags.sortedByKey()
            for next in reduce(&state, .runLoaded(requestId: id, full)) {
                if case .loadMetricHistories(let hid, _, let keys, _) = next {
                    var histories: [String: [Metric]] = [:]
                    for key in keys { histories[key] = history(key) }
                    _ = reduce(&state, .metricHistoriesLoaded(requestId: hid, histories))
                }
                // The exact figures of `acc` arrive (its whole history dips lower than the sample
                // shows, at a step the sample skipped); `val_loss` stays approximate.
                if case .loadMetricSummaries(let sid, _, _) = next {
                    let dip = Metric(key: "acc", value: 0.05, timestamp: now, step: 77)
                    _ = reduce(&state, .metricSummaryLoaded(requestId: sid, key: "acc", MetricSummary.of(history("acc") + [dip])))
                }
            }
        }
        _ = reduce(&state, .moveDown)
        return state
    }

    static func chartScene(_ size: Size) -> DashboardState {
        var state = detailScene(size)
        for effect in reduce(&state, .openChart) {
            if case .loadChartHistory(let id, _, let key, _) = effect {
                _ = reduce(&state, .chartHistoryLoaded(requestId: id, history(key)))
            }
        }
        return state
    }

    static func draw(_ state: DashboardState, theme: Theme = .builtIn, symbols: Symbols = .unicode) -> CellBuffer {
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(theme: theme, symbols: symbols), into: &buffer)
        return buffer
    }

    /// Draws `state` and compares it with the snapshot `<name>-<width>x<height>` (with `masking`'s
    /// patterns masked), and checks that nothing from a store reaches the terminal raw, whatever
    /// the runs, files or models are called. Returns what was drawn.
    @discardableResult
    static func snapshot(
        _ state: DashboardState, _ name: String, masking: [String] = [], symbols: Symbols = .unicode,
        filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
    ) -> CellBuffer {
        let buffer = draw(state, symbols: symbols)
        Snapshot.assert(buffer, named: "\(name)-\(state.size.width)x\(state.size.height)", masking: masking,
                        filePath: filePath, sourceLocation: sourceLocation)
        Snapshot.assertNothingRaw(buffer, sourceLocation: sourceLocation)
        return buffer
    }
}
