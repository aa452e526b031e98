import MLflowCore

/// A logged model's folder: `<experiment>/models/<model id>`.
struct LoggedModelFolder {
    var experiment: ExperimentFolder
    var modelId: String
    var path: String
}

extension FileStore {
    /// The logged models of the given experiments, deleted ones left out, in MLflow's default
    /// order: creation time descending (unknown last), then model id.
    func readLoggedModels(experimentIds: [String]) throws -> [LoggedModel] {
        var models: [LoggedModel] = []
        var seen: Set<String> = []
        for id in experimentIds where seen.insert(id).inserted {
            guard let experiment = experimentFolder(id: id) else { continue }
            let folder = experiment.path + "/models"
            for entry in FileSystem.list(folder) ?? [] where entry.isDirectory && !entry.name.hasPrefix(".") {
                let modelFolder = LoggedModelFolder(experiment: experiment, modelId: entry.name, path: folder + "/" + entry.name)
                if let model = readLoggedModel(modelFolder) { models.append(model) }
            }
        }
        return models.sorted { a, b in
            switch (a.creationTimestamp, b.creationTimestamp) {
            case let (x?, y?) where x != y: return x > y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.modelId < b.modelId
            }
        }
    }

    /// The folder and `meta.yaml` of one logged model, in whichever experiment holds it.
    func loggedModelFolder(id: String) -> (LoggedModelFolder, MetaYAML)? {
        guard isSafePathComponent(id) else { return nil }
        for experiment in experimentFolders(view: .all) {
            let path = experiment.path + "/models/" + id
            guard FileSystem.isDirectory(path), let meta = try? MetaYAML(folder: path) else { continue }
            return (LoggedModelFolder(experiment: experiment, modelId: id, path: path), meta)
        }
        return nil
    }

    /// One logged model; nil when deleted, or (with a note) when its `meta.yaml` is unusable.
    func readLoggedModel(_ folder: LoggedModelFolder) -> LoggedModel? {
        let meta: MetaYAML
        do {
            meta = try MetaYAML(folder: folder.path)
        } catch {
            warn("logged model folder '\(relative(folder.path))' skipped: \(error)")
            return nil
        }
        if meta.string("lifecycle_stage") == LifecycleStage.deleted.rawValue { return nil }
        guard meta.string("model_id") == folder.modelId else {
            warn("logged model folder '\(relative(folder.path))' skipped: meta.yaml records model id '\(meta.string("model_id") ?? "")'")
            return nil
        }
        guard meta.string("experiment_id") == folder.experiment.id else {
            warn("logged model folder '\(relative(folder.path))' skipped: meta.yaml records experiment '\(meta.string("experiment_id") ?? "")'")
            return nil
        }
        return LoggedModel(
            modelId: folder.modelId,
            experimentId: folder.experiment.id,
            name: meta.string("name") ?? "",
            artifactUri: meta.string("artifact_location") ?? "",
            creationTimestamp: meta.int64("creation_timestamp"),
            lastUpdatedTimestamp: meta.int64("last_updated_timestamp"),
            status: Self.loggedModelStatus(meta),
            modelType: meta.string("model_type"),
            sourceRunId: meta.string("source_run_id"),
            params: readKeyValues(folder.path + "/params", what: "logged model param"),
            tags: readKeyValues(folder.path + "/tags", what: "logged model tag")
        )
    }

    /// `status` as written (an integer: 1 pending, 2 ready, 3 upload failed) or as a name.
    static func loggedModelStatus(_ meta: MetaYAML) -> LoggedModel.Status {
        if let code = meta.int64("status") {
            switch code {
            case 1: return .pending
            case 2: return .ready
            case 3: return .uploadFailed
            default: return .unspecified
            }
        }
        guard let name = meta.string("status")?.uppercased() else { return .unspecified }
        return LoggedModel.Status(rawValue: name) ?? LoggedModel.Status(rawValue: "LOGGED_MODEL_" + name) ?? .unspecified
    }
}
