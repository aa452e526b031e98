import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures
import Testing

@Suite(.enabled(if: FixtureStore.available))
struct ModelTests {
    @Test func modelsAndTheRegistryAreMLflows() async throws {
        let store = try FixtureStore.open()
        let main = try FixtureStore.experimentId("fixture-main")
        let answers = try await MLflowReference.answers(db: try FixtureStore.referenceCopy("models"), [
            ["kind": "logged_models", "experiment_ids": [main]],
            ["kind": "logged_models", "experiment_ids": [try FixtureStore.experimentId("fixture-empty")]],
            ["kind": "registered_models"],
            ["kind": "model_versions", "name": "fixture-model"],
        ])
        let expectedModels = try answers[0].decode([LoggedModel].self).map { model in
            var model = model
            model.params = model.params.sortedByKey()
            model.tags = model.tags.sortedByKey()
            return model
        }
        #expect(try await store.loggedModels(experimentIds: [main]) == expectedModels)
        #expect(try await store.loggedModels(experimentIds: [try FixtureStore.experimentId("fixture-empty")]) == (try answers[1].decode([LoggedModel].self)))
        #expect(try await store.registeredModels() == (try answers[2].decode([RegisteredModel].self)).map { model in
            var model = model
            model.tags = model.tags.sortedByKey()
            return model
        })
        // MLflow's SQL registry keeps no model_id; the store reads it from the models:/ source.
        let versions = try await store.modelVersions(name: "fixture-model")
        let expected = try answers[3].decode([ModelVersion].self)
        #expect(versions.map { version in
            var version = version
            version.modelId = nil
            return version
        } == expected)
    }

    @Test func generatedValues() async throws {
        let store = try FixtureStore.open()
        let main = try FixtureStore.experimentId("fixture-main")
        let modelId = try FixtureStore.modelId("model")
        let model = try #require(try await store.loggedModels(experimentIds: [main]).first)
        #expect(model.modelId == modelId)
        #expect(model.name == "model")
        #expect(model.status == .ready)
        #expect(model.modelType == "fixture-classifier")
        #expect(model.sourceRunId == (try FixtureStore.runId("artifact-run")))
        #expect(model.params == [KeyValue(key: "n_features", value: "2"), KeyValue(key: "threshold", value: "0.5")])
        #expect(model.tags.value(for: "framework") == "none")
        #expect(model.tags.value(for: "mlflow.modelVersions") == "[{\"name\": \"fixture-model\", \"version\": 1}]")
        #expect(model.artifactUri.hasSuffix("/sqlite/mlruns/\(main)/models/\(modelId)/artifacts"))

        let registered = try await store.registeredModels()
        #expect(registered.map(\.name) == ["fixture-model"])
        #expect(registered.first?.description == "Classifier registered by the fixture generator.")
        #expect(registered.first?.tags == [KeyValue(key: "task", value: "classification")])
        #expect(registered.first?.aliases == [ModelAlias(alias: "champion", version: "1")])

        let versions = try await store.modelVersions(name: "fixture-model")
        #expect(versions.count == 1)
        let version = try #require(versions.first)
        #expect(version.version == "1")
        #expect(version.source == "models:/\(modelId)")
        #expect(version.modelId == modelId)
        #expect(version.runId == (try FixtureStore.runId("artifact-run")))
        #expect(version.aliases == ["champion"])
        #expect(version.tags == [KeyValue(key: "validated", value: "true")])
        #expect(version.description == "First version, from artifact-run.")
        #expect(version.currentStage == "None")
        #expect(version.status == "READY")
        #expect(try await store.modelVersions(name: "no such model").isEmpty)
        #expect(try await store.loggedModels(experimentIds: []).isEmpty)
    }
}
