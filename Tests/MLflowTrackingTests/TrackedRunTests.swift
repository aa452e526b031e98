import Foundation
import MLflowCore
import MLflowTracking
import Testing

/// `TrackedRun` against a writer in memory that fails on demand.
struct TrackedRunTests {
    static let fast = TrackingOptions(flushInterval: 0.05, initialBackoff: 0.02, maxBackoff: 0.1, attempts: 3, endDeadline: 3)
    static let down = MLflowError.transport("connection refused")

    func start(_ writer: FakeWriter, options: TrackingOptions = fast) async throws -> TrackedRun {
        try await TrackedRun.start(writer: writer, experiment: "exp", artifactLocation: nil, runName: "r",
                                   tags: [KeyValue(key: SystemTag.user, value: "ada")], userId: "ada", startTime: 5, options: options)
    }

    @Test func metricsArriveInOrderInBatchesWithinMLflowsLimits() async throws {
        let writer = FakeWriter()
        let run = try await start(writer)
        #expect(run.runId == "0123456789abcdef0123456789abcdef")
        #expect(run.experimentId == "7")
        for i in 0..<2_500 { run.logMetric("loss", Double(i), step: Int64(i - 5), timestamp: Int64(100 + i)) }
        run.logMetric("nan", .nan, step: -1, timestamp: 1)
        let report = await run.end(status: .finished, endTime: 99)
        #expect(report.isComplete)
        #expect(report.sentMetrics == 2_501)
        #expect(report.unsentMetrics == 0)
        let got = writer.snapshot
        #expect(got.metrics.count == 2_501)
        let expected: [Metric] = (0..<2_500).map { (i: Int) -> Metric in
            Metric(key: "loss", value: Double(i), timestamp: Int64(100 + i), step: Int64(i - 5))
        }
        #expect(Array(got.metrics.prefix(2_500)) == expected)
        #expect(got.metrics.last.map { $0.value.isNaN && $0.step == -1 } == true)
        #expect(got.metricBatchSizes.allSatisfy { $0 <= 1_000 })
        #expect(got.updates.count == 1)
        #expect(got.updates.first?.0 == .finished && got.updates.first?.1 == 99)
        #expect(run.info.status == .finished)
        #expect(run.info.endTime == 99)
    }

    @Test func metricsLoggedWhileTheStoreIsDownAreSentWhenItRecovers() async throws {
        // The first 12 calls fail, then everything succeeds.
        let writer = FakeWriter { $0 < 12 ? TrackedRunTests.down : nil }
        let run = try await start(writer)
        for i in 0..<300 {
            run.logMetric("acc", Double(i) / 300, step: Int64(i), timestamp: Int64(i))
            if i % 50 == 0 { try await Task.sleep(nanoseconds: 30_000_000) }
        }
        let report = await run.end(status: .finished)
        #expect(report.isComplete, "\(report.lines)")
        let got = writer.snapshot
        #expect(got.failedCalls == 12)
        let expected: [Metric] = (0..<300).map { (i: Int) -> Metric in
            Metric(key: "acc", value: Double(i) / 300, timestamp: Int64(i), step: Int64(i))
        }
        #expect(got.metrics == expected)
        #expect(got.updates.count == 1)
    }

    @Test func aStoreThatNeverRecoversIsReportedAtTheDeadline() async throws {
        let writer = FakeWriter { _ in TrackedRunTests.down }
        var options = Self.fast
        options.endDeadline = 0.5
        let run = try await start(writer, options: options)
        for i in 0..<1_234 { run.logMetric("m", 1, step: Int64(i), timestamp: 1) }
        try await run.logParams([KeyValue(key: "lr", value: "0.1")])  // kept, not thrown
        let began = Date()
        let report = await run.end(status: .failed, endTime: 9)
        #expect(Date().timeIntervalSince(began) < 3)
        #expect(report.unsentMetrics == 1_234)
        #expect(report.sentMetrics == 0)
        #expect(!report.statusStored)
        #expect(report.errors.contains { $0.contains("params lr were not stored") && $0.contains("connection refused") })
        #expect(report.errors.contains { $0.contains("1234 metric points were still queued") })
        #expect(report.errors.contains { $0.contains("status FAILED") })
        #expect(run.info.status == .running)
        #expect(writer.snapshot.metrics.isEmpty)
    }

    @Test func aFullQueueDropsAndCountsInsteadOfGrowing() async throws {
        let writer = FakeWriter { _ in TrackedRunTests.down }
        var options = Self.fast
        options.maxQueuedMetrics = 100
        options.endDeadline = 0.2
        let run = try await start(writer, options: options)
        for i in 0..<250 { run.logMetric("m", 1, step: Int64(i), timestamp: 1) }
        #expect(run.queuedMetrics == 100)
        let report = await run.end(status: .killed)
        #expect(report.unsentMetrics == 250)
        #expect(report.droppedMetrics == 150)
        #expect(report.lines.first == "250 metric points were not stored (150 dropped because the queue was full)")
    }

    @Test func paramsAreCheckedBeforeSendingAndNamedWhenRefused() async throws {
        let writer = FakeWriter()
        let run = try await start(writer)
        try await run.logParams([KeyValue(key: "lr", value: "0.1"), KeyValue(key: "layers", value: "3")])
        try await run.logParams([KeyValue(key: "lr", value: "0.1")])  // the same value again is fine
        let refused: [(KeyValue, String)] = [
            (KeyValue(key: "lr", value: "0.2"), "param 'lr' was already logged with value '0.1'"),
            (KeyValue(key: "bad(key)", value: "1"), "param key 'bad(key)' contains '('"),
            (KeyValue(key: "a//b", value: "1"), "param key 'a//b' would resolve to 'a/b'"),
            (KeyValue(key: "long", value: String(repeating: "x", count: 6_001)), "param 'long' value is 6001 characters; MLflow allows 6000"),
        ]
        for (param, message) in refused {
            do {
                try await run.logParams([param])
                Issue.record("accepted \(param.key)")
            } catch let error as MLflowError {
                #expect(error.description.hasPrefix(message), "\(error)")
            }
        }
        await #expect(throws: MLflowError.self) { try await run.setTags([KeyValue(key: "tab\tkey", value: "1")]) }
        try await run.setTags([KeyValue(key: "stage", value: "train")])
        let report = await run.end(status: .finished)
        #expect(report.isComplete)
        let got = writer.snapshot
        #expect(got.params == [KeyValue(key: "lr", value: "0.1"), KeyValue(key: "layers", value: "3")])
        #expect(got.tags == [KeyValue(key: SystemTag.user, value: "ada"), KeyValue(key: "stage", value: "train")])
    }

    @Test func paramsSentWhileDownAreRetriedAtTheEnd() async throws {
        // Calls 0-2 (the three tries of logParams) fail; end sends them.
        let writer = FakeWriter { $0 < 3 ? TrackedRunTests.down : nil }
        let run = try await start(writer)
        try await run.logParams([KeyValue(key: "seed", value: "42")])
        #expect(writer.snapshot.params.isEmpty)
        let report = await run.end(status: .finished)
        #expect(report.isComplete, "\(report.lines)")
        #expect(writer.snapshot.params == [KeyValue(key: "seed", value: "42")])
    }

    @Test func badMetricKeysAreCountedAndReportedOnce() async throws {
        let writer = FakeWriter()
        let run = try await start(writer)
        run.logMetric("ok", 1, step: 0, timestamp: 1)
        run.logMetric("bad key!", 1, step: 0, timestamp: 1)
        run.logMetric("bad key!", 2, step: 1, timestamp: 1)
        run.logMetric("neg", 1, step: 0, timestamp: -1)
        let report = await run.end(status: .finished)
        #expect(report.sentMetrics == 1)
        #expect(report.unsentMetrics == 3)
        #expect(report.errors.count == 2)
        #expect(report.errors.first?.hasPrefix("metric key 'bad key!' contains '!'") == true)
        #expect(report.errors.last == "metric 'neg' has a negative timestamp -1")
    }

    @Test func aFailingUploadIsRetriedThenReportedAndTheRunStillEnds() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tracked-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: folder + "/model.pkl"))
        // Uploads fail for the first 5 calls: the first upload gives up after 3 tries, the second succeeds on its third.
        let writer = FakeWriter { $0 < 5 ? MLflowError.server(status: 503, code: "TEMPORARILY_UNAVAILABLE", message: "busy") : nil }
        let run = try await start(writer)
        await #expect(throws: MLflowError.self) { try await run.logArtifact(localFile: folder + "/model.pkl", artifactPath: "model/a.pkl") }
        try await run.logArtifact(localFile: folder + "/model.pkl", artifactPath: "model/b.pkl")
        await #expect(throws: MLflowError.self) { try await run.logArtifact(localFile: folder + "/missing", artifactPath: "model/c.pkl") }
        await #expect(throws: MLflowError.self) { try await run.logArtifact(localFile: folder + "/model.pkl", artifactPath: "../x") }
        let report = await run.end(status: .finished)
        #expect(report.statusStored)
        #expect(report.failedArtifacts.map(\.path) == ["model/a.pkl", "model/c.pkl", "../x"])
        #expect(report.failedArtifacts.first?.error == "server error 503 TEMPORARILY_UNAVAILABLE: busy")
        #expect(writer.snapshot.uploads == ["model/b.pkl"])
        #expect(writer.snapshot.updates.count == 1)
    }

    @Test func endTwiceReturnsTheFirstReportAndLaterPointsAreCounted() async throws {
        let writer = FakeWriter()
        let run = try await start(writer)
        run.logMetric("a", 1, step: 0, timestamp: 1)
        let first = await run.end(status: .finished, endTime: 10)
        run.logMetric("late", 1, step: 0, timestamp: 1)
        let second = await run.end(status: .failed, endTime: 20)
        #expect(first.sentMetrics == 1)
        #expect(second.sentMetrics == 1)
        #expect(writer.snapshot.updates.count == 1)
        #expect(run.info.status == .finished)
    }

    @Test func aBatchInFlightWhenTheRunEndsIsSentOnce() async throws {
        let writer = FakeWriter(delay: 0.4)
        let run = try await start(writer)
        for i in 0..<10 { run.logMetric("m", Double(i), step: Int64(i), timestamp: 1) }
        try await Task.sleep(nanoseconds: 150_000_000)  // the background sender is now waiting on the store
        let report = await run.end(status: .finished)
        #expect(report.isComplete, "\(report.lines)")
        #expect(report.sentMetrics == 10)
        #expect(writer.snapshot.metrics.map(\.step) == Array(0..<10))
        #expect(writer.snapshot.metricBatchSizes == [10])
    }
}
