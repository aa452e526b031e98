import Dashboard
import Foundation
import MLflowCore
import TerminalCore

/// Artifact trees built through the reducer, answering its store requests from trees in memory.
enum ArtifactsScenes {
    static let now: Int64 = 1_750_000_000_000
    static let runId = "a1f0a1f0a1f0a1f0a1f0a1f0a1f0a1f0"
    static let modelId = "m-0123456789abcdef0123456789abcdef"

    /// Files by path with their sizes; folders are the paths' prefixes.
    struct Tree {
        var files: [String: Int64]
        /// Folders whose listing fails, with the message.
        var failing: [String: String] = [:]

        /// A folder's entries, in the store's order (by path); nil when it fails.
        func listing(_ folder: String) -> [ArtifactEntry] {
            let prefix = folder.isEmpty ? "" : folder + "/"
            var entries: [String: ArtifactEntry] = [:]
            for (path, size) in files where path.hasPrefix(prefix) {
                let rest = path.dropFirst(prefix.count)
                if let slash = rest.firstIndex(of: "/") {
                    let dir = prefix + rest[..<slash]
                    entries[dir] = ArtifactEntry(path: dir, isDir: true)
                } else {
                    // As MLflow lists them: an empty file without a size.
                    entries[path] = ArtifactEntry(path: path, isDir: false, fileSize: size == 0 ? nil : size)
                }
            }
            return entries.values.sorted { $0.path < $1.path }
        }
    }

    /// What the fake store answers: a tree per owner, the logged models, the registered versions.
    struct Store {
        var trees: [ArtifactOwner: Tree]
        var models: [LoggedModel] = []
        var versions: [ModelVersion] = []
    }

    /// The run's files of the common scenes: folders, a nested folder, files of several sizes.
    static let files = Tree(files: [
        "model/MLmodel": 132, "model/model.pkl": 1_048_576, "plots/loss.png": 20_480,
        "data/nested/deep/values.csv": 3_000, "data/readme.md": 100, "train.log": 52_428_800, "empty.txt": 0,
    ])

    static let loggedModel = LoggedModel(modelId: modelId, experimentId: "1", name: "classifier", sourceRunId: runId)
    static let version = ModelVersion(name: "fixture-model", version: "1", source: "models:/\(modelId)", runId: runId,
                                      aliases: ["champion"], modelId: modelId)
    static let store = Store(
        trees: [.run(runId): files, .loggedModel(modelId): Tree(files: ["MLmodel": 120, "model.json": 64, "requirements.txt": 15])],
        models: [loggedModel], versions: [version])

    /// The runs pane with one run selected (`A` opens its artifacts).
    static func runs(size: Size = Size(width: 80, height: 24)) -> DashboardState {
        var state = DashboardState(storeURI: "sqlite:///work/mlflow.db", size: size, now: now)
        state.live.lastRefresh = now
        if case .loadExperiments(let id, _)? = reduce(&state, .start).first {
            _ = reduce(&state, .experimentsLoaded(requestId: id, [Experiment(experimentId: "1", name: "mnist")]))
        }
        _ = reduce(&state, .key(.enter))
        if let id = state.runs.load.pendingRequestId {
            _ = reduce(&state, .runsPageLoaded(requestId: id, [makeRun(runId, name: "artifact-run", start: now - 60_000)], done: true))
        }
        return state
    }

    /// The tree of the run opened with `A` and every request answered (but those `hold` keeps).
    static func opened(_ store: Store = store, size: Size = Size(width: 80, height: 24),
                       hold: (ArtifactsEffect) -> Bool = { _ in false }) -> (DashboardState, [Effect]) {
        var state = runs(size: size)
        let effects = reduce(&state, .key(.char("A")))
        let held = answer(&state, effects, store, hold: hold)
        return (state, held)
    }

    /// Applies `effects`' answers from `store` (and those of the effects they lead to); returns the
    /// effects held back unanswered, and the other effects (cancels, clipboard) untouched.
    @discardableResult
    static func answer(_ state: inout DashboardState, _ effects: [Effect], _ store: Store,
                       hold: (ArtifactsEffect) -> Bool = { _ in false }) -> [Effect] {
        var queue = effects
        var left: [Effect] = []
        while !queue.isEmpty {
            let effect = queue.removeFirst()
            guard case .artifacts(let work) = effect, !hold(work) else {
                left.append(effect)
                continue
            }
            for action in actions(answering: work, store) { queue += reduce(&state, action) }
        }
        return left
    }

    /// The store's answers to one effect, as the runner would post them.
    static func actions(answering effect: ArtifactsEffect, _ store: Store) -> [Dashboard.Action] {
        switch effect {
        case let .listFolder(id, folder, owner):
            guard let tree = store.trees[owner] else { return [.requestFailed(requestId: id, message: "no such owner")] }
            if let message = tree.failing[folder.path] { return [.requestFailed(requestId: id, message: message)] }
            return [.artifacts(.folderListed(requestId: id, folder, tree.listing(folder.path)))]
        case let .crawl(id, root, owner, folders, _):
            guard let tree = store.trees[owner] else { return [.requestFailed(requestId: id, message: "no such owner")] }
            var out: [Dashboard.Action] = []
            var pending = folders
            while !pending.isEmpty {
                let folder = pending.removeFirst()
                if let message = tree.failing[folder] {
                    out.append(.artifacts(.crawled(requestId: id, root: root, [ArtifactCrawledFolder(path: folder, entries: [], error: message)])))
                    continue
                }
                let entries = tree.listing(folder)
                out.append(.artifacts(.crawled(requestId: id, root: root, [ArtifactCrawledFolder(path: folder, entries: entries)])))
                pending += entries.filter(\.isDir).map(\.path)
            }
            return out + [.artifacts(.crawlFinished(requestId: id, stopped: false))]
        case let .loadLoggedModels(id, runId):
            return [.artifacts(.loggedModelsLoaded(requestId: id, store.models.filter { $0.sourceRunId == runId }))]
        case let .loadVersions(id, runId):
            return [.artifacts(.versionsLoaded(requestId: id, store.versions.filter { $0.runId == runId }))]
        case let .resolveVersion(id, name, version):
            guard let found = store.versions.first(where: { $0.name == name && $0.version == version }), let model = found.modelId else {
                return [.requestFailed(requestId: id, message: "not found: version \(version) of registered model '\(name)'")]
            }
            return [.artifacts(.versionResolved(requestId: id, name: name, version: version, owner: .loggedModel(model), path: ""))]
        }
    }

    /// Types keys, answering the store work they ask for.
    static func type(_ state: inout DashboardState, _ keys: [Key], _ store: Store = store) {
        for key in keys { answer(&state, reduce(&state, .key(key)), store) }
    }

    /// The shown rows' names, indented by depth, with `/` after folders and `[…]` for the other rows.
    static func names(_ state: DashboardState) -> [String] {
        state.artifacts.rows.map { row in
            let indent = String(repeating: "  ", count: row.depth)
            switch row.kind {
            case .root, .versionsGroup: return indent + "# " + row.name
            case .folder: return indent + row.name + "/"
            case .file: return indent + row.name
            case .loading: return indent + "[loading]"
            case .failed(let message): return indent + "[failed: \(message)]"
            case .note(let text): return indent + "[\(text)]"
            }
        }
    }

    /// Moves the cursor onto the row named `name` (as `names` writes it, without indent).
    static func select(_ state: inout DashboardState, _ name: String) {
        guard let target = names(state).firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name }) else { return }
        let delta = target - state.artifacts.cursor.selected
        for _ in 0..<abs(delta) { _ = reduce(&state, .key(delta < 0 ? .char("k") : .char("j"))) }
    }

    /// Moves the cursor onto the folder or file at `path` (a root-relative path).
    static func select(_ state: inout DashboardState, path: String) {
        guard let target = state.artifacts.rows.firstIndex(where: { $0.id.path == path && ($0.kind == .folder || $0.kind == .file) }) else { return }
        let delta = target - state.artifacts.cursor.selected
        for _ in 0..<abs(delta) { _ = reduce(&state, .key(delta < 0 ? .char("k") : .char("j"))) }
    }

    /// The selected row's name.
    static func selectedName(_ state: DashboardState) -> String? {
        guard state.artifacts.selectedRow != nil else { return nil }
        return names(state)[state.artifacts.cursor.selected].trimmingCharacters(in: .whitespaces)
    }
}
