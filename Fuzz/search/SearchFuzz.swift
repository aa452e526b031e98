// MLflow run filters and order-by strings: parsed, then a parsed filter is evaluated against a few
// fixed runs and a parsed order sorts them, so the evaluator and the ordering are fuzzed too.
// The input is one filter; its lines are also read as a list of order-by entries.
import MLflowCore

let runs: [Run] = [
    Run(
        info: RunInfo(
            runId: "a1", runName: "alpha", experimentId: "1", userId: "ana", status: .finished,
            startTime: 1_000, endTime: 61_000, artifactUri: "file:///a/a1"),
        params: [KeyValue(key: "lr", value: "0.01"), KeyValue(key: "model", value: "cnn")],
        tags: [KeyValue(key: "mlflow.runName", value: "alpha"), KeyValue(key: "team", value: "it's")],
        metrics: [
            Metric(key: "acc", value: 0.9, timestamp: 5, step: 1), Metric(key: "loss", value: .nan, timestamp: 5, step: 1),
            Metric(key: "x y", value: -.infinity, timestamp: 5, step: 0),
        ],
        datasetInputs: [DatasetInput(dataset: Dataset(name: "train", digest: "d1", sourceType: "local", source: "/d"),
                                     tags: [KeyValue(key: "mlflow.data.context", value: "training")])]),
    Run(
        info: RunInfo(
            runId: "b2", runName: "", experimentId: "2", userId: "", status: .running,
            startTime: nil, endTime: nil, artifactUri: "", lifecycleStage: .deleted),
        params: [KeyValue(key: "lr", value: "1e-3")],
        metrics: [Metric(key: "acc", value: 0.95, timestamp: 7, step: 2), Metric(key: "loss", value: .infinity, timestamp: 7, step: 2)]),
    Run(
        info: RunInfo(
            runId: "c3", runName: "Ünïcode 名前", experimentId: "1", userId: "bo", status: .failed,
            startTime: -5, endTime: 0, artifactUri: "s3://b/c3"),
        tags: [KeyValue(key: "mlflow.parentRunId", value: "a1")],
        metrics: [Metric(key: "acc", value: -0.0, timestamp: 1, step: -1)]),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self)
    if let filter = try? SearchFilter.parse(text) {
        for run in runs { _ = filter.matches(run) }
    }
    var orders: [OrderBy] = []
    if let order = try? OrderBy.parse(text) { orders.append(order) }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if lines.count > 1, let list = try? OrderBy.parseList(lines) { orders += list }
    if !orders.isEmpty {
        let sorted = RunOrdering.sort(runs, by: orders)
        let indices = RunOrdering.sortedIndices(Array(runs.indices), of: runs, by: orders)
        if sorted.map(\.info.runId) != indices.map({ runs[$0].info.runId }) {
            fatalError("RunOrdering.sort and sortedIndices disagree for \(String(reflecting: text))")
        }
    }
    return 0
}
