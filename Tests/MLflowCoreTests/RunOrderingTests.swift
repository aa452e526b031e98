import MLflowCore
import Testing

private func run(_ id: String, start: Int64? = 1_000, end: Int64? = nil, metric: Double? = nil, param: String? = nil) -> Run {
    Run(info: RunInfo(runId: id, runName: id, experimentId: "1", startTime: start, endTime: end),
        params: param.map { [KeyValue(key: "p", value: $0)] } ?? [],
        metrics: metric.map { [Metric(key: "m", value: $0, timestamp: 1, step: 0)] } ?? [])
}

private func ids(_ runs: [Run]) -> [String] { runs.map(\.info.runId) }

private let metricRuns = [
    run("nan", metric: .nan), run("missing"), run("one", metric: 1), run("inf", metric: .infinity),
    run("max", metric: .greatestFiniteMagnitude), run("neg", metric: -.infinity), run("zero", metric: -0.0),
    run("nan2", start: 2_000, metric: .nan),
]

@Test func metricsPutNaNThenMissingLastInBothDirections() throws {
    #expect(ids(RunOrdering.sort(metricRuns, by: [OrderBy(key: .metric("m"))]))
        == ["neg", "zero", "one", "inf", "max", "nan2", "nan", "missing"])
    #expect(ids(RunOrdering.sort(metricRuns, by: [OrderBy(key: .metric("m"), ascending: false)]))
        == ["inf", "max", "one", "zero", "neg", "nan2", "nan", "missing"])
}

@Test func missingParamsAndTimesComeLast() throws {
    let runs = [run("a", param: "b"), run("b"), run("c", param: "B"), run("d", param: "é"), run("e", param: "")]
    #expect(ids(RunOrdering.sort(runs, by: [OrderBy(key: .param("p"))])) == ["e", "c", "a", "d", "b"])
    #expect(ids(RunOrdering.sort(runs, by: [OrderBy(key: .param("p"), ascending: false)])) == ["d", "a", "c", "e", "b"])
    let timed = [run("a", end: 5), run("b"), run("c", end: 1)]
    #expect(ids(RunOrdering.sort(timed, by: [OrderBy(key: .attribute("end_time"))])) == ["c", "a", "b"])
    #expect(ids(RunOrdering.sort(timed, by: [OrderBy(key: .attribute("end_time"), ascending: false)])) == ["a", "c", "b"])
}

@Test func tieBreakersAreStartTimeDescendingThenRunId() throws {
    let runs = [run("b", start: 1), run("a", start: 1), run("c", start: 3), run("d", start: nil)]
    #expect(ids(RunOrdering.sort(runs, by: [])) == ["c", "a", "b", "d"])
    // An explicit start_time replaces the start_time tie-breaker; run_id still breaks ties.
    #expect(ids(RunOrdering.sort(runs, by: [OrderBy(key: .attribute("start_time"))])) == ["a", "b", "c", "d"])
    #expect(RunOrdering.areInIncreasingOrder(runs[1], runs[0], by: []))
    #expect(!RunOrdering.areInIncreasingOrder(runs[0], runs[1], by: []))
    #expect(!RunOrdering.areInIncreasingOrder(runs[0], runs[0], by: []))
}

@Test func laterKeysBreakTies() throws {
    let runs = [run("a", metric: 1, param: "y"), run("b", metric: 1, param: "x"), run("c", metric: 0, param: "z")]
    let order = try OrderBy.parseList(["metrics.m DESC", "params.p"])
    #expect(ids(RunOrdering.sort(runs, by: order)) == ["b", "a", "c"])
}

@Test func sortIsStableForDuplicateRuns() {
    var first = run("same", metric: 1)
    first.tags = [KeyValue(key: "copy", value: "1")]
    var second = run("same", metric: 1)
    second.tags = [KeyValue(key: "copy", value: "2")]
    let sorted = RunOrdering.sort([first, second, run("other", metric: 2)], by: [OrderBy(key: .metric("m"))])
    #expect(sorted.map { $0.tag("copy") ?? "-" } == ["1", "2", "-"])
}

/// The keyed sort (values read once, strings and times ranked) orders exactly as the comparison
/// does, on runs with NaN, infinities, missing values, equal values, canonically equivalent but
/// byte-different strings and huge times, for every kind of key and both directions.
@Test func keyedSortMatchesTheComparison() {
    var generator = SystemRandomNumberGenerator()
    let strings = ["a", "B", "b", "é", "e\u{301}", "", "zz", "0.10", "0.1"]
    let numbers: [Double?] = [nil, .nan, .infinity, -.infinity, .greatestFiniteMagnitude, 0, -0.0, 1, 2.5, -3]
    let times: [Int64?] = [nil, 0, 1_000, Int64.max, Int64.min, 1_700_000_000_000]
    for _ in 0..<40 {
        let runs = (0..<60).map { i in
            Run(info: RunInfo(runId: "r\(Int.random(in: 0..<40, using: &generator))-\(i)", runName: strings.randomElement(using: &generator) ?? "",
                              experimentId: "1", userId: strings.randomElement(using: &generator) ?? "",
                              status: RunStatus.allCases.randomElement(using: &generator) ?? .running,
                              startTime: times.randomElement(using: &generator) ?? nil, endTime: times.randomElement(using: &generator) ?? nil),
                params: Bool.random(using: &generator) ? [KeyValue(key: "p", value: strings.randomElement(using: &generator) ?? "")] : [],
                tags: Bool.random(using: &generator) ? [KeyValue(key: "t", value: strings.randomElement(using: &generator) ?? "")] : [],
                metrics: (numbers.randomElement(using: &generator) ?? nil).map { [Metric(key: "m", value: $0, timestamp: 1, step: 0)] } ?? [])
        }
        let keys: [SearchKey] = [.metric("m"), .param("p"), .tag("t"), .attribute("start_time"), .attribute("end_time"),
                                 .attribute("run_name"), .attribute("status"), .attribute("user_id"), .attribute("run_id")]
        for key in keys {
            for ascending in [true, false] {
                let orderBy = [OrderBy(key: key, ascending: ascending), OrderBy(key: .param("p"), ascending: !ascending)]
                let expected = runs.enumerated().sorted { a, b in
                    if RunOrdering.areInIncreasingOrder(a.element, b.element, by: orderBy) { return true }
                    if RunOrdering.areInIncreasingOrder(b.element, a.element, by: orderBy) { return false }
                    return a.offset < b.offset
                }.map(\.offset)
                #expect(RunOrdering.sortedIndices(Array(runs.indices), of: runs, by: orderBy) == expected, "\(key) ascending: \(ascending)")
            }
        }
    }
}
