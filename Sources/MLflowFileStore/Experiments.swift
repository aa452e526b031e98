import MLflowCore

/// An experiment's folder: `mlruns/<id>` or, once deleted, `mlruns/.trash/<id>`.
struct ExperimentFolder: Hashable {
    var id: String
    var path: String
    var inTrash: Bool
}

extension FileStore {
    /// The experiment folders of a view, by where they are (MLflow moves deleted ones to `.trash`).
    func experimentFolders(view: ViewType) -> [ExperimentFolder] {
        var folders: [ExperimentFolder] = []
        if view != .deletedOnly {
            for entry in FileSystem.list(root) ?? [] where entry.isDirectory {
                // `models` holds the registry; hidden folders (`.trash`, editor caches) are not experiments.
                guard entry.name != "models", !entry.name.hasPrefix(".") else { continue }
                folders.append(ExperimentFolder(id: entry.name, path: root + "/" + entry.name, inTrash: false))
            }
        }
        if view != .activeOnly {
            for entry in FileSystem.list(trashFolder) ?? [] where entry.isDirectory && !entry.name.hasPrefix(".") {
                folders.append(ExperimentFolder(id: entry.name, path: trashFolder + "/" + entry.name, inTrash: true))
            }
        }
        return folders
    }

    /// The folder of one experiment, live or deleted.
    func experimentFolder(id: String) -> ExperimentFolder? {
        guard isSafePathComponent(id), id != "models", !id.hasPrefix(".") else { return nil }
        if FileSystem.isDirectory(root + "/" + id) {
            return ExperimentFolder(id: id, path: root + "/" + id, inTrash: false)
        }
        if FileSystem.isDirectory(trashFolder + "/" + id) {
            return ExperimentFolder(id: id, path: trashFolder + "/" + id, inTrash: true)
        }
        return nil
    }

    /// Every readable experiment of a view, unsorted.
    func experiments(view: ViewType) -> [Experiment] {
        experimentFolders(view: view).compactMap(readExperiment)
    }

    /// One experiment from its folder; nil (with a note) when its `meta.yaml` is unusable.
    func readExperiment(_ folder: ExperimentFolder) -> Experiment? {
        let meta: MetaYAML
        do {
            meta = try MetaYAML(folder: folder.path)
        } catch {
            warn("experiment folder '\(relative(folder.path))' skipped: \(error)")
            return nil
        }
        // Legacy files store the id as an integer; its text is the same.
        guard let recordedId = meta.string("experiment_id") else {
            warn("experiment folder '\(relative(folder.path))' skipped: meta.yaml has no experiment_id")
            return nil
        }
        guard recordedId == folder.id else {
            warn("experiment folder '\(relative(folder.path))' skipped: meta.yaml records id '\(recordedId)'")
            return nil
        }
        guard let name = meta.string("name") else {
            warn("experiment folder '\(relative(folder.path))' skipped: meta.yaml has no name")
            return nil
        }
        let stage = meta.string("lifecycle_stage").flatMap(LifecycleStage.init(rawValue:))
            ?? (folder.inTrash ? .deleted : .active)
        return Experiment(
            experimentId: recordedId,
            name: name,
            artifactLocation: meta.string("artifact_location") ?? "",
            lifecycleStage: stage,
            creationTime: meta.int64("creation_time"),
            lastUpdateTime: meta.int64("last_update_time"),
            tags: readKeyValues(folder.path + "/tags", what: "experiment tag")
        )
    }

    /// One `KeyValue` per file under `folder` (key = relative path, value = content), sorted by key.
    func readKeyValues(_ folder: String, what: String) -> [KeyValue] {
        var result: [KeyValue] = []
        for key in FileSystem.walkFiles(folder) {
            do {
                result.append(KeyValue(key: key, value: try FileSystem.readText(folder + "/" + key)))
            } catch {
                warn("\(what) '\(key)' in '\(relative(folder))' skipped: \(error)")
            }
        }
        return result.sortedByKey()
    }
}

/// MLflow's default experiment order: creation time descending (unknown last), then id ascending.
///
/// Ids are compared as numbers when both are, as a SQL store does; MLflow's own file store compares
/// them as strings, which differs only for ids of different lengths.
enum ExperimentOrder {
    static func sorted(_ experiments: [Experiment]) -> [Experiment] {
        experiments.sorted(by: areInIncreasingOrder)
    }

    static func areInIncreasingOrder(_ a: Experiment, _ b: Experiment) -> Bool {
        switch (a.creationTime, b.creationTime) {
        case let (x?, y?) where x != y: return x > y
        case (.some, nil): return true
        case (nil, .some): return false
        default: return idPrecedes(a.experimentId, b.experimentId)
        }
    }

    /// Numeric order for digit-only ids, string order otherwise.
    static func idPrecedes(_ a: String, _ b: String) -> Bool {
        let aDigits = !a.isEmpty && a.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        let bDigits = !b.isEmpty && b.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        if aDigits && bDigits {
            let a = a.drop { $0 == "0" }, b = b.drop { $0 == "0" }
            if a.count != b.count { return a.count < b.count }
            return a < b
        }
        if aDigits != bDigits { return aDigits }
        return a < b
    }
}
