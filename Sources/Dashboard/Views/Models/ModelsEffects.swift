import MLflowCore

/// How many models' newest versions are sent back at once.
let latestVersionsBatch = 25

extension EffectRunner {
    /// Performs the models room's store work.
    func performModels(_ effect: ModelsEffect) {
        switch effect {
        case .loadModels(let id):
            start(id) { store, send in
                let models = try await store.registeredModels().sorted { $0.name < $1.name }
                send(.models(.modelsLoaded(requestId: id, models)))
                // Each model's newest version: one read per model, sent in batches as they come.
                var batch: [String: String] = [:]
                for (index, model) in models.enumerated() {
                    try Task.checkCancellation()
                    let versions = (try? await store.modelVersions(name: model.name)) ?? []
                    if let newest = ModelVersion.newestFirst(versions).first { batch[model.name] = newest.version }
                    let last = index == models.count - 1
                    if batch.count >= latestVersionsBatch || last {
                        send(.models(.latestLoaded(requestId: id, batch, done: last)))
                        batch = [:]
                    }
                }
                if models.isEmpty { send(.models(.latestLoaded(requestId: id, [:], done: true))) }
            }
        case let .loadVersions(id, name):
            start(id) { store, send in
                let versions = try await store.modelVersions(name: name)
                send(.models(.versionsLoaded(requestId: id, name: name, ModelVersion.newestFirst(versions))))
            }
        case let .loadRunNames(id, runIds):
            start(id) { store, send in
                var names: [String: String] = [:]
                var gone: [String] = []
                for runId in runIds {
                    try Task.checkCancellation()
                    do {
                        names[runId] = try await store.run(id: runId).info.runName
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        // Not named: the id stays on screen, and Enter says what is wrong.
                        if isNotFound(error) { gone.append(runId) }
                    }
                }
                send(.models(.runNamesLoaded(requestId: id, names: names, gone: gone)))
            }
        case let .loadSourceRun(id, runId):
            start(id) { store, send in
                send(.models(.sourceRunLoaded(requestId: id, try await store.run(id: runId))))
            }
        case let .resolveFiles(id, name, version, label, runId, download):
            start(id) { store, send in
                let resolved = try await ArtifactSource.modelVersion(name: name, version: version, path: "").resolve(in: store)
                let root = ArtifactRootRef(owner: resolved.owner, path: resolved.path, label: label, runId: runId)
                send(.models(.filesResolved(requestId: id, root, download: download)))
            }
        }
    }
}
