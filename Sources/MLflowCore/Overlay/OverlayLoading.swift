extension TrackingStore {
    /// The sampled histories of `key` for `runIds`, asked in batches of at most 100 runs (one bulk
    /// `get-history-bulk-interval` request each on a server), `concurrency` batches at a time.
    /// `deliver` gets each batch's answer as soon as it arrives (every run of the batch is a key,
    /// with an empty history when it never logged the key), so a chart can draw before the last
    /// batch is in. A cancelled task asks for no more batches.
    public func sampledMetricHistories(
        runIds: [String], key: String, maxPoints: Int, steps: StepRange? = nil, concurrency: Int = 4,
        deliver: @escaping @Sendable ([String: [Metric]]) -> Void
    ) async throws {
        let batches = MetricOverlay.batches(runIds)
        try await withThrowingTaskGroup(of: [String: [Metric]].self) { group in
            var next = 0
            func start() {
                guard next < batches.count else { return }
                let batch = batches[next]
                next += 1
                group.addTask {
                    try Task.checkCancellation()
                    return try await self.sampledMetricHistory(runIds: batch, key: key, maxPoints: maxPoints, steps: steps)
                }
            }
            for _ in 0..<Swift.max(1, concurrency) { start() }
            while let answer = try await group.next() {
                deliver(answer)
                start()
            }
        }
    }
}
