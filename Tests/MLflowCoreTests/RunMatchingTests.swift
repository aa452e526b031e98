import MLflowCore
import Testing

private func run(
    _ id: String, name: String = "", status: RunStatus = .finished, start: Int64? = 1_000, end: Int64? = nil,
    metrics: [String: Double] = [:], params: [String: String] = [:], tags: [String: String] = [:],
    datasets: [(String, String, String?)] = []
) -> Run {
    var allTags = tags
    if !name.isEmpty { allTags[SystemTag.runName] = name }
    return Run(
        info: RunInfo(runId: id, runName: name, experimentId: "1", userId: "alice", status: status,
                      startTime: start, endTime: end, artifactUri: "file:///tmp/\(id)"),
        params: params.map { KeyValue(key: $0.key, value: $0.value) }.sortedByKey(),
        tags: allTags.map { KeyValue(key: $0.key, value: $0.value) }.sortedByKey(),
        metrics: metrics.map { Metric(key: $0.key, value: $0.value, timestamp: 1, step: 0) }.sorted { $0.key < $1.key },
        datasetInputs: datasets.map { name, digest, context in
            DatasetInput(dataset: Dataset(name: name, digest: digest, sourceType: "local", source: "x"),
                         tags: context.map { [KeyValue(key: "mlflow.data.context", value: $0)] } ?? [])
        })
}

private let runs: [Run] = [
    run("a", name: "alpha", metrics: ["m": 1, "z": 0], params: ["p": "Adam", "u": "é"], tags: ["t": "50%_off"],
        datasets: [("train", "d1", "training"), ("extra", "d2", nil)]),
    run("b", name: "beta", status: .running, start: 2_000, metrics: ["m": .nan, "z": .nan], params: ["p": "adam", "u": "e\u{301}"],
        tags: ["t": "line1\nline2"]),
    run("c", name: "Gamma", status: .failed, start: nil, end: 5, metrics: ["m": .infinity, "z": -0.0], params: ["p": "ÉQUIPE"],
        tags: ["t": "C:\\dir"]),
    run("d", name: "delta", metrics: ["m": -.infinity], params: ["p": ""], tags: ["t": "a_b"], datasets: [("Train", "D1", "eval")]),
    run("e"),
]

/// Filters and the ids of the runs they keep, following the SQL store's rules.
private let table: [(String, [String])] = [
    ("metrics.m > 0", ["a", "c"]),
    ("metrics.m != 1", ["b", "c", "d"]),
    ("metrics.m = 1", ["a"]),
    ("metrics.z = 0", ["a", "c"]),
    ("metrics.z != 0", ["b"]),
    ("metrics.z >= 0", ["a", "c"]),
    ("metrics.m >= 1.7976931348623157e308", ["c"]),
    ("metrics.m < 1e999", ["a", "c", "d"]),
    ("metrics.m > -1e999", ["a", "c", "d"]),
    ("metrics.m <= -1.7976931348623157e308", ["d"]),
    ("metrics.missing != 0", []),
    ("params.p = 'Adam'", ["a"]),
    ("params.p != 'Adam'", ["b", "c", "d"]),
    ("params.p LIKE 'a%'", ["b"]),
    ("params.p ILIKE 'a%'", ["a", "b"]),
    ("params.p ILIKE 'équipe'", []),
    ("params.p ILIKE 'ÉQUIPE'", ["c"]),
    ("params.p LIKE '_QUIPE'", ["c"]),
    ("params.p = ''", ["d"]),
    ("params.p LIKE '%'", ["a", "b", "c", "d"]),
    ("params.p IS NULL", ["e"]),
    ("params.p IS NOT NULL", ["a", "b", "c", "d"]),
    ("params.u = 'é'", ["a"]),
    ("params.u = 'e\u{301}'", ["b"]),
    ("params.u LIKE '_'", ["a"]),
    ("params.u LIKE '__'", ["b"]),
    ("tags.t LIKE '50\\%%'", []),
    ("tags.t LIKE '50%\\_off'", []),
    ("tags.t LIKE '50%_off'", ["a"]),
    ("tags.t LIKE 'a_b'", ["d"]),
    ("tags.t LIKE 'line1_line2'", ["b"]),
    ("tags.t LIKE '%2'", ["b"]),
    ("tags.t = 'C:\\dir'", ["c"]),
    ("tags.t LIKE 'C:\\d%'", ["c"]),
    ("attributes.run_name = 'alpha'", ["a"]),
    ("attributes.run_name LIKE 'gamma'", []),
    ("attributes.run_name ILIKE 'gamma'", ["c"]),
    ("attributes.run_name != 'alpha'", ["b", "c", "d"]),
    ("attributes.status = 'RUNNING'", ["b"]),
    ("attributes.status != 'FINISHED'", ["b", "c"]),
    ("attributes.status LIKE 'F%'", ["a", "c", "d", "e"]),
    ("attributes.start_time >= 1000", ["a", "b", "d", "e"]),
    ("attributes.start_time != 2000", ["a", "d", "e"]),
    ("attributes.end_time != 1", ["c"]),
    ("attributes.run_id IN ('a', 'c')", ["a", "c"]),
    ("attributes.run_id NOT IN ('a', 'c')", ["b", "d", "e"]),
    ("attributes.user_id = 'alice' AND attributes.artifact_uri LIKE '%/a'", ["a"]),
    ("datasets.name = 'train'", ["a"]),
    ("datasets.name ILIKE 'train'", ["a", "d"]),
    ("datasets.name != 'train'", ["a", "d"]),
    ("datasets.name NOT IN ('train')", ["a", "d"]),
    ("datasets.digest IN ('D1', 'd9')", ["d"]),
    ("datasets.context = 'training'", ["a"]),
    ("datasets.context != 'training'", ["d"]),
    ("metrics.m > 0 AND params.p = 'Adam'", ["a"]),
    ("", ["a", "b", "c", "d", "e"]),
]

@Test(arguments: table)
func filterKeepsRuns(_ filter: String, _ expected: [String]) throws {
    let parsed = try SearchFilter.parse(filter)
    #expect(runs.filter(parsed.matches).map(\.info.runId) == expected)
}

@Test func runNameComesFromTheTag() throws {
    var renamed = run("x", name: "old")
    renamed.info.runName = "new"
    #expect(try SearchFilter.parse("attributes.run_name = 'old'").matches(renamed))
    #expect(!(try SearchFilter.parse("attributes.run_name = 'new'").matches(renamed)))
    let untagged = Run(info: RunInfo(runId: "y", runName: "name", experimentId: "1"))
    #expect(!(try SearchFilter.parse("attributes.run_name != 'other'").matches(untagged)))
}

@Test func likeHandlesLongPatterns() {
    let text = String(repeating: "a", count: 5_000)
    #expect(!SearchClause(key: .tag("t"), comparator: .like, value: .string(String(repeating: "%a", count: 50) + "b"))
        .matches(run("x", tags: ["t": text])))
    #expect(SearchClause(key: .tag("t"), comparator: .like, value: .string("%" + String(repeating: "a", count: 4_999) + "_"))
        .matches(run("x", tags: ["t": text])))
}
