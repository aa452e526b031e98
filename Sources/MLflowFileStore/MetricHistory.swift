import MLflowCore

extension FileStore {
    /// A metric's whole history in MLflow's `get-history` order (timestamp, step, value); empty
    /// when the run never logged the key. Parsed files are kept while unchanged on disk.
    func history(runId: String, key: String) throws -> [Metric] {
        guard let folder = runFolder(id: runId) else { throw MLflowError.notFound("run '\(runId)'") }
        guard isSafeRelativePath(key) else { return [] }
        let path = folder.path + "/metrics/" + key
        guard let stamp = FileSystem.stamp(path), !FileSystem.isDirectory(path) else { return [] }
        if let cached = state.withLock({ $0.cachedHistory(path: path, stamp: stamp) }) { return cached }
        guard let points = readMetricFile(path, key: key) else {
            throw MLflowError.storage("metric '\(key)' of run '\(runId)' cannot be read")
        }
        let sorted = Self.historyOrdered(points)
        state.withLock { $0.storeHistory(sorted, path: path, stamp: stamp) }
        return sorted
    }

    /// Points in history order; equal keys keep their file order.
    static func historyOrdered(_ points: [Metric]) -> [Metric] {
        let order = points.indices.sorted { (a: Int, b: Int) -> Bool in
            if MetricSampling.isInHistoryOrder(points[a], points[b]) { return true }
            if MetricSampling.isInHistoryOrder(points[b], points[a]) { return false }
            return a < b
        }
        return order.map { points[$0] }
    }
}
