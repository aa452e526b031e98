import MLflowCore

/// MLflow's SQL stores, and so a server over one, keep a logged ±infinity as ±`Double.greatestFiniteMagnitude`
/// (1.8e308). The dashboard shows them as the infinities they were logged as, so that a chart's scale,
/// a sparkline, min, max and the step of the best value are not ruled by them.
enum Infinities {
    static func restore(_ value: Double) -> Double {
        if value == .greatestFiniteMagnitude { return .infinity }
        if value == -.greatestFiniteMagnitude { return -.infinity }
        return value
    }

    static func restore(_ metrics: [Metric]) -> [Metric] {
        guard metrics.contains(where: { abs($0.value) == .greatestFiniteMagnitude }) else { return metrics }
        return metrics.map { metric in
            var copy = metric
            copy.value = restore(metric.value)
            return copy
        }
    }

    static func restore(_ run: Run) -> Run {
        var copy = run
        copy.metrics = restore(run.metrics)
        return copy
    }

    static func restore(_ runs: [Run]) -> [Run] {
        guard runs.contains(where: { run in run.metrics.contains { abs($0.value) == .greatestFiniteMagnitude } }) else { return runs }
        return runs.map(restore)
    }
}
