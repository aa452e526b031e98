import MLflowCore
import MLflowFileStore
import Testing

/// Dataset inputs, model inputs and outputs, logged models and the registry, in files as
/// MLflow 3.17 wrote them.
@Suite struct ModelTests {
    static let exp = "975011400745477304"
    static let run = "b7371914f85b4ab0a4b261ee170b2ece"
    static let model = "m-26578599ae1a448089f28cade4d948f5"
    static let dataset = "b39c8c7ff00fde72ffa33647748fa2fd"

    static func tree(_ name: String) throws -> TreeBuilder {
        let tree = try TreeBuilder(name)
        try tree.experiment(exp, name: "models")
        try tree.run(run, experiment: exp, name: "model-run", metrics: ["acc": "1795732102680 0.5 0 ds1 5edc214a\n"])
        try tree.write("\(exp)/datasets/\(dataset)/meta.yaml", """
            digest: 5edc214a
            name: ds1
            profile: '{"features_shape": [10], "features_size": 10, "features_nbytes": 80}'
            schema: '{"mlflow_tensorspec": {"features": "[{\\"type\\": \\"tensor\\", \\"tensor-spec\\":
              {\\"dtype\\": \\"int64\\", \\"shape\\": [-1]}}]", "targets": null}}'
            source: '{"uri": "/tmp/x.npy"}'
            source_type: local

            """)
        // destination_id holds the dataset id, as MLflow writes it.
        try tree.write("\(exp)/\(run)/inputs/c93404bfedb5a35f3593a6ba255cf3f7/meta.yaml", """
            destination_id: \(dataset)
            destination_type: RUN
            source_id: \(dataset)
            source_type: DATASET
            tags:
              mlflow.data.context: training

            """)
        try tree.write("\(exp)/\(run)/inputs/0d1f0e4c0b0f4d8a9c1e2f3a4b5c6d7e/meta.yaml", """
            destination_id: m-0000
            destination_type: RUN
            source_id: m-0000
            source_type: MODEL
            tags: {}

            """)
        try tree.write("\(exp)/\(run)/outputs/\(model)/meta.yaml", """
            destination_id: \(model)
            destination_type: MODEL_OUTPUT
            source_id: \(model)
            source_type: RUN_OUTPUT
            step: 4
            tags: {}

            """)
        try tree.write("\(exp)/models/\(model)/meta.yaml", """
            artifact_location: file://\(tree.root)/\(exp)/models/\(model)/artifacts
            creation_timestamp: 1795732102266
            experiment_id: '\(exp)'
            last_updated_timestamp: 1795732102677
            model_id: \(model)
            model_type: null
            name: model
            source_run_id: \(run)
            status: 2
            status_message: null

            """)
        try tree.write("\(exp)/models/\(model)/tags/mlflow.modelVersions", "[{\"name\": \"reg-model\", \"version\": 1}]")
        try tree.write("\(exp)/models/\(model)/params/alpha", "0.5")
        try tree.write("\(exp)/models/\(model)/metrics/acc", "1795732102680 0.5 0 \(run) ds1 5edc214a\n")
        try tree.write("\(exp)/models/\(model)/artifacts/MLmodel", "flavors: {}\n")
        try tree.write("\(exp)/models/m-older/meta.yaml", """
            artifact_location: file://\(tree.root)/\(exp)/models/m-older/artifacts
            creation_timestamp: 1000
            experiment_id: '\(exp)'
            model_id: m-older
            name: older
            status: 1

            """)
        try tree.write("\(exp)/models/m-deleted/meta.yaml", """
            creation_timestamp: 2000
            experiment_id: '\(exp)'
            lifecycle_stage: deleted
            model_id: m-deleted
            name: deleted
            status: 2

            """)
        try tree.write("models/reg-model/meta.yaml", """
            aliases:
              champion: '1'
            creation_timestamp: 1795732102688
            deployment_job_id: null
            deployment_job_state: null
            description: a model
            last_updated_timestamp: 1795732102713
            name: reg-model
            workspace: default

            """)
        try tree.write("models/reg-model/aliases/champion", "2")
        try tree.write("models/reg-model/aliases/old", "1")
        try tree.write("models/reg-model/tags/k", "v")
        for version in 1...3 {
            try tree.write("models/reg-model/version-\(version)/meta.yaml", """
                creation_timestamp: \(1795732102689 + version)
                current_stage: \(version == 3 ? "Deleted_Internal" : "None")
                deployment_job_state: null
                description: null
                last_updated_timestamp: 1795732102689
                model_id: \(model)
                name: reg-model
                run_id: \(run)
                run_link: null
                source: models:/\(model)
                status: READY
                status_message: null
                storage_location: file://\(tree.root)/\(exp)/models/\(model)/artifacts
                user_id: null
                version: \(version)
                workspace: default

                """)
        }
        try tree.write("models/reg-model/version-2/tags/vk", "vv")
        for version in [1, 10, 9] {
            try tree.write("models/a-many/version-\(version)/meta.yaml", "name: a-many\nversion: \(version)\ncurrent_stage: None\n")
        }
        try tree.write("models/a-many/meta.yaml", "name: a-many\ncreation_timestamp: 5\n")
        try tree.write("models/prompt/meta.yaml", "name: prompt\n")
        try tree.write("models/prompt/tags/mlflow.prompt.is_prompt", "true")
        return tree
    }

    @Test func readsDatasetAndModelInputsAndOutputs() async throws {
        let store = try FileStore(path: try Self.tree("models-inputs").root)
        let run = try await store.run(id: Self.run)
        #expect(run.datasetInputs == [DatasetInput(
            dataset: Dataset(
                name: "ds1", digest: "5edc214a", sourceType: "local", source: "{\"uri\": \"/tmp/x.npy\"}",
                schema: "{\"mlflow_tensorspec\": {\"features\": \"[{\\\"type\\\": \\\"tensor\\\", \\\"tensor-spec\\\": {\\\"dtype\\\": \\\"int64\\\", \\\"shape\\\": [-1]}}]\", \"targets\": null}}",
                profile: "{\"features_shape\": [10], \"features_size\": 10, \"features_nbytes\": 80}"),
            tags: [KeyValue(key: "mlflow.data.context", value: "training")])])
        #expect(run.modelInputs == ["m-0000"])
        #expect(run.modelOutputs == [ModelOutput(modelId: Self.model, step: 4)])
        // The five-field line's own step is kept.
        #expect(run.metrics == [Metric(key: "acc", value: 0.5, timestamp: 1_795_732_102_680, step: 0)])
        #expect(store.warnings.isEmpty)
    }

    @Test func listsLoggedModelsNewestFirstWithoutDeletedOnes() async throws {
        let tree = try Self.tree("models-logged")
        let store = try FileStore(path: tree.root)
        let models = try await store.loggedModels(experimentIds: [Self.exp, "404"])
        #expect(models.map(\.modelId) == [Self.model, "m-older"])
        #expect(models[0] == LoggedModel(
            modelId: Self.model, experimentId: Self.exp, name: "model",
            artifactUri: "file://\(tree.root)/\(Self.exp)/models/\(Self.model)/artifacts",
            creationTimestamp: 1_795_732_102_266, lastUpdatedTimestamp: 1_795_732_102_677, status: .ready,
            modelType: nil, sourceRunId: Self.run, params: [KeyValue(key: "alpha", value: "0.5")],
            tags: [KeyValue(key: "mlflow.modelVersions", value: "[{\"name\": \"reg-model\", \"version\": 1}]")]))
        #expect(models[1].status == .pending)
        #expect(models[1].lastUpdatedTimestamp == nil)
        let files = try await store.listArtifacts(.loggedModel(Self.model), path: "")
        #expect(files == [ArtifactEntry(path: "MLmodel", isDir: false, fileSize: 12)])
    }

    @Test func readsTheRegistry() async throws {
        let store = try FileStore(path: try Self.tree("models-registry").root)
        let models = try await store.registeredModels()
        #expect(models.map(\.name) == ["a-many", "reg-model"])
        #expect(models[1] == RegisteredModel(
            name: "reg-model", creationTimestamp: 1_795_732_102_688, lastUpdatedTimestamp: 1_795_732_102_713,
            description: "a model", tags: [KeyValue(key: "k", value: "v")],
            aliases: [ModelAlias(alias: "champion", version: "2"), ModelAlias(alias: "old", version: "1")]))
        #expect(models[0].description == "")

        let versions = try await store.modelVersions(name: "reg-model")
        #expect(versions.map(\.version) == ["2", "1"])
        #expect(versions[0] == ModelVersion(
            name: "reg-model", version: "2", creationTimestamp: 1_795_732_102_691, lastUpdatedTimestamp: 1_795_732_102_689,
            description: "", userId: "", currentStage: "None", source: "models:/\(Self.model)", runId: Self.run,
            status: "READY", tags: [KeyValue(key: "vk", value: "vv")], aliases: ["champion"], modelId: Self.model))
        #expect(versions[1].aliases == ["old"])
        #expect(try await store.modelVersions(name: "a-many").map(\.version) == ["10", "9", "1"])
        for bad in ["nope", "..", "", ".trash"] {
            await #expect(throws: MLflowError.notFound("registered model '\(bad)'")) { try await store.modelVersions(name: bad) }
        }
    }
}
