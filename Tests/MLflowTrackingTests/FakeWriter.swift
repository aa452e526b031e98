import Foundation
import MLflowCore

/// A `TrackingWriter` in memory that fails on demand, recording what reached it.
final class FakeWriter: TrackingWriter, @unchecked Sendable {
    struct Received {
        var metrics: [Metric] = []
        var metricBatchSizes: [Int] = []
        var params: [KeyValue] = []
        var tags: [KeyValue] = []
        var updates: [(RunStatus?, Int64?)] = []
        var uploads: [String] = []
        var calls = 0
        var failedCalls = 0
    }

    private let lock = NSLock()
    private var received = Received()
    /// Given the 0-based call index, the error to fail with, or nil to succeed.
    private let failure: @Sendable (Int) -> MLflowError?
    /// How long each log-batch call takes to answer (seconds).
    private let delay: Double

    init(delay: Double = 0, failure: @escaping @Sendable (Int) -> MLflowError? = { _ in nil }) {
        self.delay = delay
        self.failure = failure
    }

    var snapshot: Received {
        lock.lock()
        defer { lock.unlock() }
        return received
    }

    private func call(_ record: (inout Received) -> Void) throws {
        lock.lock()
        defer { lock.unlock() }
        let index = received.calls
        received.calls += 1
        if let error = failure(index) {
            received.failedCalls += 1
            throw error
        }
        record(&received)
    }

    func getOrCreateExperiment(name: String, artifactLocation: String?, tags: [KeyValue]) async throws -> Experiment {
        Experiment(experimentId: "7", name: name, artifactLocation: artifactLocation ?? "/art/7")
    }

    func createRun(experimentId: String, runName: String, startTime: Int64, userId: String, tags: [KeyValue]) async throws -> RunInfo {
        lock.withLock { received.tags += tags }
        return RunInfo(runId: "0123456789abcdef0123456789abcdef", runName: runName, experimentId: experimentId, userId: userId,
                       status: .running, startTime: startTime, artifactUri: "/art/7/run/artifacts")
    }

    /// Records the batch, then takes `delay` to answer, like a server that stored it before replying.
    func logBatch(runId: String, metrics: [Metric], params: [KeyValue], tags: [KeyValue]) async throws {
        try call { received in
            received.metrics += metrics
            if !metrics.isEmpty { received.metricBatchSizes.append(metrics.count) }
            received.params += params
            received.tags += tags
        }
        if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
    }

    func updateRun(runId: String, status: RunStatus?, endTime: Int64?, runName: String?) async throws {
        try call { $0.updates.append((status, endTime)) }
    }

    func uploadArtifact(runId: String, localFile: String, artifactPath: String) async throws {
        try call { $0.uploads.append(artifactPath) }
    }
}
