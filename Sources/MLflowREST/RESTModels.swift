import Foundation
import MLflowCore

// The JSON MLflow's server sends: snake_case, int64 as JSON numbers, unset fields omitted,
// NaN and infinities as the strings "NaN", "Infinity", "-Infinity".

/// A double that may arrive as a number or as "NaN" / "Infinity" / "-Infinity".
struct JSONDouble: Decodable {
    var value: Double

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Double.self) {
            value = number
            return
        }
        let text = try container.decode(String.self)
        switch text {
        case "NaN", "nan": value = .nan
        case "Infinity", "inf": value = .infinity
        case "-Infinity", "-inf": value = -.infinity
        default:
            guard let parsed = Double(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(text)")
            }
            value = parsed
        }
    }
}

/// An int64 that may arrive as a number or, from proxies that follow protobuf's JSON mapping, a string.
struct JSONInt64: Decodable {
    var value: Int64

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int64.self) {
            value = number
            return
        }
        let text = try container.decode(String.self)
        guard let parsed = Int64(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an integer: \(text)")
        }
        value = parsed
    }
}

struct KeyValueDTO: Decodable {
    var key: String
    var value: String?

    var model: KeyValue { KeyValue(key: key, value: value ?? "") }
}

struct ExperimentDTO: Decodable {
    var experiment_id: String
    var name: String?
    var artifact_location: String?
    var lifecycle_stage: String?
    var creation_time: JSONInt64?
    var last_update_time: JSONInt64?
    var tags: [KeyValueDTO]?

    var model: Experiment {
        Experiment(
            experimentId: experiment_id, name: name ?? "", artifactLocation: artifact_location ?? "",
            lifecycleStage: LifecycleStage(rawValue: lifecycle_stage ?? "active") ?? .active,
            creationTime: creation_time?.value, lastUpdateTime: last_update_time?.value,
            tags: (tags ?? []).map(\.model).sortedByKey()
        )
    }
}

struct MetricDTO: Decodable {
    var key: String
    var value: JSONDouble?
    var timestamp: JSONInt64?
    var step: JSONInt64?
    var run_id: String?

    /// The metric as logged: a server over a SQL store sends a logged ±infinity as
    /// ±1.7976931348623157e308, which is turned back into the infinity (see `SQLStoreInfinity`).
    var model: Metric {
        Metric(key: key, value: SQLStoreInfinity.restore(value?.value ?? 0), timestamp: timestamp?.value ?? 0, step: step?.value ?? 0)
    }
}

struct RunInfoDTO: Decodable {
    var run_id: String?
    var run_uuid: String?
    var run_name: String?
    var experiment_id: String?
    var user_id: String?
    var status: String?
    var start_time: JSONInt64?
    var end_time: JSONInt64?
    var artifact_uri: String?
    var lifecycle_stage: String?
}

struct RunDataDTO: Decodable {
    var metrics: [MetricDTO]?
    var params: [KeyValueDTO]?
    var tags: [KeyValueDTO]?
}

struct DatasetDTO: Decodable {
    var name: String?
    var digest: String?
    var source_type: String?
    var source: String?
    var schema: String?
    var profile: String?
}

struct DatasetInputDTO: Decodable {
    var tags: [KeyValueDTO]?
    var dataset: DatasetDTO?
}

struct ModelInputDTO: Decodable {
    var model_id: String
}

struct ModelOutputDTO: Decodable {
    var model_id: String
    var step: JSONInt64?
}

struct RunInputsDTO: Decodable {
    var dataset_inputs: [DatasetInputDTO]?
    var model_inputs: [ModelInputDTO]?
}

struct RunOutputsDTO: Decodable {
    var model_outputs: [ModelOutputDTO]?
}

struct RunDTO: Decodable {
    var info: RunInfoDTO
    var data: RunDataDTO?
    var inputs: RunInputsDTO?
    var outputs: RunOutputsDTO?

    func model() throws -> Run {
        guard let runId = info.run_id ?? info.run_uuid else {
            throw MLflowError.malformedResponse("a run without run_id")
        }
        let status = RunStatus(rawValue: info.status ?? "RUNNING") ?? .running
        let runInfo = RunInfo(
            runId: runId, runName: info.run_name ?? "", experimentId: info.experiment_id ?? "",
            userId: info.user_id ?? "", status: status, startTime: info.start_time?.value,
            endTime: info.end_time?.value, artifactUri: info.artifact_uri ?? "",
            lifecycleStage: LifecycleStage(rawValue: info.lifecycle_stage ?? "active") ?? .active
        )
        let datasets = (inputs?.dataset_inputs ?? []).map { input in
            let d = input.dataset
            return DatasetInput(
                dataset: Dataset(
                    name: d?.name ?? "", digest: d?.digest ?? "", sourceType: d?.source_type ?? "",
                    source: d?.source ?? "", schema: d?.schema, profile: d?.profile),
                tags: (input.tags ?? []).map(\.model).sortedByKey())
        }
        return Run(
            info: runInfo,
            params: (data?.params ?? []).map(\.model).sortedByKey(),
            tags: (data?.tags ?? []).map(\.model).sortedByKey(),
            metrics: (data?.metrics ?? []).map(\.model).sorted { $0.key < $1.key },
            datasetInputs: datasets.sorted { ($0.dataset.name, $0.dataset.digest) < ($1.dataset.name, $1.dataset.digest) },
            modelInputs: (inputs?.model_inputs ?? []).map(\.model_id).sorted(),
            modelOutputs: (outputs?.model_outputs ?? []).map { ModelOutput(modelId: $0.model_id, step: $0.step?.value ?? 0) }
                .sorted { ($0.step, $0.modelId) < ($1.step, $1.modelId) }
        )
    }
}

struct SearchExperimentsResponse: Decodable {
    var experiments: [ExperimentDTO]?
    var next_page_token: String?
}

struct GetExperimentResponse: Decodable {
    var experiment: ExperimentDTO
}

struct SearchRunsResponse: Decodable {
    var runs: [RunDTO]?
    var next_page_token: String?
}

struct GetRunResponse: Decodable {
    var run: RunDTO
}

struct MetricHistoryResponse: Decodable {
    var metrics: [MetricDTO]?
    var next_page_token: String?
}

struct FileInfoDTO: Decodable {
    var path: String
    var is_dir: Bool?
    var file_size: JSONInt64?
}

struct ListArtifactsResponse: Decodable {
    var root_uri: String?
    var files: [FileInfoDTO]?
    var next_page_token: String?
}

struct LoggedModelInfoDTO: Decodable {
    var model_id: String
    var experiment_id: String?
    var name: String?
    var creation_timestamp_ms: JSONInt64?
    var last_updated_timestamp_ms: JSONInt64?
    var artifact_uri: String?
    var status: String?
    var model_type: String?
    var source_run_id: String?
    var tags: [KeyValueDTO]?
}

struct LoggedModelDataDTO: Decodable {
    var params: [KeyValueDTO]?
}

struct LoggedModelDTO: Decodable {
    var info: LoggedModelInfoDTO
    var data: LoggedModelDataDTO?

    var model: LoggedModel {
        LoggedModel(
            modelId: info.model_id, experimentId: info.experiment_id ?? "", name: info.name ?? "",
            artifactUri: info.artifact_uri ?? "", creationTimestamp: info.creation_timestamp_ms?.value,
            lastUpdatedTimestamp: info.last_updated_timestamp_ms?.value,
            status: LoggedModel.Status(rawValue: info.status ?? "") ?? .unspecified,
            modelType: info.model_type, sourceRunId: info.source_run_id,
            params: (data?.params ?? []).map(\.model).sortedByKey(),
            tags: (info.tags ?? []).map(\.model).sortedByKey())
    }
}

struct SearchLoggedModelsResponse: Decodable {
    var models: [LoggedModelDTO]?
    var next_page_token: String?
}

struct GetLoggedModelResponse: Decodable {
    var model: LoggedModelDTO
}

struct AliasDTO: Decodable {
    var alias: String
    var version: String
}

struct RegisteredModelDTO: Decodable {
    var name: String
    var creation_timestamp: JSONInt64?
    var last_updated_timestamp: JSONInt64?
    var description: String?
    var tags: [KeyValueDTO]?
    var aliases: [AliasDTO]?

    var model: RegisteredModel {
        RegisteredModel(
            name: name, creationTimestamp: creation_timestamp?.value, lastUpdatedTimestamp: last_updated_timestamp?.value,
            description: description ?? "", tags: (tags ?? []).map(\.model).sortedByKey(),
            aliases: (aliases ?? []).map { ModelAlias(alias: $0.alias, version: $0.version) }.sorted { $0.alias < $1.alias })
    }
}

struct SearchRegisteredModelsResponse: Decodable {
    var registered_models: [RegisteredModelDTO]?
    var next_page_token: String?
}

struct GetRegisteredModelResponse: Decodable {
    var registered_model: RegisteredModelDTO
}

struct ModelVersionDTO: Decodable {
    var name: String
    var version: String
    var creation_timestamp: JSONInt64?
    var last_updated_timestamp: JSONInt64?
    var description: String?
    var user_id: String?
    var current_stage: String?
    var source: String?
    var run_id: String?
    var status: String?
    var tags: [KeyValueDTO]?
    var aliases: [String]?
    var model_id: String?

    var model: ModelVersion {
        ModelVersion(
            name: name, version: version, creationTimestamp: creation_timestamp?.value,
            lastUpdatedTimestamp: last_updated_timestamp?.value, description: description ?? "",
            userId: user_id ?? "", currentStage: current_stage ?? "None", source: source ?? "",
            runId: (run_id?.isEmpty ?? true) ? nil : run_id, status: status ?? "READY",
            tags: (tags ?? []).map(\.model).sortedByKey(), aliases: (aliases ?? []).sorted(),
            modelId: (model_id?.isEmpty ?? true) ? nil : model_id)
    }
}

struct SearchModelVersionsResponse: Decodable {
    var model_versions: [ModelVersionDTO]?
    var next_page_token: String?
}

struct CreateExperimentResponse: Decodable {
    var experiment_id: String
}

struct CreateRunResponse: Decodable {
    var run: RunDTO
}
