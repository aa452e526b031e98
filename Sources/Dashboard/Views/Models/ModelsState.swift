import MLflowCore
import TerminalCore

/// The state of the models room: the registered models (level 1), then one model's versions (level 2).
/// Cursors follow names and version numbers, not rows, so a reload or a filter keeps them in place.
public struct ModelsState: Sendable, Hashable {
    /// Where `Esc` from the models goes.
    public var returnTo: Pane = .runs

    /// Every registered model, by name.
    public var models: [RegisteredModel] = []
    public var modelsLoad: LoadState = .idle
    /// Each model's newest version, read after the models (a model without versions has none).
    public var latest: [String: String] = [:]
    /// The request reading the newest versions, after the models arrived.
    public var latestLoad: LoadState = .idle
    /// The `/` filter on the models' names (case-insensitive, anywhere in the name).
    public var filter = ""
    /// Whether the keyboard types into the filter.
    public var filtering = false
    /// The model under the cursor, by name.
    public var selectedModel: String?
    public var modelsScroll = 0

    /// The model whose versions are shown (level 2); nil on the models.
    public var versionsOf: String?
    /// Its versions, newest first.
    public var versions: [ModelVersion] = []
    public var versionsLoad: LoadState = .idle
    /// The version under the cursor, by number.
    public var selectedVersion: String?
    public var versionsScroll = 0
    /// The source runs' names, by run id, as they are read.
    public var runNames: [String: String] = [:]
    /// Source runs the store no longer has.
    public var goneRuns: Set<String> = []
    public var runNamesLoad: LoadState = .idle

    /// `Enter` on a version: reading its source run, to find its experiment.
    public var jumpLoad: LoadState = .idle
    /// `A` or `d`: finding where a version's files are.
    public var filesLoad: LoadState = .idle

    public init() {}

    /// What the title bar names: `models`, then the model shown.
    public var crumbs: [String] {
        guard let name = versionsOf else { return ["models"] }
        return ["models", name]
    }

    /// Whether it waits on the store.
    public var isLoading: Bool {
        modelsLoad.isLoading || latestLoad.isLoading || versionsLoad.isLoading || runNamesLoad.isLoading
            || jumpLoad.isLoading || filesLoad.isLoading
    }

    /// What the status line says while the room waits on the store.
    public var loadingText: String? {
        if modelsLoad.isLoading { return "loading registered models..." }
        if versionsLoad.isLoading { return "loading versions of " + SafeText.sanitize(versionsOf ?? "the model") + "..." }
        if latestLoad.isLoading { return "loading latest versions..." }
        if jumpLoad.isLoading { return "finding the version's run..." }
        if filesLoad.isLoading { return "finding the version's files..." }
        if runNamesLoad.isLoading { return "reading source runs' names..." }
        return nil
    }

    /// The models that pass the filter, in name order.
    public var visibleModels: [RegisteredModel] {
        let needle = filter.lowercased()
        return needle.isEmpty ? models : models.filter { $0.name.lowercased().contains(needle) }
    }

    /// The row of the model under the cursor among the visible ones (the first when it is not among them).
    public var modelRow: Int {
        visibleModels.firstIndex { $0.name == selectedModel } ?? 0
    }

    /// The model under the cursor, if it is shown.
    public var currentModel: RegisteredModel? {
        let visible = visibleModels
        return visible.indices.contains(modelRow) ? visible[modelRow] : nil
    }

    /// The row of the version under the cursor.
    public var versionRow: Int {
        versions.firstIndex { $0.version == selectedVersion } ?? 0
    }

    /// The version under the cursor (level 2).
    public var currentVersion: ModelVersion? {
        versions.indices.contains(versionRow) ? versions[versionRow] : nil
    }

    /// How the source run of `version` is named: its name once read, else its id.
    public func runLabel(_ version: ModelVersion) -> String? {
        guard let id = version.runId, !id.isEmpty else { return nil }
        if let name = runNames[id], !name.isEmpty { return name }
        return id
    }
}

/// The models room's own actions: its keys' intents and the store's answers.
public enum ModelsAction: Sendable, Hashable {
    /// `/`: types into the filter on the models' names.
    case beginFilter
    /// `A` or `f`: the version's files (a model's newest version) in the artifact tree.
    case openFiles
    /// `d`: downloads the version's files (a model's newest version).
    case download
    /// `y`: copies `models:/NAME/VERSION`.
    case copyURI
    case modelsLoaded(requestId: Int, [RegisteredModel])
    /// Newest versions of some of the models; `done` with the last of them.
    case latestLoaded(requestId: Int, [String: String], done: Bool)
    case versionsLoaded(requestId: Int, name: String, [ModelVersion])
    /// The source runs' names that could be read, and the ids the store no longer has.
    case runNamesLoaded(requestId: Int, names: [String: String], gone: [String])
    /// The source run of the version `Enter` was pressed on.
    case sourceRunLoaded(requestId: Int, Run)
    /// Where a version's files are: to browse, or to download.
    case filesResolved(requestId: Int, ArtifactRootRef, download: Bool)
}

/// The models room's store work.
public enum ModelsEffect: Sendable, Hashable {
    /// The registered models (answered as `modelsLoaded`), then each one's newest version (`latestLoaded`).
    case loadModels(requestId: Int)
    /// One model's versions, answered as `versionsLoaded`.
    case loadVersions(requestId: Int, name: String)
    /// The names of source runs, answered as `runNamesLoaded`.
    case loadRunNames(requestId: Int, runIds: [String])
    /// One run, to find its experiment, answered as `sourceRunLoaded`.
    case loadSourceRun(requestId: Int, runId: String)
    /// Where a version's files are (its logged model, or its run's folder), answered as `filesResolved`.
    case resolveFiles(requestId: Int, name: String, version: String, label: String, runId: String?, download: Bool)
}
