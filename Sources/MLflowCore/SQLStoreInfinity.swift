/// Undoes the way MLflow's SQL stores keep a logged ±infinity, at the edge of the stores that read them.
///
/// A SQL column cannot hold an infinity, so MLflow's SQL store writes ±1.7976931348623157e308
/// (±`Double.greatestFiniteMagnitude`) in its place (`sanitize_metric_value`,
/// `mlflow/store/tracking/sqlalchemy_store.py:1370-1385`), and a server over such a store sends that
/// number. MLflow's own Python client shows the number as it is: a logged `float("inf")` comes back
/// from `MlflowClient().get_run(id).data.metrics` and `get_metric_history` as `1.7976931348623157e+308`,
/// while a `./mlruns` store keeps and shows `inf`.
///
/// Runboard undoes the encoding once, where values enter from a store: the SQLite store's and the
/// REST store's reads of latest metrics, histories and samples. That is the one place that knows
/// where a value came from; past it, every consumer (the command line's tables and JSON, the
/// dashboard's charts and figures, summaries) sees the infinity that was logged, and the three
/// stores give the same answers, without each consumer having to remember MLflow's encoding.
/// The price: a finite value of exactly ±`greatestFiniteMagnitude` logged to a SQL store also reads
/// as an infinity, but the store itself cannot tell the two apart. Filters and orderings keep
/// comparing as the SQL store does (see `RunMatching` and `RunOrdering`).
public enum SQLStoreInfinity {
    /// The value that was logged: ±infinity for ±`Double.greatestFiniteMagnitude`, anything else as it is.
    @inlinable
    public static func restore(_ value: Double) -> Double {
        if value == .greatestFiniteMagnitude { return .infinity }
        if value == -.greatestFiniteMagnitude { return -.infinity }
        return value
    }
}
