/// An MLflow 3 logged model.
public struct LoggedModel: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pending = "LOGGED_MODEL_PENDING"
        case ready = "LOGGED_MODEL_READY"
        case uploadFailed = "LOGGED_MODEL_UPLOAD_FAILED"
        case unspecified = "LOGGED_MODEL_STATUS_UNSPECIFIED"
    }

    public var modelId: String
    public var experimentId: String
    public var name: String
    public var artifactUri: String
    public var creationTimestamp: Int64?
    public var lastUpdatedTimestamp: Int64?
    public var status: Status
    public var modelType: String?
    public var sourceRunId: String?
    public var params: [KeyValue]
    public var tags: [KeyValue]

    public init(
        modelId: String, experimentId: String, name: String, artifactUri: String = "",
        creationTimestamp: Int64? = nil, lastUpdatedTimestamp: Int64? = nil, status: Status = .unspecified,
        modelType: String? = nil, sourceRunId: String? = nil, params: [KeyValue] = [], tags: [KeyValue] = []
    ) {
        self.modelId = modelId
        self.experimentId = experimentId
        self.name = name
        self.artifactUri = artifactUri
        self.creationTimestamp = creationTimestamp
        self.lastUpdatedTimestamp = lastUpdatedTimestamp
        self.status = status
        self.modelType = modelType
        self.sourceRunId = sourceRunId
        self.params = params
        self.tags = tags
    }
}

/// A model in the model registry.
public struct RegisteredModel: Sendable, Hashable, Codable {
    public var name: String
    public var creationTimestamp: Int64?
    public var lastUpdatedTimestamp: Int64?
    public var description: String
    public var tags: [KeyValue]
    /// Alias to version, sorted by alias.
    public var aliases: [ModelAlias]

    public init(
        name: String, creationTimestamp: Int64? = nil, lastUpdatedTimestamp: Int64? = nil,
        description: String = "", tags: [KeyValue] = [], aliases: [ModelAlias] = []
    ) {
        self.name = name
        self.creationTimestamp = creationTimestamp
        self.lastUpdatedTimestamp = lastUpdatedTimestamp
        self.description = description
        self.tags = tags
        self.aliases = aliases
    }
}

/// A registry alias such as `champion -> 2`.
public struct ModelAlias: Sendable, Hashable, Codable {
    public var alias: String
    public var version: String

    public init(alias: String, version: String) {
        self.alias = alias
        self.version = version
    }
}

/// One version of a registered model.
public struct ModelVersion: Sendable, Hashable, Codable {
    public var name: String
    /// A string in MLflow's API, an integer in its stores.
    public var version: String
    public var creationTimestamp: Int64?
    public var lastUpdatedTimestamp: Int64?
    public var description: String
    public var userId: String
    public var currentStage: String
    public var source: String
    public var runId: String?
    public var status: String
    public var tags: [KeyValue]
    public var aliases: [String]
    /// The MLflow 3 logged model behind the version.
    public var modelId: String?

    public init(
        name: String, version: String, creationTimestamp: Int64? = nil, lastUpdatedTimestamp: Int64? = nil,
        description: String = "", userId: String = "", currentStage: String = "None", source: String = "",
        runId: String? = nil, status: String = "READY", tags: [KeyValue] = [], aliases: [String] = [],
        modelId: String? = nil
    ) {
        self.name = name
        self.version = version
        self.creationTimestamp = creationTimestamp
        self.lastUpdatedTimestamp = lastUpdatedTimestamp
        self.description = description
        self.userId = userId
        self.currentStage = currentStage
        self.source = source
        self.runId = runId
        self.status = status
        self.tags = tags
        self.aliases = aliases
        self.modelId = modelId
    }
}
