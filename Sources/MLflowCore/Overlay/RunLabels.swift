/// Names for runs shown together (a legend, a table header): the run's name, its short id when it
/// has none, the experiment's name when the runs come from several, and a short id where names
/// still collide; the same labels as a comparison's column headers.
public enum RunLabels {
    /// One label per run, in order.
    public static func labels(_ runs: [ComparedRun]) -> [String] {
        ComparisonHeaders.columns(runs).map(\.header)
    }
}
