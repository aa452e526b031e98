import MLflowCore

/// Performs effects against a store in tasks of their own and posts the answers back as actions.
///
/// The runner never sees the state. Each request's task is kept by id so that `cancel` stops it;
/// answers of a cancelled or superseded request may still arrive, and `reduce` drops them by id.
public actor EffectRunner {
    private let store: any TrackingStore
    private let send: @Sendable (Action) -> Void
    private var tasks: [Int: Task<Void, Never>] = [:]
    /// Requests cancelled before their effect reached the runner (effects may arrive out of order):
    /// their work is never started. Request ids only grow, so the set is trimmed to the newest.
    private var cancelledEarly: Set<Int> = []
    /// Decodes the image preview's files (none: the preview says so).
    let imageDecoder: (any ImageFileDecoder)?

    /// `send` is called from the runner's tasks, on any thread.
    public init(store: any TrackingStore, imageDecoder: (any ImageFileDecoder)? = nil, send: @escaping @Sendable (Action) -> Void) {
        self.store = store
        self.imageDecoder = imageDecoder
        self.send = send
    }

    /// Starts the work of one effect; effects that are not store calls are ignored here.
    public func perform(_ effect: Effect) {
        switch effect {
        case .cancel(let id):
            if let task = tasks.removeValue(forKey: id) {
                task.cancel()
            } else {
                cancelledEarly.insert(id)
                if cancelledEarly.count > 1_000, let oldest = cancelledEarly.min() { cancelledEarly.remove(oldest) }
            }
        case .copyToClipboard, .quit:
            break
        case .loadExperiments(let id, let view):
            start(id) { store, send in
                send(.experimentsLoaded(requestId: id, try await store.allExperiments(view: view)))
            }
        case let .loadRuns(id, query, firstPageSize, pageSize, pause):
            start(id) { store, send in
                try await store.streamRuns(
                    query, firstPageSize: firstPageSize, pageSize: pageSize, pauseAfterFirstPage: .milliseconds(pause)
                ) { page, done in
                    send(.runsPageLoaded(requestId: id, page, done: done))
                }
            }
        case let .refreshRuns(id, experimentIds, runIds):
            start(id) { store, send in
                send(.runsRefreshed(requestId: id, try await Self.currentRuns(store, experimentIds: experimentIds, runIds: runIds)))
            }
        case let .loadRunCounts(id, experimentIds):
            start(id) { store, send in
                let counts = (try? await store.runCounts(experimentIds: experimentIds)) ?? nil
                send(.runCountsLoaded(requestId: id, counts ?? [:]))
            }
        case let .loadRun(id, runId):
            start(id) { store, send in
                send(.runLoaded(requestId: id, try await store.run(id: runId)))
            }
        case let .loadMetricHistories(id, runId, keys, maxPoints):
            start(id) { store, send in
                var histories: [String: [Metric]] = [:]
                for key in keys {
                    try Task.checkCancellation()
                    let sampled = try await store.sampledMetricHistory(runIds: [runId], key: key, maxPoints: maxPoints, steps: nil)
                    histories[key] = sampled[runId] ?? []
                }
                send(.metricHistoriesLoaded(requestId: id, histories))
            }
        case let .loadMetricSummaries(id, runId, keys):
            start(id) { store, send in
                for key in keys {
                    try Task.checkCancellation()
                    let summary = try await store.metricSummary(runId: runId, key: key) { points in
                        send(.metricSummaryProgress(requestId: id, key: key, points: points))
                    }
                    send(.metricSummaryLoaded(requestId: id, key: key, summary))
                }
            }
        case let .loadChartHistory(id, runId, key, maxPoints):
            start(id) { store, send in
                let points: [Metric]
                if let maxPoints {
                    points = try await store.sampledMetricHistory(runIds: [runId], key: key, maxPoints: maxPoints, steps: nil)[runId] ?? []
                } else {
                    points = MetricSampling.sample(try await store.fullMetricHistory(runId: runId, key: key, steps: nil) { count in
                        send(.chartHistoryProgress(requestId: id, points: count))
                    }, maxPoints: Int.max)
                }
                send(.chartHistoryLoaded(requestId: id, points))
            }
        case let .loadComparedRuns(id, runIds):
            start(id) { store, send in
                let found = try await BoundedWork.map(runIds) { runId -> Run? in
                    do {
                        let run = try await store.run(id: runId)
                        return run.info.lifecycleStage == .deleted ? nil : run
                    } catch MLflowError.notFound {
                        return nil
                    }
                }
                let missing = zip(runIds, found).filter { $0.1 == nil }.map(\.0)
                send(.compare(.runsLoaded(requestId: id, found.compactMap { $0 }, missing: missing)))
            }
        case let .loadComparisonFigures(id, items, reading):
            start(id) { store, send in
                let figures = try await MetricFigures.read(items, reading, store: store) { done in
                    send(.compare(.figuresProgress(requestId: id, done: done)))
                }
                send(.compare(.figuresLoaded(requestId: id, figures)))
            }
        case let .loadOverlayHistories(id, runIds, key, maxPoints, steps):
            start(id) { store, send in
                try await store.sampledMetricHistories(runIds: runIds, key: key, maxPoints: maxPoints, steps: steps) { batch in
                    send(.overlay(.batchLoaded(requestId: id, key: key, batch)))
                }
                send(.overlay(.loadFinished(requestId: id, key: key)))
            }
        case .artifacts(let effect): performArtifacts(effect)
        case .pager(let effect): performPager(effect)
        case .image(let effect): performImage(effect)
        case .models(let effect): performModels(effect)
        case .downloads(let effect): performDownloads(effect)
        case let .loadChartWindow(id, runId, key, steps, maxPoints):
            start(id) { store, send in
                let points = try await store.sampledMetricHistory(runIds: [runId], key: key, maxPoints: maxPoints, steps: steps)[runId] ?? []
                send(.chartWindowLoaded(requestId: id, points))
            }
        }
    }

    /// The current state of `runIds`: one search per hundred runs (`attributes.run_id IN (...)`), not
    /// one call per run; ids that could not be quoted in a filter are asked for one by one. Runs no
    /// longer found (deleted or purged meanwhile) are left out; the others still come back.
    public static func currentRuns(_ store: any TrackingStore, experimentIds: [String], runIds: [String]) async throws -> [Run] {
        let quotable = runIds.filter { id in !id.isEmpty && id.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") } }
        var runs: [Run] = []
        for start in stride(from: 0, to: quotable.count, by: 100) {
            try Task.checkCancellation()
            let chunk = quotable[start..<min(start + 100, quotable.count)]
            let filter = "attributes.run_id IN (" + chunk.map { "'\($0)'" }.joined(separator: ", ") + ")"
            runs += try await store.searchRuns(RunQuery(experimentIds: experimentIds, filter: filter), pageSize: chunk.count, pageToken: nil).items
        }
        let asked = Set(quotable)
        for runId in runIds where !asked.contains(runId) {
            try Task.checkCancellation()
            do {
                let run = try await store.run(id: runId)
                if run.info.lifecycleStage != .deleted { runs.append(run) }
            } catch MLflowError.notFound {
                // Deleted or purged meanwhile: left out, the others go on.
            }
        }
        return runs
    }

    /// Cancels every request in flight.
    public func cancelAll() {
        for task in tasks.values { task.cancel() }
        tasks = [:]
    }

    /// Cancels every request in flight and waits, at most `limit`, for their tasks to end: a
    /// download's temporary files are removed as it stops. Called when the dashboard quits, after the
    /// terminal is given back.
    public func cancelAllAndWait(atMost limit: Duration) async {
        let running = Array(tasks.values)
        cancelAll()
        guard !running.isEmpty else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { for task in running { await task.value } }
            group.addTask { try? await Task.sleep(for: limit) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Number of requests still running (for tests).
    public var pendingCount: Int { tasks.count }

    /// Runs `work` as request `id`'s task (cancelled by `.cancel(id)`); a thrown error is answered as `requestFailed`.
    func start(_ id: Int, _ work: @escaping @Sendable (any TrackingStore, @escaping @Sendable (Action) -> Void) async throws -> Void) {
        if cancelledEarly.remove(id) != nil { return }
        let store = store
        let send = send
        tasks[id] = Task { [weak self] in
            do {
                try await work(store, send)
            } catch is CancellationError {
            } catch {
                if !Task.isCancelled { send(.requestFailed(requestId: id, message: Self.describe(error))) }
            }
            await self?.finished(id)
        }
    }

    private func finished(_ id: Int) {
        tasks[id] = nil
    }

    /// A one-line description of a store error.
    static func describe(_ error: any Error) -> String {
        if let error = error as? MLflowError { return error.description }
        if let error = error as? SearchSyntaxError { return error.description }
        return String(describing: error)
    }
}
