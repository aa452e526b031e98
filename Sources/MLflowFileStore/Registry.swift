import MLflowCore

extension FileStore {
    /// The registry's folder, `mlruns/models` (MLflow's registry file store shares the root).
    var registryFolder: String { root + "/models" }

    /// Every registered model except prompts (MLflow hides those from model searches), by name.
    func readRegisteredModels() -> [RegisteredModel] {
        var models: [RegisteredModel] = []
        for entry in FileSystem.list(registryFolder) ?? [] where entry.isDirectory && !entry.name.hasPrefix(".") {
            guard let model = readRegisteredModel(folder: registryFolder + "/" + entry.name) else { continue }
            if model.tags.value(for: "mlflow.prompt.is_prompt") == "true" { continue }
            models.append(model)
        }
        return models.sorted { $0.name < $1.name }
    }

    /// Every version of one registered model (deleted ones left out), newest first.
    func readModelVersions(name: String) throws -> [ModelVersion] {
        let folder = registryFolder + "/" + name
        guard isSafePathComponent(name), !name.hasPrefix("."), FileSystem.isDirectory(folder) else {
            throw MLflowError.notFound("registered model '\(name)'")
        }
        let aliases = readAliases(folder)
        var versions: [ModelVersion] = []
        for entry in FileSystem.list(folder) ?? [] where entry.isDirectory && entry.name.hasPrefix("version-") {
            let path = folder + "/" + entry.name
            let meta: MetaYAML
            do {
                meta = try MetaYAML(folder: path)
            } catch {
                warn("model version folder '\(relative(path))' skipped: \(error)")
                continue
            }
            guard let version = meta.string("version") else {
                warn("model version folder '\(relative(path))' skipped: meta.yaml has no version")
                continue
            }
            let stage = meta.string("current_stage") ?? "None"
            if stage == "Deleted_Internal" { continue }
            versions.append(ModelVersion(
                name: meta.string("name") ?? name,
                version: version,
                creationTimestamp: meta.int64("creation_timestamp"),
                lastUpdatedTimestamp: meta.int64("last_updated_timestamp"),
                description: meta.string("description") ?? "",
                userId: meta.string("user_id") ?? "",
                currentStage: stage,
                source: meta.string("source") ?? "",
                runId: meta.string("run_id"),
                status: meta.string("status") ?? "READY",
                tags: readKeyValues(path + "/tags", what: "model version tag"),
                aliases: aliases.filter { $0.version == version }.map(\.alias),
                modelId: meta.string("model_id")
            ))
        }
        return versions.sorted { ExperimentOrder.idPrecedes($1.version, $0.version) }
    }

    /// One registered model from its folder; nil (with a note) when its `meta.yaml` is unusable.
    func readRegisteredModel(folder: String) -> RegisteredModel? {
        let meta: MetaYAML
        do {
            meta = try MetaYAML(folder: folder)
        } catch {
            warn("registered model folder '\(relative(folder))' skipped: \(error)")
            return nil
        }
        return RegisteredModel(
            name: meta.string("name") ?? PathText.lastComponent(folder),
            creationTimestamp: meta.int64("creation_timestamp"),
            lastUpdatedTimestamp: meta.int64("last_updated_timestamp"),
            description: meta.string("description") ?? "",
            tags: readKeyValues(folder + "/tags", what: "registered model tag"),
            aliases: readAliases(folder)
        )
    }

    /// The `aliases/<alias>` files (content: the version), sorted by alias. MLflow reads these,
    /// not the `aliases` mapping it also writes into `meta.yaml`.
    func readAliases(_ folder: String) -> [ModelAlias] {
        readKeyValues(folder + "/aliases", what: "alias")
            .map { ModelAlias(alias: $0.key, version: $0.value) }
    }
}
