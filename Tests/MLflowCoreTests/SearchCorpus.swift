import Foundation
import MLflowCore
import Testing

/// Filters and order_by strings checked against what MLflow's own SQL store did with them
/// (`scripts/search-corpus/generate.py` records it in `SearchCorpus.generated.swift`).
struct SearchCorpus: Decodable {
    struct RunData: Decodable {
        var label: String
        var runId: String
        var runName: String
        var experimentId: String
        var userId: String
        var status: String
        var startTime: Int64?
        var endTime: Int64?
        var artifactUri: String
        var params: [[String]]
        var tags: [[String]]
        var metrics: [MetricData]
        var datasets: [DatasetData]
    }

    struct MetricData: Decodable {
        var key: String
        var value: String
        var timestamp: Int64
        var step: Int64

        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            key = try c.decode(String.self)
            value = try c.decode(String.self)
            timestamp = try c.decode(Int64.self)
            step = try c.decode(Int64.self)
        }
    }

    struct DatasetData: Decodable {
        var name: String
        var digest: String
        var tags: [[String]]

        init(from decoder: Decoder) throws {
            var c = try decoder.unkeyedContainer()
            name = try c.decode(String.self)
            digest = try c.decode(String.self)
            tags = try c.decode([[String]].self)
        }
    }

    struct ValueData: Decodable {
        var none: Bool?
        var list: [String]?
        var number: String?
        var string: String?
    }

    struct ClauseData: Decodable {
        var type: String
        var key: String
        var comparator: String
        var value: ValueData
    }

    struct FilterCase: Decodable {
        var filter: String
        var clauses: [ClauseData]?
        var matches: [String]?
        var error: String?
        /// MLflow glued two clauses written without AND into one nonsense clause.
        var glued: Bool?
    }

    struct OrderKey: Decodable {
        var type: String
        var key: String
        var ascending: Bool
    }

    struct OrderCase: Decodable {
        var orderBy: [String]
        var parsed: [OrderKey]?
        var order: [String]?
        var error: String?
    }

    var mlflowVersion: String
    var runs: [RunData]
    var filters: [FilterCase]
    var orders: [OrderCase]

    static func load() throws -> SearchCorpus {
        try JSONDecoder().decode(SearchCorpus.self, from: Data(searchCorpusJSON.utf8))
    }

    /// The recorded runs as `Run` values, with their labels.
    func builtRuns() throws -> [(label: String, run: Run)] {
        try runs.map { data in
            let status = try #require(RunStatus(rawValue: data.status))
            let info = RunInfo(
                runId: data.runId, runName: data.runName, experimentId: data.experimentId, userId: data.userId,
                status: status, startTime: data.startTime, endTime: data.endTime, artifactUri: data.artifactUri)
            let metrics = try data.metrics.map { m in
                Metric(key: m.key, value: try #require(Double(m.value)), timestamp: m.timestamp, step: m.step)
            }
            let inputs = data.datasets.map { d in
                DatasetInput(dataset: Dataset(name: d.name, digest: d.digest, sourceType: "local", source: "{}"),
                             tags: d.tags.map { KeyValue(key: $0[0], value: $0[1]) })
            }
            return (data.label, Run(info: info, params: data.params.map { KeyValue(key: $0[0], value: $0[1]) },
                                    tags: data.tags.map { KeyValue(key: $0[0], value: $0[1]) },
                                    metrics: metrics, datasetInputs: inputs))
        }
    }

    static func key(_ type: String, _ name: String) -> SearchKey? {
        switch type {
        case "metric": .metric(name)
        case "parameter": .param(name)
        case "tag": .tag(name)
        case "attribute": .attribute(name)
        case "dataset": .dataset(name)
        default: nil
        }
    }

    static func clause(_ data: ClauseData) -> SearchClause? {
        guard let key = key(data.type, data.key), let comparator = Comparator(rawValue: data.comparator) else { return nil }
        let value: SearchValue
        if data.value.none == true {
            value = .none
        } else if let list = data.value.list {
            value = .list(list)
        } else if let number = data.value.number, let parsed = Double(number) {
            value = .number(parsed)
        } else if let string = data.value.string {
            value = .string(string)
        } else {
            return nil
        }
        return SearchClause(key: key, comparator: comparator, value: value)
    }
}
