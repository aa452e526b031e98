import ArgumentParser
import Foundation
import MLflowClient

/// `runboard history`: one metric's history, sampled or complete.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print a metric's history: sampled (first and last points kept) or complete.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The run id.") var runId: String
    @Argument(help: "The metric key.") var metricKey: String

    @Option(help: "Sample to at most N points (1 to 2500).") var samples: Int?
    @Flag(help: "Every point, paged 25,000 at a time.") var all = false
    @Option(help: ArgumentHelp("Only steps FROM:TO (inclusive; either side may be left open).", valueName: "from:to"))
    var steps: String?

    func validate() throws {
        if all && samples != nil { throw ValidationError("--samples and --all cannot be used together") }
        if let samples, !(1...MLflowLimits.maxSampledPoints).contains(samples) {
            throw ValidationError("--samples must be from 1 to \(MLflowLimits.maxSampledPoints); use --all for every point")
        }
        if let steps { _ = try Self.parseSteps(steps) }
    }

    static func parseSteps(_ text: String) throws -> StepRange {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw ValidationError("--steps takes FROM:TO, e.g. 0:1000 or -5: or :200") }
        guard let from = parts[0].isEmpty ? Int64.min : Int64(parts[0]), let to = parts[1].isEmpty ? Int64.max : Int64(parts[1]) else {
            throw ValidationError("--steps '\(text)': FROM and TO must be whole numbers")
        }
        guard from <= to else { throw ValidationError("--steps '\(text)': FROM is after TO") }
        return StepRange(from: from, to: to)
    }

    func run() async throws {
        let range = try steps.map(Self.parseSteps)
        let tracking = try store.open()
        let points = try await withClosing(tracking) {
            let run = try await tracking.run(id: runId)
            guard run.metric(metricKey) != nil else {
                let known = run.metrics.map(\.key).sorted().joined(separator: ", ")
                throw CLIError.usage("run \(runId) has no metric '\(metricKey)'" + (known.isEmpty ? "" : " (it has: \(known))"))
            }
            if all { return try await tracking.fullMetricHistory(runId: runId, key: metricKey, steps: range) }
            let sampled = try await tracking.sampledMetricHistory(
                runIds: [runId], key: metricKey, maxPoints: samples ?? MLflowLimits.maxSampledPoints, steps: range)
            return sampled[runId] ?? []
        }
        emit(try Self.render(points, runId: runId, key: metricKey, sampled: !all, format: store.format, width: terminalWidth()))
    }

    static func render(_ points: [Metric], runId: String, key: String, sampled: Bool, format: OutputFormat, width: Int) throws -> String {
        if format == .json { return String(decoding: JSONOutput.history(points, runId: runId, key: key, sampled: sampled), as: UTF8.self) }
        let rows = points.map { [String($0.step), Format.time($0.timestamp), Format.number($0.value)] }
        return TextTable(columns: ["step", "time", "value"], rows: rows, numericColumns: [0, 2]).render(format, width: width)
    }
}
