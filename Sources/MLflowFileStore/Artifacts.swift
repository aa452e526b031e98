import MLflowCore

extension FileStore {
    /// Where an owner's artifacts are on this disk.
    ///
    /// Roots are taken from `meta.yaml` (`artifact_uri` of a run, `artifact_location` of a logged
    /// model). When the recorded folder is gone — a store copied elsewhere, or an experiment moved
    /// to `.trash` — `LocalArtifactRoot` finds it under the store's own folder.
    func artifactRoot(_ owner: ArtifactOwner) throws -> LocalArtifactRoot {
        switch owner {
        case .run(let runId):
            guard let folder = runFolder(id: runId), let info = readRunInfo(folder) else {
                throw MLflowError.notFound("run '\(runId)'")
            }
            let uri = info.artifactUri.isEmpty ? folder.path + "/artifacts" : info.artifactUri
            return try LocalArtifactRoot(uri: uri, storeDirectory: storeDirectory(of: folder.experiment), ownerId: runId)
        case .loggedModel(let modelId):
            guard let (folder, meta) = loggedModelFolder(id: modelId) else {
                throw MLflowError.notFound("logged model '\(modelId)'")
            }
            let uri = meta.string("artifact_location") ?? (folder.path + "/artifacts")
            return try LocalArtifactRoot(uri: uri, storeDirectory: storeDirectory(of: folder.experiment), ownerId: modelId)
        }
    }

    /// The folder a recorded artifact path is relative to: the store, or `.trash` for a deleted
    /// experiment (whose recorded paths still name `mlruns/<id>`).
    private func storeDirectory(of experiment: ExperimentFolder) -> String {
        experiment.inTrash ? trashFolder : root
    }
}
