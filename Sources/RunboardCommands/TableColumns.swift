import Dashboard
import MLflowClient

/// The metric and param columns of the `table` format, in the dashboard's order: the ones it
/// picks (`RunColumns.ranked`, most varying first), then every other key the runs have, which the
/// table adds while they fit.
enum TableColumns {
    /// What a column shows of a run.
    enum Kind: Hashable {
        case metric, param, tag
    }

    /// One column: a metric, param or tag key.
    struct Column: Hashable {
        var kind: Kind
        var key: String
    }

    /// The columns for `runs`, best first; the ranking looks at every run, not a sample.
    static func ordered(_ runs: [Run]) -> [Column] {
        let sample = max(1, runs.count)
        let chosen = RunColumns.ranked(runs, sample: sample).compactMap(column)
        var seen = Set(chosen)
        let rest = RunColumns.available(runs, sample: sample).compactMap(column).filter { seen.insert($0).inserted }
        return chosen + rest
    }

    /// A dashboard column by its qualified name (`metrics.loss`, `params.lr`, `tags.team`), so that
    /// new kinds of column need no change here; nil for a kind the table does not know.
    static func column(_ column: RunColumn) -> Column? {
        let name = column.qualifiedName
        for (prefix, kind) in [("metrics.", Kind.metric), ("params.", .param), ("tags.", .tag)] where name.hasPrefix(prefix) {
            return Column(kind: kind, key: String(name.dropFirst(prefix.count)))
        }
        return nil
    }
}
