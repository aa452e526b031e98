/// A key and a value, as MLflow stores params and tags.
public struct KeyValue: Sendable, Hashable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// Whether an entity is live or soft-deleted.
public enum LifecycleStage: String, Sendable, Hashable, Codable {
    case active
    case deleted
}

/// Which entities a search returns, by lifecycle stage (MLflow's `ViewType`).
public enum ViewType: String, Sendable, Hashable, Codable, CaseIterable {
    case activeOnly = "ACTIVE_ONLY"
    case deletedOnly = "DELETED_ONLY"
    case all = "ALL"

    /// Whether an entity in `stage` is part of this view.
    public func includes(_ stage: LifecycleStage) -> Bool {
        switch self {
        case .activeOnly: stage == .active
        case .deletedOnly: stage == .deleted
        case .all: true
        }
    }
}

/// An MLflow experiment.
public struct Experiment: Sendable, Hashable, Codable {
    /// Always a string: file stores use 18–19 digit ids, SQL stores small integers.
    public var experimentId: String
    public var name: String
    public var artifactLocation: String
    public var lifecycleStage: LifecycleStage
    /// Milliseconds since the epoch.
    public var creationTime: Int64?
    public var lastUpdateTime: Int64?
    /// Sorted by key.
    public var tags: [KeyValue]

    public init(
        experimentId: String, name: String, artifactLocation: String = "",
        lifecycleStage: LifecycleStage = .active, creationTime: Int64? = nil,
        lastUpdateTime: Int64? = nil, tags: [KeyValue] = []
    ) {
        self.experimentId = experimentId
        self.name = name
        self.artifactLocation = artifactLocation
        self.lifecycleStage = lifecycleStage
        self.creationTime = creationTime
        self.lastUpdateTime = lastUpdateTime
        self.tags = tags
    }

    /// The experiment's description, stored by MLflow as the tag `mlflow.note.content`.
    public var description: String? { tags.value(for: SystemTag.note) }
}

/// A run's status. The file store keeps it as an integer (`rawIndex`).
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case running = "RUNNING"
    case scheduled = "SCHEDULED"
    case finished = "FINISHED"
    case failed = "FAILED"
    case killed = "KILLED"

    /// The integer the file store writes in `meta.yaml`.
    public var fileStoreCode: Int {
        switch self {
        case .running: 1
        case .scheduled: 2
        case .finished: 3
        case .failed: 4
        case .killed: 5
        }
    }

    public init?(fileStoreCode: Int) {
        guard let status = RunStatus.allCases.first(where: { $0.fileStoreCode == fileStoreCode }) else { return nil }
        self = status
    }

    /// Whether the run can still change.
    public var isActive: Bool { self == .running || self == .scheduled }
}

/// Everything about a run except its data.
public struct RunInfo: Sendable, Hashable, Codable {
    public var runId: String
    public var runName: String
    public var experimentId: String
    public var userId: String
    public var status: RunStatus
    /// Milliseconds since the epoch.
    public var startTime: Int64?
    /// Absent while the run is active.
    public var endTime: Int64?
    public var artifactUri: String
    public var lifecycleStage: LifecycleStage

    public init(
        runId: String, runName: String = "", experimentId: String, userId: String = "",
        status: RunStatus = .running, startTime: Int64? = nil, endTime: Int64? = nil,
        artifactUri: String = "", lifecycleStage: LifecycleStage = .active
    ) {
        self.runId = runId
        self.runName = runName
        self.experimentId = experimentId
        self.userId = userId
        self.status = status
        self.startTime = startTime
        self.endTime = endTime
        self.artifactUri = artifactUri
        self.lifecycleStage = lifecycleStage
    }
}

/// One logged value of a metric.
public struct Metric: Sendable, Hashable, Codable {
    public var key: String
    /// May be NaN or ±infinity.
    public var value: Double
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    public var step: Int64

    public init(key: String, value: Double, timestamp: Int64, step: Int64) {
        self.key = key
        self.value = value
        self.timestamp = timestamp
        self.step = step
    }

    /// Bitwise equality, so that two NaN values compare equal (stores are compared in tests).
    public static func == (lhs: Metric, rhs: Metric) -> Bool {
        lhs.key == rhs.key && lhs.timestamp == rhs.timestamp && lhs.step == rhs.step
            && (lhs.value == rhs.value || (lhs.value.isNaN && rhs.value.isNaN))
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(timestamp)
        hasher.combine(step)
        hasher.combine(value.isNaN ? Double.nan.bitPattern : value.bitPattern)
    }
}

/// A dataset as recorded in a run's inputs.
public struct Dataset: Sendable, Hashable, Codable {
    public var name: String
    public var digest: String
    public var sourceType: String
    public var source: String
    public var schema: String?
    public var profile: String?

    public init(name: String, digest: String, sourceType: String, source: String, schema: String? = nil, profile: String? = nil) {
        self.name = name
        self.digest = digest
        self.sourceType = sourceType
        self.source = source
        self.schema = schema
        self.profile = profile
    }
}

/// A dataset used by a run, with the input's tags (such as `mlflow.data.context`).
public struct DatasetInput: Sendable, Hashable, Codable {
    public var dataset: Dataset
    public var tags: [KeyValue]

    public init(dataset: Dataset, tags: [KeyValue] = []) {
        self.dataset = dataset
        self.tags = tags
    }
}

/// A run with its params, tags, latest metrics and inputs.
public struct Run: Sendable, Hashable, Codable {
    public var info: RunInfo
    /// Sorted by key.
    public var params: [KeyValue]
    /// Sorted by key.
    public var tags: [KeyValue]
    /// The latest value of each metric, sorted by key.
    public var metrics: [Metric]
    /// Sorted by dataset name, then digest; each input's tags by key.
    public var datasetInputs: [DatasetInput]
    /// MLflow 3 logged models the run used, sorted by id.
    public var modelInputs: [String]
    /// MLflow 3 logged models the run produced, with the step at which each was logged;
    /// sorted by step, then model id.
    public var modelOutputs: [ModelOutput]

    public init(
        info: RunInfo, params: [KeyValue] = [], tags: [KeyValue] = [], metrics: [Metric] = [],
        datasetInputs: [DatasetInput] = [], modelInputs: [String] = [], modelOutputs: [ModelOutput] = []
    ) {
        self.info = info
        self.params = params
        self.tags = tags
        self.metrics = metrics
        self.datasetInputs = datasetInputs
        self.modelInputs = modelInputs
        self.modelOutputs = modelOutputs
    }

    /// The parent run of a nested run (tag `mlflow.parentRunId`).
    public var parentRunId: String? { tags.value(for: SystemTag.parentRunId) }
    /// The run's markdown note (tag `mlflow.note.content`).
    public var note: String? { tags.value(for: SystemTag.note) }

    public func param(_ key: String) -> String? { params.value(for: key) }
    public func tag(_ key: String) -> String? { tags.value(for: key) }
    public func metric(_ key: String) -> Metric? { metrics.first { $0.key == key } }
}

/// A logged model a run produced.
public struct ModelOutput: Sendable, Hashable, Codable {
    public var modelId: String
    public var step: Int64

    public init(modelId: String, step: Int64) {
        self.modelId = modelId
        self.step = step
    }
}

/// Tag keys MLflow itself sets.
public enum SystemTag {
    public static let runName = "mlflow.runName"
    public static let user = "mlflow.user"
    public static let sourceName = "mlflow.source.name"
    public static let sourceType = "mlflow.source.type"
    public static let gitCommit = "mlflow.source.git.commit"
    public static let gitBranch = "mlflow.source.git.branch"
    public static let gitRepoURL = "mlflow.source.git.repoURL"
    public static let parentRunId = "mlflow.parentRunId"
    public static let note = "mlflow.note.content"
    public static let loggedModels = "mlflow.log-model.history"
}

extension Array where Element == KeyValue {
    /// The value of the first entry with `key`.
    public func value(for key: String) -> String? { first { $0.key == key }?.value }

    /// The entries sorted by key, as every store returns them.
    public func sortedByKey() -> [KeyValue] { sorted { $0.key < $1.key } }
}
