import MLflowCore

extension FileStore {
    /// Dataset and model inputs from `inputs/<id>/meta.yaml`.
    ///
    /// MLflow writes the input's `destination_id` as the source id (`file_store.py`
    /// `_FileStoreInput.write_yaml`), so the run is the enclosing folder, never that field.
    /// Dataset inputs are sorted by name and digest, model inputs by id.
    func readInputs(_ folder: RunFolder, into run: inout Run, context: inout ReadContext) {
        let inputsFolder = folder.path + "/inputs"
        var datasets: [DatasetInput] = []
        var models: [String] = []
        for entry in FileSystem.list(inputsFolder) ?? [] where entry.isDirectory {
            let path = inputsFolder + "/" + entry.name
            let meta: MetaYAML
            do {
                meta = try MetaYAML(folder: path)
            } catch {
                warn("input '\(relative(path))' skipped: \(error)")
                continue
            }
            guard let sourceId = meta.string("source_id") else {
                warn("input '\(relative(path))' skipped: meta.yaml has no source_id")
                continue
            }
            switch meta.string("source_type") {
            case "DATASET":
                guard let dataset = dataset(id: sourceId, experiment: folder.experiment, context: &context) else {
                    warn("input '\(relative(path))' skipped: dataset '\(sourceId)' not found")
                    continue
                }
                let tags = (meta.stringMapping("tags") ?? [:]).map { KeyValue(key: $0.key, value: $0.value) }
                datasets.append(DatasetInput(dataset: dataset, tags: tags.sortedByKey()))
            case "MODEL":
                models.append(sourceId)
            default:
                warn("input '\(relative(path))' skipped: unknown source_type '\(meta.string("source_type") ?? "")'")
            }
        }
        run.datasetInputs = datasets.sorted {
            ($0.dataset.name, $0.dataset.digest) < ($1.dataset.name, $1.dataset.digest)
        }
        run.modelInputs = models.sorted()
    }

    /// Logged models the run produced, from `outputs/<model id>/meta.yaml`, sorted by step and id.
    func readOutputs(_ folder: RunFolder) -> [ModelOutput] {
        let outputsFolder = folder.path + "/outputs"
        var outputs: [ModelOutput] = []
        for entry in FileSystem.list(outputsFolder) ?? [] where entry.isDirectory {
            let path = outputsFolder + "/" + entry.name
            let meta: MetaYAML
            do {
                meta = try MetaYAML(folder: path)
            } catch {
                warn("output '\(relative(path))' skipped: \(error)")
                continue
            }
            guard meta.string("destination_type") == "MODEL_OUTPUT" else { continue }
            // Both ids hold the model id (see readInputs); MLflow reads destination_id.
            guard let modelId = meta.string("destination_id") ?? meta.string("source_id") else {
                warn("output '\(relative(path))' skipped: meta.yaml names no model")
                continue
            }
            outputs.append(ModelOutput(modelId: modelId, step: meta.int64("step") ?? 0))
        }
        return outputs.sorted { ($0.step, $0.modelId) < ($1.step, $1.modelId) }
    }

    /// A dataset record of an experiment (`datasets/<id>/meta.yaml`), read once per context.
    func dataset(id: String, experiment: ExperimentFolder, context: inout ReadContext) -> Dataset? {
        let path = experiment.path + "/datasets/" + id
        if let cached = context.datasets[path] { return cached }
        var dataset: Dataset?
        if isSafePathComponent(id) {
            do {
                let meta = try MetaYAML(folder: path)
                if let name = meta.string("name"), let digest = meta.string("digest") {
                    dataset = Dataset(
                        name: name, digest: digest,
                        sourceType: meta.string("source_type") ?? "",
                        source: meta.string("source") ?? "",
                        schema: meta.string("schema"),
                        profile: meta.string("profile")
                    )
                } else {
                    warn("dataset '\(relative(path))' skipped: meta.yaml lacks name or digest")
                }
            } catch {
                if case .missing = error {} else { warn("dataset '\(relative(path))' skipped: \(error)") }
            }
        }
        context.datasets[path] = .some(dataset)
        return dataset
    }
}
