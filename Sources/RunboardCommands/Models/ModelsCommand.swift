import ArgumentParser
import Foundation
import MLflowClient

/// `runboard models`: the registered models, or one model's versions.
struct ModelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the registered models, or one model's versions with their aliases and source runs.",
        discussion: """
        Without a name: each model with its newest version, aliases, tags, description and last update. \
        With a name: the model's versions, newest first, with status, aliases, source run, creation time, \
        source URI and logged model. An unknown model exits with status 2.
        """)

    @Argument(help: ArgumentHelp("A registered model: list its versions.", valueName: "name"),
              completion: .custom(Completions.models))
    var name: String?

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let tracking = try store.open()
        let text: String = try await withClosing(tracking) {
            let models = try await tracking.registeredModels().sorted { $0.name < $1.name }
            guard let name else {
                return Self.render(try await Self.withLatest(models, in: tracking), format: store.format, width: terminalWidth())
            }
            guard models.contains(where: { $0.name == name }) else {
                throw CLIError.usage("no registered model named '\(TerminalSafe.sanitize(name))' (runboard models lists them)")
            }
            let versions = ModelVersion.newestFirst(try await tracking.modelVersions(name: name))
            return Self.render(versions, format: store.format, width: terminalWidth())
        }
        emit(text)
    }

    /// Each model with its newest version (nil when it has none).
    static func withLatest(_ models: [RegisteredModel], in store: any TrackingStore) async throws -> [(RegisteredModel, String?)] {
        var result: [(RegisteredModel, String?)] = []
        for model in models {
            let versions = try await store.modelVersions(name: model.name)
            result.append((model, ModelVersion.newestFirst(versions).first?.version))
        }
        return result
    }

    /// `@champion → v1, @staging → v2`.
    static func aliases(_ aliases: [ModelAlias]) -> String {
        aliases.map { "@\($0.alias) → v\($0.version)" }.joined(separator: ", ")
    }

    static func render(_ models: [(RegisteredModel, String?)], format: OutputFormat, width: Int) -> String {
        if format == .json { return String(decoding: ModelsJSON.models(models), as: UTF8.self) }
        let rows = models.map { model, latest -> [String] in
            [model.name, latest.map { "v" + $0 } ?? "", aliases(model.aliases), model.tags.map { "\($0.key)=\($0.value)" }.joined(separator: ", "),
             model.description, Format.time(model.lastUpdatedTimestamp ?? model.creationTimestamp)]
        }
        return TextTable(columns: ["name", "latest", "aliases", "tags", "description", "updated"], rows: rows, droppableFrom: 3)
            .render(format, width: width)
    }

    static func render(_ versions: [ModelVersion], format: OutputFormat, width: Int) -> String {
        if format == .json { return String(decoding: ModelsJSON.versions(versions), as: UTF8.self) }
        let rows = versions.map { v -> [String] in
            [v.version, v.status, v.aliases.sorted().map { "@" + $0 }.joined(separator: ", "), v.runId ?? "", Format.time(v.creationTimestamp),
             v.source, v.loggedModelId ?? ""]
        }
        return TextTable(columns: ["version", "status", "aliases", "run_id", "created", "source", "logged_model"], rows: rows,
                         numericColumns: [0], droppableFrom: 4).render(format, width: width)
    }
}

/// The JSON of `runboard models`: stable keys, sorted, as MLflow's API names them.
enum ModelsJSON {
    static func models(_ models: [(RegisteredModel, String?)]) -> [UInt8] {
        var w = JSONWriter()
        w.beginArray()
        for (model, latest) in models {
            w.beginObject()
            w.key("aliases"); w.stringMap(model.aliases.sorted { $0.alias < $1.alias }.map { ($0.alias, $0.version) })
            w.key("creation_timestamp"); w.optionalInt(model.creationTimestamp)
            w.key("description"); w.string(model.description)
            w.key("last_updated_timestamp"); w.optionalInt(model.lastUpdatedTimestamp)
            w.key("latest_version"); w.optionalString(latest)
            w.key("name"); w.string(model.name)
            w.key("tags"); w.stringMap(JSONOutput.sortedPairs(model.tags))
            w.endObject()
        }
        w.endArray()
        return w.bytes
    }

    static func versions(_ versions: [ModelVersion]) -> [UInt8] {
        var w = JSONWriter()
        w.beginArray()
        for v in versions {
            w.beginObject()
            w.key("aliases")
            w.beginArray()
            for alias in v.aliases.sorted() { w.string(alias) }
            w.endArray()
            w.key("creation_timestamp"); w.optionalInt(v.creationTimestamp)
            w.key("current_stage"); w.string(v.currentStage)
            w.key("description"); w.string(v.description)
            w.key("last_updated_timestamp"); w.optionalInt(v.lastUpdatedTimestamp)
            w.key("model_id"); w.optionalString(v.loggedModelId)
            w.key("name"); w.string(v.name)
            w.key("run_id"); w.optionalString(v.runId.flatMap { $0.isEmpty ? nil : $0 })
            w.key("source"); w.string(v.source)
            w.key("status"); w.string(v.status)
            w.key("tags"); w.stringMap(JSONOutput.sortedPairs(v.tags))
            w.key("user_id"); w.string(v.userId)
            w.key("version"); w.string(v.version)
            w.endObject()
        }
        w.endArray()
        return w.bytes
    }
}
