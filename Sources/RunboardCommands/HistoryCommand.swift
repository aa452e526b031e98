import ArgumentParser
import Foundation
import MLflowClient

/// `runboard history`: one metric's history, sampled or complete, or its exact summary.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print a metric's history (sampled, first and last points kept, or complete) or its exact summary.")

    @OptionGroup var store: StoreOptions

    @Argument(help: "The run id.") var runId: String
    @Argument(help: "The metric key.") var metricKey: String

    // Taken as text whatever it looks like, so that `--samples -5` is refused as a bad count rather
    // than read as an unknown option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Sample to at most N points (1 to 2500).", valueName: "n"))
    var samples: String?
    @Flag(help: "Every point, paged 25,000 at a time.") var all = false
    @Flag(help: "The exact count, min, max and best (with their steps) and NaN/infinity counts over the whole history.")
    var summary = false
    @Option(parsing: .unconditional, help: ArgumentHelp("Only steps FROM:TO (inclusive; either side may be left open).", valueName: "from:to"))
    var steps: String?

    func validate() throws {
        if all && samples != nil { throw ValidationError("--samples and --all cannot be used together") }
        if summary && (all || samples != nil || steps != nil) {
            throw ValidationError("--summary covers the whole history: it takes no --samples, --all or --steps")
        }
        if let samples { _ = try Self.parseSamples(samples) }
        if let steps { _ = try Self.parseSteps(steps) }
    }

    /// A sample size from 1 to `MLflowLimits.maxSampledPoints`.
    static func parseSamples(_ text: String) throws -> Int {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let limit = MLflowLimits.maxSampledPoints
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }),
              let count = Int(trimmed) else {
            let digits = trimmed.drop { $0 == "-" || $0 == "+" }
            if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                throw ValidationError("--samples must be from 1 to \(limit), not \(trimmed); use --all for every point")
            }
            let shown = TerminalSafe.sanitize(String(text.prefix(40)))
            throw ValidationError("--samples takes a whole number from 1 to \(limit), not '\(shown)'")
        }
        guard (1...limit).contains(count) else {
            throw ValidationError("--samples must be from 1 to \(limit), not \(count); use --all for every point")
        }
        return count
    }

    static func parseSteps(_ text: String) throws -> StepRange {
        let shown = TerminalSafe.sanitize(String(text.prefix(60)))
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2 else { throw ValidationError("--steps takes FROM:TO, e.g. 0:1000 or -5: or :200, not '\(shown)'") }
        func bound(_ part: String, open: Int64) throws -> Int64 {
            if part.isEmpty { return open }
            guard part.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-" || $0 == "+") }), let value = Int64(part) else {
                let digits = part.dropFirst(part.hasPrefix("-") || part.hasPrefix("+") ? 1 : 0)
                if !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
                    throw ValidationError("--steps '\(shown)': \(part) is out of range (steps are 64-bit integers)")
                }
                throw ValidationError("--steps '\(shown)': FROM and TO must be whole numbers")
            }
            return value
        }
        let from = try bound(parts[0], open: Int64.min)
        let to = try bound(parts[1], open: Int64.max)
        guard from <= to else { throw ValidationError("--steps '\(shown)': FROM is after TO") }
        return StepRange(from: from, to: to)
    }

    func run() async throws {
        let range = try steps.map(Self.parseSteps)
        let count = try samples.map(Self.parseSamples)
        let tracking = try store.open()
        let runId = self.runId, metricKey = self.metricKey, all = self.all, summary = self.summary
        let output = try await withClosing(tracking) { () -> String in
            let run = try await tracking.run(id: runId)
            guard run.metric(metricKey) != nil else {
                let known = run.metrics.map(\.key).sorted().joined(separator: ", ")
                throw CLIError.usage("run \(runId) has no metric '\(metricKey)'" + (known.isEmpty ? "" : " (it has: \(known))"))
            }
            if summary {
                let progress = tracking.summarizesMetricsCheaply ? nil : ReadProgress.onTerminal()
                let result = try await tracking.metricSummary(runId: runId, key: metricKey, progress: progress?.report)
                progress?.finish()
                return try Self.render(result, runId: runId, key: metricKey, format: store.format, width: terminalWidth())
            }
            let points: [Metric]
            if all {
                points = try await tracking.fullMetricHistory(runId: runId, key: metricKey, steps: range)
            } else {
                let sampled = try await tracking.sampledMetricHistory(
                    runIds: [runId], key: metricKey, maxPoints: count ?? MLflowLimits.maxSampledPoints, steps: range)
                points = sampled[runId] ?? []
            }
            return try Self.render(points, runId: runId, key: metricKey, sampled: !all, format: store.format, width: terminalWidth())
        }
        emit(output)
    }

    static func render(_ points: [Metric], runId: String, key: String, sampled: Bool, format: OutputFormat, width: Int) throws -> String {
        if format == .json { return String(decoding: JSONOutput.history(points, runId: runId, key: key, sampled: sampled), as: UTF8.self) }
        let rows = points.map { [String($0.step), Format.time($0.timestamp), Format.number($0.value)] }
        return TextTable(columns: ["step", "time", "value"], rows: rows, numericColumns: [0, 2]).render(format, width: width)
    }

    static func render(_ summary: MetricSummary, runId: String, key: String, format: OutputFormat, width: Int) throws -> String {
        HistorySummaryOutput(summary: summary, runId: runId, key: key).render(format, width: width)
    }
}
