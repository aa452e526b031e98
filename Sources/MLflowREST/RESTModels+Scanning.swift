import Foundation

/// A response type `JSONScanner` can read directly. Each reader mirrors its type's `Decodable`
/// conformance: unknown keys skipped, null or a missing key as nil for optional fields, and a
/// throw wherever `JSONDecoder` would throw (a missing required field, a wrong type).
protocol JSONScannable: Decodable {
    init(scanning scanner: inout JSONScanner) throws
}

extension JSONScanner {
    mutating func read<T: JSONScannable>(_ type: T.Type) throws -> T {
        try T(scanning: &self)
    }

    mutating func readOptional<T: JSONScannable>(_ type: T.Type) throws -> T? {
        if try readNull() { return nil }
        return try T(scanning: &self)
    }

    mutating func readList<T: JSONScannable>(_ type: T.Type) throws -> [T]? {
        try readArray { try T(scanning: &$0) }
    }

    mutating func required<T>(_ value: T?, _ name: String) throws -> T {
        guard let value else { throw failure("no '\(name)'") }
        return value
    }
}

extension JSONInt64: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        value = try scanner.readInt64()
    }
}

extension JSONDouble: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        value = try scanner.readDouble()
    }
}

extension KeyValueDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        var key: String?
        var value: String?
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("key") { key = try scanner.readOptionalString() }
            else if name.matches("value") { value = try scanner.readOptionalString() }
            else { try scanner.skipValue() }
        }
        self.init(key: try scanner.required(key, "key"), value: value)
    }
}

extension MetricDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        var key: String?
        var value: JSONDouble?
        var timestamp: JSONInt64?
        var step: JSONInt64?
        var runId: String?
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("key") { key = try scanner.readOptionalString() }
            else if name.matches("value") { value = try scanner.readOptional(JSONDouble.self) }
            else if name.matches("timestamp") { timestamp = try scanner.readOptional(JSONInt64.self) }
            else if name.matches("step") { step = try scanner.readOptional(JSONInt64.self) }
            else if name.matches("run_id") { runId = try scanner.readOptionalString() }
            else { try scanner.skipValue() }
        }
        self.init(key: try scanner.required(key, "key"), value: value, timestamp: timestamp, step: step, run_id: runId)
    }
}

extension RunInfoDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("run_id") { run_id = try scanner.readOptionalString() }
            else if name.matches("run_uuid") { run_uuid = try scanner.readOptionalString() }
            else if name.matches("run_name") { run_name = try scanner.readOptionalString() }
            else if name.matches("experiment_id") { experiment_id = try scanner.readOptionalString() }
            else if name.matches("user_id") { user_id = try scanner.readOptionalString() }
            else if name.matches("status") { status = try scanner.readOptionalString() }
            else if name.matches("start_time") { start_time = try scanner.readOptional(JSONInt64.self) }
            else if name.matches("end_time") { end_time = try scanner.readOptional(JSONInt64.self) }
            else if name.matches("artifact_uri") { artifact_uri = try scanner.readOptionalString() }
            else if name.matches("lifecycle_stage") { lifecycle_stage = try scanner.readOptionalString() }
            else { try scanner.skipValue() }
        }
    }
}

extension RunDataDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("metrics") { metrics = try scanner.readList(MetricDTO.self) }
            else if name.matches("params") { params = try scanner.readList(KeyValueDTO.self) }
            else if name.matches("tags") { tags = try scanner.readList(KeyValueDTO.self) }
            else { try scanner.skipValue() }
        }
    }
}

extension DatasetDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("name") { self.name = try scanner.readOptionalString() }
            else if name.matches("digest") { digest = try scanner.readOptionalString() }
            else if name.matches("source_type") { source_type = try scanner.readOptionalString() }
            else if name.matches("source") { source = try scanner.readOptionalString() }
            else if name.matches("schema") { schema = try scanner.readOptionalString() }
            else if name.matches("profile") { profile = try scanner.readOptionalString() }
            else { try scanner.skipValue() }
        }
    }
}

extension DatasetInputDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("tags") { tags = try scanner.readList(KeyValueDTO.self) }
            else if name.matches("dataset") { dataset = try scanner.readOptional(DatasetDTO.self) }
            else { try scanner.skipValue() }
        }
    }
}

extension ModelInputDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        var modelId: String?
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("model_id") { modelId = try scanner.readOptionalString() } else { try scanner.skipValue() }
        }
        self.init(model_id: try scanner.required(modelId, "model_id"))
    }
}

extension ModelOutputDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        var modelId: String?
        var step: JSONInt64?
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("model_id") { modelId = try scanner.readOptionalString() }
            else if name.matches("step") { step = try scanner.readOptional(JSONInt64.self) }
            else { try scanner.skipValue() }
        }
        self.init(model_id: try scanner.required(modelId, "model_id"), step: step)
    }
}

extension RunInputsDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("dataset_inputs") { dataset_inputs = try scanner.readList(DatasetInputDTO.self) }
            else if name.matches("model_inputs") { model_inputs = try scanner.readList(ModelInputDTO.self) }
            else { try scanner.skipValue() }
        }
    }
}

extension RunOutputsDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("model_outputs") { model_outputs = try scanner.readList(ModelOutputDTO.self) } else { try scanner.skipValue() }
        }
    }
}

extension RunDTO: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        var info: RunInfoDTO?
        var data: RunDataDTO?
        var inputs: RunInputsDTO?
        var outputs: RunOutputsDTO?
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("info") { info = try scanner.readOptional(RunInfoDTO.self) }
            else if name.matches("data") { data = try scanner.readOptional(RunDataDTO.self) }
            else if name.matches("inputs") { inputs = try scanner.readOptional(RunInputsDTO.self) }
            else if name.matches("outputs") { outputs = try scanner.readOptional(RunOutputsDTO.self) }
            else { try scanner.skipValue() }
        }
        self.init(info: try scanner.required(info, "info"), data: data, inputs: inputs, outputs: outputs)
    }
}

extension SearchRunsResponse: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("runs") { runs = try scanner.readList(RunDTO.self) }
            else if name.matches("next_page_token") { next_page_token = try scanner.readOptionalString() }
            else { try scanner.skipValue() }
        }
    }
}

extension GetRunResponse: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        var run: RunDTO?
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("run") { run = try scanner.readOptional(RunDTO.self) } else { try scanner.skipValue() }
        }
        self.init(run: try scanner.required(run, "run"))
    }
}

extension MetricHistoryResponse: JSONScannable {
    init(scanning scanner: inout JSONScanner) throws {
        self.init()
        var cursor = try scanner.beginObject()
        while let name = try scanner.nextKey(&cursor) {
            if name.matches("metrics") { metrics = try scanner.readList(MetricDTO.self) }
            else if name.matches("next_page_token") { next_page_token = try scanner.readOptionalString() }
            else { try scanner.skipValue() }
        }
    }
}
