import MLflowCore

extension EffectRunner {
    /// Performs the artifacts room's store work.
    func performArtifacts(_ effect: ArtifactsEffect) {
        switch effect {
        case let .listFolder(id, folder, owner):
            start(id) { store, send in
                let entries = try await ArtifactPlan.checkedListing(store: store, owner: owner, folder: folder.path)
                send(.artifacts(.folderListed(requestId: id, folder, entries)))
            }
        case let .crawl(id, root, owner, folders, maxEntries):
            start(id) { store, send in
                let stopped = try await Self.crawl(store: store, owner: owner, folders: folders, maxEntries: maxEntries) { folder in
                    send(.artifacts(.crawled(requestId: id, root: root, [folder])))
                }
                send(.artifacts(.crawlFinished(requestId: id, stopped: stopped)))
            }
        case let .loadLoggedModels(id, runId):
            start(id) { store, send in
                let run = try await store.run(id: runId)
                let models = try await store.loggedModels(experimentIds: [run.info.experimentId])
                send(.artifacts(.loggedModelsLoaded(requestId: id, models.filter { $0.sourceRunId == runId })))
            }
        case let .loadVersions(id, runId):
            start(id) { store, send in
                let names = try await store.registeredModels().map(\.name)
                let versions = try await BoundedWork.map(names) { name in
                    try await store.modelVersions(name: name).filter { $0.runId == runId }
                }
                send(.artifacts(.versionsLoaded(requestId: id, versions.flatMap { $0 })))
            }
        case let .resolveVersion(id, name, version):
            start(id) { store, send in
                let resolved = try await ArtifactSource.modelVersion(name: name, version: version, path: "").resolve(in: store)
                send(.artifacts(.versionResolved(requestId: id, name: name, version: version, owner: resolved.owner, path: resolved.path)))
            }
        }
    }

    /// Lists `folders` and every folder under them, `jobs` listings at a time, handing each folder
    /// (or why it could not be listed) to `deliver` as it arrives. Returns true when it stopped
    /// after `maxEntries` entries with folders left unlisted.
    static func crawl(store: any TrackingStore, owner: ArtifactOwner, folders: [String], maxEntries: Int, jobs: Int = 4,
                      deliver: @escaping @Sendable (ArtifactCrawledFolder) -> Void) async throws -> Bool {
        var pending = folders
        var seen = 0
        return try await withThrowingTaskGroup(of: ArtifactCrawledFolder.self) { group in
            var running = 0
            func launch() {
                while running < max(1, jobs), let folder = pending.popLast() {
                    running += 1
                    group.addTask {
                        do {
                            return ArtifactCrawledFolder(path: folder, entries: try await ArtifactPlan.checkedListing(store: store, owner: owner, folder: folder))
                        } catch {
                            try Task.checkCancellation()
                            return ArtifactCrawledFolder(path: folder, entries: [], error: describe(error))
                        }
                    }
                }
            }
            launch()
            while let folder = try await group.next() {
                running -= 1
                try Task.checkCancellation()
                deliver(folder)
                seen += folder.entries.count
                if seen >= maxEntries {
                    group.cancelAll()
                    return !pending.isEmpty || running > 0 || folder.entries.contains(where: \.isDir)
                }
                pending += folder.entries.filter(\.isDir).map(\.path).reversed()
                launch()
            }
            return false
        }
    }
}
