import MLflowCore

extension FileStore {
    /// Where an owner's artifacts are on this disk.
    ///
    /// Roots are taken from `meta.yaml` (`artifact_uri` of a run, `artifact_location` of a logged
    /// model). When the recorded folder is gone — a store copied elsewhere, or an experiment moved
    /// to `.trash` — `LocalArtifactRoot` finds it under the store's own folder. A root found is kept
    /// while its `meta.yaml` is unchanged (same place, size and time), so that the files of one
    /// download do not each look through every experiment folder for their run.
    func artifactRoot(_ owner: ArtifactOwner) throws -> LocalArtifactRoot {
        if let known = state.withLock({ $0.artifactRoots[owner] }), FileSystem.stamp(known.meta) == known.stamp {
            return known.root
        }
        let (root, meta) = try findArtifactRoot(owner)
        if let stamp = FileSystem.stamp(meta) {
            state.withLock { $0.rememberArtifactRoot(CachedArtifactRoot(meta: meta, stamp: stamp, root: root), of: owner) }
        }
        return root
    }

    /// The root of `owner`, and the `meta.yaml` it was read from.
    private func findArtifactRoot(_ owner: ArtifactOwner) throws -> (LocalArtifactRoot, meta: String) {
        switch owner {
        case .run(let runId):
            guard let folder = runFolder(id: runId), let info = readRunInfo(folder) else {
                throw MLflowError.notFound("run '\(runId)'")
            }
            let uri = info.artifactUri.isEmpty ? folder.path + "/artifacts" : info.artifactUri
            return (try LocalArtifactRoot(uri: uri, storeDirectory: storeDirectory(of: folder.experiment), ownerId: runId),
                    folder.path + "/meta.yaml")
        case .loggedModel(let modelId):
            guard let (folder, meta) = loggedModelFolder(id: modelId) else {
                throw MLflowError.notFound("logged model '\(modelId)'")
            }
            let uri = meta.string("artifact_location") ?? (folder.path + "/artifacts")
            return (try LocalArtifactRoot(uri: uri, storeDirectory: storeDirectory(of: folder.experiment), ownerId: modelId),
                    folder.path + "/meta.yaml")
        }
    }

    /// The folder a recorded artifact path is relative to: the store, or `.trash` for a deleted
    /// experiment (whose recorded paths still name `mlruns/<id>`).
    private func storeDirectory(of experiment: ExperimentFolder) -> String {
        experiment.inTrash ? trashFolder : root
    }
}
