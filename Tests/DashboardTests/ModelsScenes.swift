import Dashboard
import MLflowCore
import TerminalCore

/// The models room built through the reducer, answered with a registry that has a hostile name or two.
enum ModelsScenes {
    static let now = Scenes.now
    static let evil = "\u{1b}[2J\u{1b}[31mEVIL\u{202e}lpt.exe"

    static let models: [RegisteredModel] = [
        RegisteredModel(name: "fixture-model", creationTimestamp: now - 86_400_000 * 3, lastUpdatedTimestamp: now - 3_600_000,
                        description: "Classifier registered by the fixture generator.\nIts second line stays out of the table.",
                        tags: [KeyValue(key: "task", value: "classification")],
                        aliases: [ModelAlias(alias: "champion", version: "3"), ModelAlias(alias: "staging", version: "4")]),
        RegisteredModel(name: evil, creationTimestamp: now - 120_000, description: "bidi \u{202e}txt.exe and a bell\u{7}",
                        tags: [KeyValue(key: "k\u{7}", value: "v\u{1b}[0m")], aliases: [ModelAlias(alias: "prod\u{202e}", version: "1")]),
        RegisteredModel(name: "no-versions", creationTimestamp: now - 86_400_000 * 40),
        RegisteredModel(name: "日本語-モデル", creationTimestamp: now - 86_400_000 * 10, lastUpdatedTimestamp: now - 86_400_000,
                        description: "幅の広い文字", aliases: [ModelAlias(alias: "champion", version: "2")]),
    ]

    static let latest = ["fixture-model": "4", evil: "1", "日本語-モデル": "2"]

    /// A run in an experiment whose runs are not on screen (`mnist` is previewed in the scenes).
    static let otherRun = makeRun("f6a5", name: "distilled", experiment: "3", start: now - 86_400_000 * 2)

    static let versions: [ModelVersion] = [
        ModelVersion(name: "fixture-model", version: "4", creationTimestamp: now - 600_000, source: "models:/m-0123456789abcdef0123456789abcdef",
                     runId: "d4c3", aliases: ["staging"], modelId: "m-0123456789abcdef0123456789abcdef"),
        ModelVersion(name: "fixture-model", version: "3", creationTimestamp: now - 86_400_000, description: "the one in production",
                     source: "runs:/a1f0/model", runId: "a1f0", aliases: ["champion"]),
        ModelVersion(name: "fixture-model", version: "2", creationTimestamp: now - 86_400_000 * 2, currentStage: "Archived",
                     source: "runs:/gone1/model", runId: "gone1", status: "FAILED_REGISTRATION"),
        ModelVersion(name: "fixture-model", version: "1", creationTimestamp: now - 86_400_000 * 3, source: "s3://bucket/model"),
        ModelVersion(name: "fixture-model", version: "5", creationTimestamp: now - 60_000, source: "runs:/f6a5/model", runId: "f6a5",
                     status: "PENDING_REGISTRATION"),
    ]

    /// The experiments pane with the runs beside it, then `M`, the models (and their newest versions) answered.
    static func opened(_ size: Size, answer: Bool = true) -> DashboardState {
        var state = Scenes.base(size)
        let effects = reduce(&state, .key(.char("M")))
        if answer { Self.answer(&state, effects) }
        return state
    }

    /// Answers the room's store work among `effects` (and what the answers ask for next).
    static func answer(_ state: inout DashboardState, _ effects: [Effect]) {
        for effect in effects {
            guard case .models(let work) = effect else { continue }
            switch work {
            case .loadModels(let id):
                answer(&state, reduce(&state, .models(.modelsLoaded(requestId: id, models))))
                answer(&state, reduce(&state, .models(.latestLoaded(requestId: id, latest, done: true))))
            case let .loadVersions(id, name):
                let found = versions.filter { $0.name == name }
                answer(&state, reduce(&state, .models(.versionsLoaded(requestId: id, name: name, ModelVersion.newestFirst(found)))))
            case let .loadRunNames(id, runIds):
                var names: [String: String] = [:]
                for run in Scenes.runs + [otherRun] where runIds.contains(run.info.runId) { names[run.info.runId] = run.info.runName }
                answer(&state, reduce(&state, .models(.runNamesLoaded(requestId: id, names: names, gone: runIds.filter { names[$0] == nil }))))
            case .loadSourceRun, .resolveFiles:
                break
            }
        }
    }

    /// The versions of `fixture-model`, answered, run names and all.
    static func versionsOpened(_ size: Size) -> DashboardState {
        var state = opened(size)
        answer(&state, reduce(&state, .key(.enter)))
        return state
    }

    /// Types `keys` into the room, answering what they ask the store.
    static func type(_ state: inout DashboardState, _ keys: [Key]) {
        for key in keys { answer(&state, reduce(&state, .key(key))) }
    }
}
