/// Write access to MLflow tracking data, for `runboard track` and Swift programs.
public protocol TrackingWriter: Sendable {
    /// The experiment with this name, created (with `artifactLocation` and `tags`) when there is none.
    /// A deleted experiment of that name is an error, as in MLflow.
    func getOrCreateExperiment(name: String, artifactLocation: String?, tags: [KeyValue]) async throws -> Experiment

    /// Starts a run. An empty `runName` lets the store pick one.
    func createRun(experimentId: String, runName: String, startTime: Int64, userId: String, tags: [KeyValue]) async throws -> RunInfo

    /// Logs metrics, params and tags, split into requests within MLflow's limits.
    func logBatch(runId: String, metrics: [Metric], params: [KeyValue], tags: [KeyValue]) async throws

    /// Changes a run's status, end time or name (nil leaves a field as it is).
    func updateRun(runId: String, status: RunStatus?, endTime: Int64?, runName: String?) async throws

    /// Uploads one local file as the run artifact `artifactPath` (a `/`-separated relative path).
    func uploadArtifact(runId: String, localFile: String, artifactPath: String) async throws
}

/// One request's worth of a log batch.
public struct LogBatch: Sendable, Hashable {
    public var metrics: [Metric] = []
    public var params: [KeyValue] = []
    public var tags: [KeyValue] = []

    public init(metrics: [Metric] = [], params: [KeyValue] = [], tags: [KeyValue] = []) {
        self.metrics = metrics
        self.params = params
        self.tags = tags
    }

    var count: Int { metrics.count + params.count + tags.count }

    /// Splits entities into batches within MLflow's per-request limits (1000 metrics, 100 params,
    /// 100 tags, 1000 in all), params and tags first, in the given order.
    public static func split(metrics: [Metric], params: [KeyValue], tags: [KeyValue]) -> [LogBatch] {
        var batches: [LogBatch] = []
        var current = LogBatch()
        func flushIfFull(_ full: Bool) {
            if full {
                batches.append(current)
                current = LogBatch()
            }
        }
        for param in params {
            flushIfFull(current.params.count == MLflowLimits.maxParamsPerBatch || current.count == MLflowLimits.maxEntitiesPerBatch)
            current.params.append(param)
        }
        for tag in tags {
            flushIfFull(current.tags.count == MLflowLimits.maxTagsPerBatch || current.count == MLflowLimits.maxEntitiesPerBatch)
            current.tags.append(tag)
        }
        for metric in metrics {
            flushIfFull(current.metrics.count == MLflowLimits.maxMetricsPerBatch || current.count == MLflowLimits.maxEntitiesPerBatch)
            current.metrics.append(metric)
        }
        if current.count > 0 { batches.append(current) }
        return batches
    }

    /// Checks keys and values against MLflow's limits, naming the offending key, so that nothing
    /// is rejected by the server half-way or truncated without a word.
    public static func validate(metrics: [Metric], params: [KeyValue], tags: [KeyValue]) throws {
        func checkKey(_ key: String, _ kind: String) throws {
            if key.isEmpty { throw MLflowError.invalidArgument("\(kind) key is empty") }
            if key.count > MLflowLimits.maxKeyLength {
                throw MLflowError.invalidArgument("\(kind) key '\(key.prefix(40))…' is \(key.count) characters; MLflow allows \(MLflowLimits.maxKeyLength)")
            }
        }
        for metric in metrics {
            try checkKey(metric.key, "metric")
            if metric.timestamp < 0 { throw MLflowError.invalidArgument("metric '\(metric.key)' has a negative timestamp") }
        }
        for param in params {
            try checkKey(param.key, "param")
            if param.value.count > MLflowLimits.maxParamValueLength {
                throw MLflowError.invalidArgument(
                    "param '\(param.key)' value is \(param.value.count) characters; MLflow allows \(MLflowLimits.maxParamValueLength)")
            }
        }
        for tag in tags {
            try checkKey(tag.key, "tag")
            if tag.value.count > MLflowLimits.maxTagValueLength {
                throw MLflowError.invalidArgument(
                    "tag '\(tag.key)' value is \(tag.value.count) characters; MLflow allows \(MLflowLimits.maxTagValueLength)")
            }
        }
    }
}
