import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

/// Runs written by `SQLiteWriter`, read back with MLflow's own SQL store and with `SQLiteStore`.
@Suite(.enabled(if: MLflowPython.available, Comment(rawValue: MLflowPython.skipReason)))
struct WriterTests {
    static let odd = "a\u{1B}[31mred\u{07}\nline\ttab é 損失"

    @Test func mlflowCreatesAMissingStoreWithItsDefaultExperiment() async throws {
        let template = try await WriterStore.template.value
        let folder = (template as NSString).deletingLastPathComponent
        let store = try SQLiteStore(path: template)
        #expect(store.schemaRevision == "dc11669786a5")
        let experiments = try await store.allExperiments()
        #expect(experiments.map(\.name) == ["Default"])
        #expect(experiments.first?.artifactLocation == folder + "/mlruns/0")
    }

    @Test func writtenRunReadsBackIdenticallyThroughMLflowAndRunboard() async throws {
        let (folder, writer) = try await WriterStore.make("roundtrip")
        let experiment = try await writer.getOrCreateExperiment(
            name: "exp " + Self.odd, artifactLocation: nil, tags: [KeyValue(key: "team", value: "vision")])
        #expect(experiment.experimentId == "1")
        #expect(experiment.artifactLocation == folder + "/mlruns/1")
        #expect(experiment.tags == [KeyValue(key: "team", value: "vision")])
        let again = try await writer.getOrCreateExperiment(name: "exp " + Self.odd, artifactLocation: "/elsewhere", tags: [])
        #expect(again.experimentId == "1")
        let second = try await writer.getOrCreateExperiment(name: "second", artifactLocation: "relative/art", tags: [])
        #expect(second.experimentId == "2")
        #expect(second.artifactLocation == folder + "/relative/art")

        let info = try await writer.createRun(
            experimentId: "1", runName: "first " + Self.odd, startTime: 1_700_000_000_123, userId: "",
            tags: [KeyValue(key: SystemTag.user, value: "ada"), KeyValue(key: SystemTag.sourceType, value: "LOCAL")])
        #expect(info.runId.count == 32 && info.runId.allSatisfy(\.isHexDigit))
        #expect(info.userId == "ada")
        #expect(info.artifactUri == folder + "/mlruns/1/\(info.runId)/artifacts")

        let points: [Metric] = [
            Metric(key: "loss", value: 1.5, timestamp: 10, step: -3),
            Metric(key: "loss", value: .nan, timestamp: 11, step: 0),
            Metric(key: "loss", value: 0.25, timestamp: 12, step: 2),
            Metric(key: "loss", value: 0.25, timestamp: 12, step: 2),  // an exact duplicate collapses
            Metric(key: "loss", value: 9, timestamp: 5, step: 1),
            Metric(key: "big", value: .infinity, timestamp: 1, step: 0),
            Metric(key: "big", value: -.infinity, timestamp: 2, step: 0),
            Metric(key: "last_nan", value: 3, timestamp: 1, step: 0),
            Metric(key: "last_nan", value: .nan, timestamp: 2, step: 1),
        ]
        try await writer.logBatch(
            runId: info.runId, metrics: points,
            params: [KeyValue(key: "lr", value: "0.01"), KeyValue(key: "text", value: Self.odd)],
            tags: [KeyValue(key: "note", value: Self.odd)])
        let many: [Metric] = (0..<2_500).map { (i: Int) -> Metric in
            Metric(key: "long", value: Double(i) / 7, timestamp: Int64(1_000 + i), step: Int64(i - 100))
        }
        try await writer.logBatch(runId: info.runId, metrics: many, params: (0..<150).map { KeyValue(key: "p\($0)", value: "\($0)") }, tags: [])
        try await writer.updateRun(runId: info.runId, status: .finished, endTime: 1_700_000_009_999, runName: nil)

        let reference = try await MLflowReference.answers(db: folder + "/mlflow.db", [
            ["kind": "run", "run_id": info.runId],
            ["kind": "history", "run_id": info.runId, "key": "loss", "max_results": 25_000],
            ["kind": "history", "run_id": info.runId, "key": "big", "max_results": 25_000],
            ["kind": "history", "run_id": info.runId, "key": "long", "max_results": 25_000],
            ["kind": "experiment", "id": "1"],
            ["kind": "experiment", "id": "2"],
        ])
        let mlflowRun = try reference[0].decode(Run.self)
        let store = try SQLiteStore(path: folder + "/mlflow.db")
        let ours = try await store.run(id: info.runId)

        #expect(mlflowRun.info == ours.info)
        #expect(ours.info.status == .finished)
        #expect(ours.info.startTime == 1_700_000_000_123)
        #expect(ours.info.endTime == 1_700_000_009_999)
        #expect(ours.info.runName == "first " + Self.odd)
        #expect(ours.info.userId == "ada")
        #expect(mlflowRun.params.sortedByKey() == ours.params)
        #expect(ours.params.count == 152)
        #expect(ours.param("text") == Self.odd)
        #expect(mlflowRun.tags.sortedByKey() == ours.tags)
        let expectedTags: [KeyValue] = [
            KeyValue(key: SystemTag.runName, value: "first " + Self.odd), KeyValue(key: SystemTag.sourceType, value: "LOCAL"),
            KeyValue(key: SystemTag.user, value: "ada"), KeyValue(key: "note", value: Self.odd),
        ]
        #expect(ours.tags == expectedTags.sortedByKey())

        // Latest values: the greatest (step, timestamp, value), NaN kept as NaN; ±inf is stored as
        // ±DBL_MAX and read back as the infinity that was logged.
        let latest = Dictionary(uniqueKeysWithValues: ours.metrics.map { ($0.key, $0) })
        #expect(mlflowRun.metrics.sorted { $0.key < $1.key } == ours.metrics)
        #expect(latest["loss"] == Metric(key: "loss", value: 0.25, timestamp: 12, step: 2))
        #expect(latest["big"] == Metric(key: "big", value: -.infinity, timestamp: 2, step: 0))
        #expect(latest["last_nan"].map { $0.value.isNaN && $0.step == 1 } == true)
        #expect(latest["long"] == Metric(key: "long", value: 2_499.0 / 7, timestamp: 3_499, step: 2_399))

        let loss = try await store.fullMetricHistory(runId: info.runId, key: "loss")
        #expect(try reference[1].decode(ReferencePage<Metric>.self).items == loss)
        #expect(loss == [
            Metric(key: "loss", value: 9, timestamp: 5, step: 1), Metric(key: "loss", value: 1.5, timestamp: 10, step: -3),
            Metric(key: "loss", value: .nan, timestamp: 11, step: 0), Metric(key: "loss", value: 0.25, timestamp: 12, step: 2),
        ])
        let big = try await store.fullMetricHistory(runId: info.runId, key: "big")
        #expect(try reference[2].decode(ReferencePage<Metric>.self).items == big)
        #expect(big.map(\.value) == [.infinity, -.infinity])
        let long = try await store.fullMetricHistory(runId: info.runId, key: "long")
        #expect(try reference[3].decode(ReferencePage<Metric>.self).items == long)
        #expect(long == many)

        let mlflowExperiment = try reference[4].decode(Experiment.self)
        #expect(mlflowExperiment == (try await store.experiment(id: "1")))
        #expect(mlflowExperiment.name == "exp " + Self.odd)
        #expect(try reference[5].decode(Experiment.self).artifactLocation == folder + "/relative/art")
    }

    @Test func runNamesFollowMLflow() async throws {
        let (_, writer) = try await WriterStore.make("names")
        let fromTag = try await writer.createRun(experimentId: "0", runName: "", startTime: 1, userId: "bob",
                                                 tags: [KeyValue(key: SystemTag.runName, value: "tagged")])
        #expect(fromTag.runName == "tagged")
        #expect(fromTag.userId == "bob")
        let generated = try await writer.createRun(experimentId: "0", runName: "", startTime: 1, userId: "", tags: [])
        #expect(generated.runName.split(separator: "-").count == 3)
        #expect(generated.userId == "unknown")
        await #expect(throws: MLflowError.self) {
            _ = try await writer.createRun(experimentId: "0", runName: "a", startTime: 1, userId: "",
                                           tags: [KeyValue(key: SystemTag.runName, value: "b")])
        }
        try await writer.updateRun(runId: generated.runId, status: nil, endTime: nil, runName: "renamed")
        let store = try SQLiteStore(path: writer.path)
        let run = try await store.run(id: generated.runId)
        #expect(run.info.runName == "renamed")
        #expect(run.tag(SystemTag.runName) == "renamed")
        #expect(run.info.status == .running)
        #expect(run.info.endTime == nil)
        try await writer.logBatch(runId: generated.runId, metrics: [], params: [], tags: [KeyValue(key: SystemTag.runName, value: "by tag")])
        #expect(try await store.run(id: generated.runId).info.runName == "by tag")
    }

    @Test func changedParamIsRefusedNamingTheKey() async throws {
        let (_, writer) = try await WriterStore.make("param-change")
        let run = try await writer.createRun(experimentId: "0", runName: "p", startTime: 1, userId: "u", tags: [])
        try await writer.logBatch(runId: run.runId, metrics: [], params: [KeyValue(key: "batch_size", value: "32")], tags: [])
        // The same value again is fine, as in MLflow.
        try await writer.logBatch(runId: run.runId, metrics: [], params: [KeyValue(key: "batch_size", value: "32")], tags: [])
        do {
            try await writer.logBatch(runId: run.runId, metrics: [Metric(key: "m", value: 1, timestamp: 1, step: 0)],
                                      params: [KeyValue(key: "batch_size", value: "64")], tags: [])
            Issue.record("a changed param was accepted")
        } catch let error as MLflowError {
            #expect(error.description.contains("'batch_size'"))
            #expect(error.description.contains("'32'") && error.description.contains("'64'"))
        }
        let stored = try await SQLiteStore(path: writer.path).run(id: run.runId)
        #expect(stored.params == [KeyValue(key: "batch_size", value: "32")])
        #expect(stored.metrics.isEmpty)  // the refused batch wrote nothing
    }

    @Test func badKeysAndLongValuesAreRefusedBeforeWriting() async throws {
        let (_, writer) = try await WriterStore.make("bad-keys")
        let run = try await writer.createRun(experimentId: "0", runName: "k", startTime: 1, userId: "u", tags: [])
        let cases: [(KeyValue, String)] = [
            (KeyValue(key: "a//b", value: "1"), "'a//b'"), (KeyValue(key: "x(1)", value: "1"), "'x(1)'"),
            (KeyValue(key: "long", value: String(repeating: "v", count: 6_001)), "'long'"),
            (KeyValue(key: "../up", value: "1"), "'../up'"),
        ]
        for (param, named) in cases {
            do {
                try await writer.logBatch(runId: run.runId, metrics: [], params: [param], tags: [])
                Issue.record("accepted \(param.key)")
            } catch let error as MLflowError {
                #expect(error.description.contains(named), "\(error)")
            }
        }
        try await writer.logBatch(runId: run.runId, metrics: [], params: [KeyValue(key: "größe/損失 a:b-c.d_e", value: "ok")], tags: [])
        #expect(try await SQLiteStore(path: writer.path).run(id: run.runId).params.map(\.key) == ["größe/損失 a:b-c.d_e"])
    }

    @Test func unknownSchemaRevisionIsRefusedByName() async throws {
        let (folder, _) = try await WriterStore.make("revision")
        let python = try MLflowPython.path()
        let script = folder + "/bump.py"
        try """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            db.execute("UPDATE alembic_version SET version_num = 'ffff00001111'")
            db.commit()
            """.write(toFile: script, atomically: true, encoding: .utf8)
        try await PythonRunner.run(python, [script, folder + "/mlflow.db"])
        #expect(throws: MLflowError.self) { try SQLiteWriter(path: folder + "/mlflow.db", workingDirectory: folder) }
        do {
            _ = try SQLiteWriter(path: folder + "/mlflow.db", workingDirectory: folder)
        } catch let error as MLflowError {
            #expect(error.description.contains("'ffff00001111'"))
            #expect(error.description.contains("dc11669786a5"))
        }
    }

    @Test func missingStoreWithoutMLflowSaysHowToCreateOne() async throws {
        let folder = try Fixtures.scratch("sqlite-writer-no-python")
        // No interpreter at all, and one without MLflow (the system Python, when there is one).
        var choices: [[String]] = [[]]
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { choices.append(["/usr/bin/python3"]) }
        for pythons in choices {
            do {
                _ = try await SQLiteWriter.open(path: folder + "/mlflow.db", workingDirectory: folder, pythons: pythons)
                Issue.record("opened a store that does not exist")
            } catch let error as MLflowError {
                #expect(error.description.contains("pip install mlflow"), "\(error)")
                #expect(error.description.contains("MLFLOW_TRACKING_URI"))
            }
            #expect(!FileManager.default.fileExists(atPath: folder + "/mlflow.db"))
        }
    }

    @Test func artifactsAreCopiedWhereMLflowKeepsThem() async throws {
        let (folder, writer) = try await WriterStore.make("artifacts")
        let run = try await writer.createRun(experimentId: "0", runName: "a", startTime: 1, userId: "u", tags: [])
        let source = folder + "/model.pkl"
        try Data([0, 1, 2, 255]).write(to: URL(fileURLWithPath: source))
        try await writer.uploadArtifact(runId: run.runId, localFile: source, artifactPath: "model/model.pkl")
        let template = (try await WriterStore.template.value as NSString).deletingLastPathComponent
        // Experiment 0 was created by MLflow in the template's folder; its artifact root is recorded there.
        let expected = template + "/mlruns/0/\(run.runId)/artifacts/model/model.pkl"
        #expect(run.artifactUri == template + "/mlruns/0/\(run.runId)/artifacts")
        #expect(FileManager.default.contents(atPath: expected) == Data([0, 1, 2, 255]))
        let listed = try await SQLiteStore(path: writer.path).listArtifacts(.run(run.runId), path: "model")
        #expect(listed.map(\.path) == ["model/model.pkl"])
        for bad in ["../escape.pkl", "a/../../b", "/abs/x"] {
            await #expect(throws: MLflowError.self) {
                try await writer.uploadArtifact(runId: run.runId, localFile: source, artifactPath: bad)
            }
        }
    }

    static let concurrentWriter = #"""
        import os, sys, time, warnings
        warnings.filterwarnings("ignore")
        db, run_id = sys.argv[1], sys.argv[2]
        from mlflow.entities import Metric, Param, RunTag
        from mlflow.tracking import MlflowClient
        client = MlflowClient("sqlite:///" + db)
        for batch in range(150):
            client.log_batch(run_id, metrics=[Metric("py_loss", batch + k / 10, 1000 + batch, batch * 10 + k) for k in range(10)],
                             params=[Param(f"py{batch}", str(batch))], tags=[RunTag("py_progress", str(batch))])
        print("done")
        """#

    @Test func mlflowAndRunboardWriteTheSameRunAtOnce() async throws {
        let (folder, writer) = try await WriterStore.make("concurrent")
        let python = try MLflowPython.path()
        let run = try await writer.createRun(experimentId: "0", runName: "shared", startTime: 1, userId: "u", tags: [])
        let script = folder + "/writer.py"
        try Self.concurrentWriter.write(toFile: script, atomically: true, encoding: .utf8)
        async let python_: Void = PythonRunner.run(python, [script, writer.path, run.runId])
        for batch in 0..<300 {
            try await writer.logBatch(
                runId: run.runId,
                metrics: (0..<10).map { (k: Int) -> Metric in
                    Metric(key: "swift_loss", value: Double(batch), timestamp: Int64(batch), step: Int64(batch * 10 + k))
                },
                params: [KeyValue(key: "swift\(batch)", value: "\(batch)")], tags: [KeyValue(key: "swift_progress", value: "\(batch)")])
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        try await python_
        let store = try SQLiteStore(path: writer.path)
        let stored = try await store.run(id: run.runId)
        #expect(stored.params.count == 450)
        #expect(stored.tag("py_progress") == "149")
        #expect(stored.tag("swift_progress") == "299")
        #expect(try await store.fullMetricHistory(runId: run.runId, key: "py_loss").count == 1_500)
        #expect(try await store.fullMetricHistory(runId: run.runId, key: "swift_loss").count == 3_000)
        #expect(stored.metric("py_loss") == Metric(key: "py_loss", value: 149.9, timestamp: 1_149, step: 1_499))
        #expect(stored.metric("swift_loss") == Metric(key: "swift_loss", value: 299, timestamp: 299, step: 2_999))
    }
}
