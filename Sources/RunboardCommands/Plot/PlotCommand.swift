import ArgumentParser
import Dashboard
import Foundation
import MLflowClient
import Synchronization
import TerminalCore

/// `runboard plot`: one metric (or several) of several runs overlaid, as a braille chart on
/// standard output or as a standalone SVG file.
struct PlotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plot",
        abstract: "Plot metrics of several runs overlaid: a braille chart on standard output, or an SVG file.",
        discussion: """
        Without --output the chart is printed with its axes and legend, sized to the terminal (80x24 when \
        standard output is not a terminal, or --width/--height), in colour on a terminal; off a terminal \
        the runs are told apart by line pattern. --output FILE.svg writes a standalone SVG (--width and \
        --height then count pixels). Each run keeps its colour in every chart.
        """)

    @Option(name: .customLong("tracking-uri"), help: ArgumentHelp(
        "http(s)://host[:port][/prefix], sqlite:///path.db, file:///path/mlruns, or a path.", valueName: "uri"),
        completion: .file())
    var trackingURI: String?

    @Argument(help: ArgumentHelp("The runs to plot, in legend order.", valueName: "run-id"))
    var runIds: [String] = []

    @Option(name: .customLong("metric"), help: ArgumentHelp("The metric to plot (repeatable: one chart each).", valueName: "key"))
    var metrics: [String] = []

    @Option(name: .customLong("x"), help: "The x axis: step (default), time (wall-clock time) or relative (time since each run's first point).",
            completion: .list(PlotXAxis.allCases.map(\.rawValue)))
    var xAxis: PlotXAxis = .step

    @Flag(name: .customLong("log-y"), help: "A logarithmic y axis (values at or below zero are left out and counted).")
    var logY = false

    @Option(parsing: .unconditional, help: ArgumentHelp("EMA smoothing weight from 0 (off) to 0.999, e.g. 0.9.", valueName: "weight"),
            transform: { try PlotCommand.parseSmoothing($0) })
    var smooth: Double = 0

    @Option(parsing: .unconditional, help: ArgumentHelp("Points sampled per run (1 to 2500; default 1000).", valueName: "n"),
            transform: { try WholeNumberOption.parse($0, in: 1...MLflowLimits.maxSampledPoints, of: "points") })
    var samples: Int = 1_000

    @Option(parsing: .unconditional, help: ArgumentHelp("Width in columns (in pixels with --output).", valueName: "w"),
            transform: { try WholeNumberOption.parse($0, in: 20...10_000, of: "columns or pixels") })
    var width: Int?

    @Option(parsing: .unconditional, help: ArgumentHelp("Height in rows (in pixels with --output).", valueName: "h"),
            transform: { try WholeNumberOption.parse($0, in: 8...10_000, of: "rows or pixels") })
    var height: Int?

    @Option(help: ArgumentHelp("Write a standalone SVG to this file instead of printing.", valueName: "file.svg"), completion: .file(extensions: ["svg"]))
    var output: String?

    @Flag(help: "Plain ASCII instead of braille characters.") var ascii = false

    func validate() throws {
        if runIds.isEmpty { throw ValidationError("give the ids of the runs to plot") }
        if metrics.isEmpty { throw ValidationError("give the metric to plot with --metric KEY") }
    }

    static func parseSmoothing(_ text: String) throws -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else {
            throw ValidationError("--smooth takes a weight from 0 to 0.999, not '\(TerminalSafe.sanitize(String(text.prefix(40))))'")
        }
        guard value >= 0, value < 1 else { throw ValidationError("--smooth must be from 0 (off) to 0.999, not \(trimmed)") }
        return value
    }

    var options: OverlayOptions { OverlayOptions(xAxis: xAxis.axis, logY: logY, smoothing: smooth) }

    func run() async throws {
        let tracking = try StoreOpener.open(explicit: trackingURI, onRetry: RetryLine.write)
        let plot = try await withClosing(tracking) {
            try await PlotData.load(runIds: runIds, metrics: metrics, samples: samples, store: tracking)
        }
        if let output {
            let svg = PlotSVG(plot: plot, options: options, width: width ?? 900, height: height ?? 500 * plot.overlays.count).render()
            do {
                try Data(svg.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw CLIError.usage("cannot write \(TerminalSafe.sanitize(output)): \(error.localizedDescription)")
            }
            return
        }
        let onTerminal = isatty(STDOUT_FILENO) == 1
        let size = Self.size(width: width, height: height, terminal: onTerminal ? TerminalSize.of(STDOUT_FILENO) : nil)
        let env = ProcessInfo.processInfo.environment
        let depth: ColorDepth = onTerminal ? ColorDepth.detect(environment: env) : .none
        let symbols: Symbols = ascii ? .ascii : Symbols.detect(environment: env)
        let text = PlotText(plot: plot, options: options, theme: Theme.builtIn.stepped(to: depth), symbols: symbols)
        emit(ANSIText.render(text.buffer(size: size), colors: depth != .none))
    }

    /// The chart's size: what was asked, else the terminal's (one row left for the prompt), else 80x24.
    static func size(width: Int?, height: Int?, terminal: Size?) -> Size {
        Size(width: width ?? terminal?.width ?? 80, height: height ?? terminal.map { max(8, $0.height - 1) } ?? 24)
    }
}

/// `--x step|time|relative`.
enum PlotXAxis: String, ExpressibleByArgument, CaseIterable {
    case step, time, relative

    var axis: ChartXAxis {
        switch self {
        case .step: .step
        case .time: .wallTime
        case .relative: .relativeTime
        }
    }
}

/// What a plot shows: the runs with their legend names, and one overlay per metric.
struct PlotData: Sendable {
    var runs: [ComparedRun]
    /// Legend names by run id.
    var labels: [String: String]
    var overlays: [MetricOverlay]

    /// Reads the runs (unknown ids are a usage error naming each) and the sampled histories of
    /// every metric, up to 100 runs per request; a metric none of the runs has is a usage error.
    static func load(runIds: [String], metrics: [String], samples: Int, store: any TrackingStore) async throws -> PlotData {
        let runs = try await CompareLoading.runs(ids: runIds, experiments: [], filter: nil, max: nil, store: store)
        let present = Set(runs.flatMap { $0.run.metrics.map(\.key) })
        let missing = metrics.filter { !present.contains($0) }
        if !missing.isEmpty {
            let list = missing.map { "'\(TerminalSafe.sanitize($0))'" }.joined(separator: ", ")
            let known = present.sorted().prefix(20).map(TerminalSafe.sanitize).joined(separator: ", ")
            throw CLIError.usage("no run given has the metric\(missing.count == 1 ? "" : "s") \(list)" + (known.isEmpty ? "" : " (they have: \(known))"))
        }
        let ids = runs.map(\.run.info.runId)
        var labels: [String: String] = [:]
        for (id, label) in zip(ids, RunLabels.labels(runs)) { labels[id] = label }
        var overlays: [MetricOverlay] = []
        var seen = Set<String>()
        for key in metrics where seen.insert(key).inserted {
            let collected = Mutex(MetricOverlay(key: key, runIds: ids, maxPoints: samples))
            try await store.sampledMetricHistories(runIds: ids, key: key, maxPoints: samples) { batch in
                collected.withLock { $0.add(batch) }
            }
            overlays.append(collected.withLock { $0 })
        }
        return PlotData(runs: runs, labels: labels, overlays: overlays)
    }
}
