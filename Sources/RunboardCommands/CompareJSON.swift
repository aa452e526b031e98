import MLflowClient

/// The JSON of `runboard compare`: keys sorted, values exact, NaN and infinities as MLflow's strings.
///
/// `{"at_step", "baseline_run_id", "metric_value", "runs": [{"experiment_id", "experiment_name",
/// "header", "run_id", "run_name"}], "sections": [{"hidden_equal_rows", "name", "rows": [{"differs",
/// "equal_as_numbers", "key", "values"}]}]}`; metric rows add `best_columns`, `better` and, per run,
/// `changes` (`{"absolute", "relative", "verdict"}` or null) and `steps`. `values` follow `runs`: a
/// string, a number, times and durations in milliseconds, null where the run has no value.
enum CompareJSON {
    static func bytes(_ comparison: RunComparison) -> [UInt8] {
        var w = JSONWriter()
        w.beginObject()
        w.key("at_step"); w.optionalInt(comparison.metricValue.step)
        w.key("baseline_run_id"); w.optionalString(comparison.baselineColumn.map { comparison.columns[$0].runId })
        w.key("metric_value"); w.string(comparison.metricValue.name)
        w.key("runs")
        w.beginArray()
        for column in comparison.columns {
            w.beginObject()
            w.key("experiment_id"); w.string(column.experimentId)
            w.key("experiment_name"); w.optionalString(column.experimentName)
            w.key("header"); w.string(column.header)
            w.key("run_id"); w.string(column.runId)
            w.key("run_name"); w.string(column.runName)
            w.endObject()
        }
        w.endArray()
        w.key("sections")
        w.beginArray()
        for section in comparison.sections {
            w.beginObject()
            w.key("hidden_equal_rows"); w.int(Int64(section.hiddenEqualRows))
            w.key("name"); w.string(section.kind.rawValue)
            w.key("rows")
            w.beginArray()
            for row in section.rows { write(row, to: &w) }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return w.bytes
    }

    static func write(_ row: ComparisonRow, to w: inout JSONWriter) {
        w.beginObject()
        if let metric = row.metric {
            w.key("best_columns")
            w.beginArray()
            for column in metric.bestColumns { w.int(Int64(column)) }
            w.endArray()
            w.key("better"); w.string(metric.goal.rawValue)
            w.key("changes")
            w.beginArray()
            for change in metric.changes {
                guard let change else { w.null(); continue }
                w.beginObject()
                w.key("absolute"); w.double(change.absolute)
                w.key("relative")
                if let relative = change.relative { w.double(relative) } else { w.null() }
                w.key("verdict"); w.optionalString(change.verdict?.rawValue)
                w.endObject()
            }
            w.endArray()
        }
        w.key("differs"); w.bool(row.differs)
        w.key("equal_as_numbers"); w.bool(row.equalAsNumbers)
        w.key("key"); w.string(row.key)
        if let metric = row.metric {
            w.key("steps")
            w.beginArray()
            for step in metric.steps { w.optionalInt(step) }
            w.endArray()
        }
        w.key("values")
        w.beginArray()
        for cell in row.cells {
            switch cell {
            case .missing: w.null()
            case .text(let text): w.string(text)
            case .number(let value): w.double(value)
            case .time(let millis), .duration(let millis): w.int(millis)
            }
        }
        w.endArray()
        w.endObject()
    }
}
