import Foundation
import MLflowCore
import Testing

/// A run for comparisons, built from short literals.
func comparedRun(
    _ id: String, name: String = "", experiment: String = "1", params: [String: String] = [:], tags: [String: String] = [:],
    metrics: [String: Double] = [:], status: RunStatus = .finished, start: Int64? = 1_000, end: Int64? = 61_000
) -> ComparedRun {
    let info = RunInfo(runId: id, runName: name, experimentId: experiment, userId: "alice", status: status, startTime: start, endTime: end)
    let run = Run(
        info: info,
        params: params.map { KeyValue(key: $0.key, value: $0.value) }.sortedByKey(),
        tags: tags.map { KeyValue(key: $0.key, value: $0.value) }.sortedByKey(),
        metrics: metrics.map { Metric(key: $0.key, value: $0.value, timestamp: 5, step: 9) }.sorted { $0.key < $1.key })
    return ComparedRun(run: run, experimentName: "exp-\(experiment)")
}

extension RunComparison {
    func rows(_ kind: ComparisonSectionKind) -> [ComparisonRow] { section(kind)?.rows ?? [] }
    func row(_ kind: ComparisonSectionKind, _ key: String) -> ComparisonRow? { rows(kind).first { $0.key == key } }
    func hidden(_ kind: ComparisonSectionKind) -> Int { section(kind)?.hiddenEqualRows ?? -1 }
}

@Suite struct RunComparisonTests {
    @Test func paramsThatDifferShowAndEqualOnesAreCountedAsHidden() throws {
        let runs = [
            comparedRun("a1", name: "a", params: ["lr": "0.1", "batch": "32", "opt": "adam"]),
            comparedRun("b2", name: "b", params: ["lr": "0.2", "batch": "32", "opt": "adam"]),
        ]
        let diff = try RunComparison.build(runs)
        #expect(diff.rows(.params).map(\.key) == ["lr"])
        #expect(diff.hidden(.params) == 2)
        #expect(diff.row(.params, "lr")?.cells.map(\.text) == ["0.1", "0.2"])
        let all = try RunComparison.build(runs, options: ComparisonOptions(allRows: true))
        #expect(all.rows(.params).map(\.key) == ["batch", "lr", "opt"])
        #expect(all.rows(.params).map(\.differs) == [false, true, false])
        #expect(all.hidden(.params) == 0)
        #expect(diff.sections.map(\.kind) == [.run, .params, .metrics, .tags])
    }

    @Test func aMissingValueIsNeitherEqualNorAnEmptyString() throws {
        let runs = [
            comparedRun("a1", params: ["note": "", "seed": "1"]),
            comparedRun("b2", params: ["seed": "1"]),
            comparedRun("c3", params: ["note": "", "seed": "1"]),
        ]
        let c = try RunComparison.build(runs)
        let note = try #require(c.row(.params, "note"))
        #expect(note.differs)
        #expect(note.cells[0].text == "")
        #expect(note.cells[1].isMissing)
        #expect(c.row(.params, "seed") == nil)
        // Missing in every run but one, and the same text where present: still differs.
        let single = try RunComparison.build([comparedRun("a1", params: ["x": "1"]), comparedRun("b2")])
        #expect(single.row(.params, "x")?.differs == true)
        #expect(single.row(.params, "x")?.equalAsNumbers == false)
    }

    @Test func paramsEqualAsNumbersButNotAsTextAreMarkedAndStillDiffer() throws {
        let runs = [
            comparedRun("a1", params: ["lr": "0.1", "n": "32", "w": "1e-3", "s": "nan", "m": "1"]),
            comparedRun("b2", params: ["lr": "0.10", "n": "32.0", "w": "0.001", "s": "NaN", "m": "2"]),
            comparedRun("c3", params: ["lr": ".1"]),
        ]
        let c = try RunComparison.build(runs)
        for key in ["lr", "n", "w"] {
            let row = try #require(c.row(.params, key), "\(key)")
            #expect(row.differs && row.equalAsNumbers, "\(key)")
        }
        #expect(c.row(.params, "s")?.equalAsNumbers == false)  // NaN is a word here, never equal
        #expect(c.row(.params, "m")?.equalAsNumbers == false)
    }

    @Test func nanAndInfinitiesAreValuesAndNeverBest() throws {
        let runs = [
            comparedRun("a1", metrics: ["loss": .nan, "acc": .infinity, "f1": .nan, "mse": 0.5]),
            comparedRun("b2", metrics: ["loss": .nan, "acc": 0.9, "f1": 0.4, "mse": -.infinity]),
            comparedRun("c3", metrics: ["loss": .nan, "acc": 0.8, "f1": .nan, "mse": 0.7]),
        ]
        let c = try RunComparison.build(runs, options: ComparisonOptions(allRows: true))
        let loss = try #require(c.row(.metrics, "loss"))
        #expect(!loss.differs)  // NaN equals NaN for diff-only
        #expect(loss.metric?.bestColumns == [])
        #expect(c.row(.metrics, "acc")?.metric?.bestColumns == [1])  // +inf is not best
        #expect(c.row(.metrics, "mse")?.metric?.bestColumns == [0])  // nor -inf for lower is better
        #expect(c.row(.metrics, "f1")?.metric?.bestColumns == [])  // one finite value: nothing to beat
        #expect(c.row(.metrics, "f1")?.differs == true)
        // A SQL store's stand-in for infinity reads as infinity.
        let sql = try RunComparison.build([comparedRun("a1", metrics: ["x": .greatestFiniteMagnitude]), comparedRun("b2", metrics: ["x": .infinity])])
        #expect(sql.row(.metrics, "x") == nil)
        #expect(sql.hidden(.metrics) == 1)
    }

    @Test func twoRunsAndSixtyRuns() throws {
        let two = try RunComparison.build([comparedRun("a1", name: "x", metrics: ["acc": 0.5]), comparedRun("b2", name: "y", metrics: ["acc": 0.6])])
        #expect(two.columns.map(\.header) == ["x", "y"])
        #expect(two.row(.metrics, "acc")?.metric?.bestColumns == [1])
        let sixty = (0..<60).map { i in
            comparedRun(String(format: "%02x%030d", i, i), name: "run-\(i)", params: ["lr": "0.\(i % 3)", "seed": "7"], metrics: ["acc": Double(i) / 100])
        }
        let c = try RunComparison.build(sixty)
        #expect(c.columns.count == 60)
        #expect(c.row(.params, "lr")?.cells.count == 60)
        #expect(c.hidden(.params) == 1)
        #expect(c.row(.metrics, "acc")?.metric?.bestColumns == [59])
        #expect(c.row(.metrics, "acc")?.metric?.changes[59]?.verdict == .better)
    }

    @Test func collidingNamesGetAShortIdAndSeveralExperimentsTheirName() throws {
        let runs = [
            comparedRun("3f2a9c11aa", name: "sweep"), comparedRun("9b1c0e22bb", name: "sweep"), comparedRun("77aa", name: "other"),
            comparedRun("3f2a9c99cc", name: "sweep"), comparedRun("0d0d0d0d0d", name: ""),
        ]
        let c = try RunComparison.build(runs)
        #expect(c.columns.map(\.header) == ["sweep (3f2a9c1)", "sweep (9b1c0e2)", "other", "sweep (3f2a9c9)", "0d0d0d"])
        let twoExperiments = try RunComparison.build([
            comparedRun("a1", name: "base", experiment: "1"), comparedRun("b2", name: "base", experiment: "2"),
            comparedRun("c3", name: "base", experiment: "2"),
        ])
        #expect(twoExperiments.columns.map(\.header) == ["base [exp-1]", "base [exp-2] (b2)", "base [exp-2] (c3)"])
        #expect(twoExperiments.row(.run, "experiment")?.cells.map(\.text) == ["exp-1", "exp-2", "exp-2"])
        // A run named like another's decorated header still gets a header of its own.
        let tricky = try RunComparison.build([comparedRun("aaaaaa1", name: "x"), comparedRun("aaaaaa2", name: "x"), comparedRun("c", name: "x (aaaaaa1)")])
        #expect(Set(tricky.columns.map(\.header)).count == 3)
    }

    @Test func hostileNamesAndValuesAreKeptExactly() throws {
        let evil = "\u{1b}[2J\u{1b}[31mEVIL|\n\u{202e}"
        let c = try RunComparison.build([
            comparedRun("a1", name: evil, params: [evil: evil], tags: [evil: "1"]), comparedRun("b2", name: "ok", params: [evil: "x"]),
        ])
        #expect(c.columns[0].header == evil)
        #expect(c.row(.params, evil)?.cells.first?.text == evil)
        #expect(c.row(.tags, evil)?.cells.last?.isMissing == true)
    }

    @Test func theRowFilterMatchesKeysCaseInsensitivelyInEverySection() throws {
        let runs = [
            comparedRun("a1", params: ["LR": "1", "batch": "2"], tags: ["lr_note": "a"], metrics: ["val_LR_loss": 1, "acc": 1]),
            comparedRun("b2", params: ["LR": "2", "batch": "3"], tags: ["lr_note": "b"], metrics: ["val_LR_loss": 2, "acc": 2]),
        ]
        let c = try RunComparison.build(runs, options: ComparisonOptions(rowFilter: "lR"))
        #expect(c.rows(.params).map(\.key) == ["LR"])
        #expect(c.rows(.metrics).map(\.key) == ["val_LR_loss"])
        #expect(c.rows(.tags).map(\.key) == ["lr_note"])
        #expect(c.rows(.run).isEmpty && c.hidden(.run) == 0)
        #expect(RunComparison.metricKeys(of: runs.map(\.run), options: ComparisonOptions(rowFilter: "ACC")) == ["acc"])
        let listed = try RunComparison.build(runs, options: ComparisonOptions(metricKeys: ["val_LR_loss", "nope", "acc"], paramKeys: ["batch"]))
        #expect(listed.rows(.metrics).map(\.key) == ["val_LR_loss", "acc"])
        #expect(listed.rows(.params).map(\.key) == ["batch"])
    }

    @Test func systemTagsOnlyWhenAsked() throws {
        let runs = [
            comparedRun("a1", tags: ["mlflow.runName": "a", "team": "x", "mlflow.source.name": "a.py", "mlflow.source.git.commit": "c0ffee"]),
            comparedRun("b2", tags: ["mlflow.runName": "b", "team": "y", "mlflow.source.name": "b.py"]),
        ]
        let plain = try RunComparison.build(runs)
        #expect(plain.rows(.tags).map(\.key) == ["team"])
        #expect(plain.row(.run, "source")?.cells.map(\.text) == ["a.py", "b.py"])
        #expect(plain.row(.run, "git commit")?.cells[1].isMissing == true)
        let system = try RunComparison.build(runs, options: ComparisonOptions(systemTags: true))
        #expect(system.rows(.tags).map(\.key) == ["mlflow.runName", "mlflow.source.git.commit", "mlflow.source.name", "team"])
    }

    @Test func runInfoRowsAreTyped() throws {
        let c = try RunComparison.build([
            comparedRun("a1", status: .finished, start: 1_000, end: 61_000),
            comparedRun("b2", status: .running, start: 2_000, end: nil),
        ], options: ComparisonOptions(allRows: true))
        #expect(c.rows(.run).map(\.key) == RunComparison.runRowKeys)
        #expect(c.row(.run, "status")?.cells.map(\.text) == ["FINISHED", "RUNNING"])
        guard case .duration(let ms)? = c.row(.run, "duration")?.cells.first else { Issue.record("no duration"); return }
        #expect(ms == 60_000)
        #expect(c.row(.run, "duration")?.cells.last?.isMissing == true)
        guard case .time(let start)? = c.row(.run, "start")?.cells.last else { Issue.record("no start"); return }
        #expect(start == 2_000)
        #expect(c.row(.run, "user")?.differs == false)
    }
}
