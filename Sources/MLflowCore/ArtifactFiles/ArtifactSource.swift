import Foundation

/// Where artifacts come from, written as the URIs MLflow's own client takes:
/// `runs:/<run_id>/<path>`, `models:/<name>/<version>`, `models:/<name>@<alias>`,
/// `models:/<name>/latest`, `models:/<model_id>` (an MLflow 3 logged model, `m-...`) and
/// `mlflow-artifacts:/<experiment>/<run_id>/artifacts/<path>` (or `.../models/<model_id>/artifacts/<path>`).
public enum ArtifactSource: Sendable, Hashable {
    case run(id: String, path: String)
    case modelVersion(name: String, version: String, path: String)
    case modelAlias(name: String, alias: String, path: String)
    case loggedModel(id: String, path: String)

    /// Parses a source; every path is checked as an artifact path (no `..`, no absolute path, no NUL).
    public static func parse(_ text: String) throws -> ArtifactSource {
        func bad(_ why: String) -> MLflowError {
            .invalidArgument("cannot read '\(text)' as an artifact source: \(why)")
        }
        if let rest = text.dropPrefix("runs:/") {
            let parts = PathText.components(rest, maxSplits: 1)
            let runId = parts.first ?? ""
            guard !runId.isEmpty else { throw bad("expected runs:/<run_id>/<path>") }
            let path = parts.count > 1 ? parts[1] : ""
            return .run(id: runId, path: try checked(path))
        }
        if let rest = text.dropPrefix("models:/") {
            let trimmed = PathText.isAbsolute(rest) ? String(decoding: rest.utf8.dropFirst(), as: UTF8.self) : String(rest)
            guard !trimmed.isEmpty else { throw bad("expected models:/<name>/<version>, models:/<name>@<alias> or models:/<model_id>") }
            let parts = PathText.components(trimmed, maxSplits: 2)
            let head = parts[0]
            if let at = head.lastIndex(of: "@") {
                let name = String(head[..<at]), alias = String(head[head.index(after: at)...])
                guard !name.isEmpty, !alias.isEmpty else { throw bad("expected models:/<name>@<alias>") }
                let path = parts.dropFirst().joined(separator: "/")
                return .modelAlias(name: name, alias: alias, path: try checked(path))
            }
            if parts.count == 1 {
                guard head.hasPrefix("m-") else {
                    throw bad("a registered model needs a version or an alias (models:/\(head)/1, models:/\(head)@champion), a logged model's id starts with m-")
                }
                return .loggedModel(id: head, path: "")
            }
            let version = parts[1]
            if head.hasPrefix("m-") && !(version.allSatisfy(\.isNumber) && !version.isEmpty) && version != "latest" {
                return .loggedModel(id: head, path: try checked(parts.dropFirst().joined(separator: "/")))
            }
            guard version == "latest" || (!version.isEmpty && version.allSatisfy { $0.isASCII && $0.isNumber }) else {
                throw bad("'\(version)' is not a version number (stages are not supported; use a version, latest or an alias)")
            }
            return .modelVersion(name: head, version: version, path: try checked(parts.dropFirst(2).joined(separator: "/")))
        }
        if text.hasPrefix("mlflow-artifacts:") {
            guard let rest = mlflowArtifactsPath(text) else { throw bad("no path after the host") }
            let decoded = String(rest).removingPercentEncoding ?? String(rest)
            let parts = PathText.components(decoded, omittingEmpty: true)
            // <experiment>/<run_id>/artifacts/<path> or <experiment>/models/<model_id>/artifacts/<path>
            if parts.count >= 4, parts[1] == "models", parts[3] == "artifacts" {
                return .loggedModel(id: parts[2], path: try checked(parts.dropFirst(4).joined(separator: "/")))
            }
            if parts.count >= 3, parts[2] == "artifacts" {
                return .run(id: parts[1], path: try checked(parts.dropFirst(3).joined(separator: "/")))
            }
            throw bad("expected mlflow-artifacts:/<experiment>/<run_id>/artifacts/<path>")
        }
        throw bad("expected runs:/, models:/ or mlflow-artifacts:/")
    }

    /// The path of a `mlflow-artifacts:` URI after the scheme and an optional `//host`, still
    /// percent-encoded; nil for another scheme, or a host with no path after it.
    public static func mlflowArtifactsPath(_ uri: String) -> Substring? {
        guard uri.hasPrefix("mlflow-artifacts:") else { return nil }
        var rest = uri.dropFirst("mlflow-artifacts:".count)
        if rest.hasPrefix("//") {
            rest = rest.dropFirst(2)
            guard let slash = rest.firstIndex(of: "/") else { return nil }
            rest = rest[slash...]
        }
        return rest
    }

    /// The path inside the owner's artifacts, `/`-separated ("" for all of them).
    public var path: String {
        switch self {
        case .run(_, let path), .modelVersion(_, _, let path), .modelAlias(_, _, let path), .loggedModel(_, let path): path
        }
    }

    private static func checked(_ path: String) throws -> String {
        try LocalArtifactRoot.validateRelative(path).joined(separator: "/")
    }

    /// Whose artifacts and which path: a registered model version is looked up in the store's registry.
    public func resolve(in store: any TrackingStore) async throws -> ResolvedArtifactSource {
        switch self {
        case .run(let id, let path):
            return ResolvedArtifactSource(owner: .run(id), path: path)
        case .loggedModel(let id, let path):
            return ResolvedArtifactSource(owner: .loggedModel(id), path: path)
        case .modelVersion(let name, let version, let path):
            let versions = try await store.modelVersions(name: name)
            guard !versions.isEmpty else { throw MLflowError.notFound("registered model '\(name)' (or it has no versions)") }
            let chosen: ModelVersion?
            if version == "latest" {
                chosen = versions.max { (Int($0.version) ?? 0) < (Int($1.version) ?? 0) }
            } else {
                chosen = versions.first { $0.version == version }
            }
            guard let chosen else {
                let known = versions.map(\.version).sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }.joined(separator: ", ")
                throw MLflowError.notFound("version \(version) of registered model '\(name)' (versions: \(known))")
            }
            return try Self.location(of: chosen, path: path)
        case .modelAlias(let name, let alias, let path):
            let versions = try await store.modelVersions(name: name)
            guard let chosen = versions.first(where: { $0.aliases.contains(alias) }) else {
                throw MLflowError.notFound("alias '\(alias)' of registered model '\(name)'")
            }
            return try Self.location(of: chosen, path: path)
        }
    }

    /// Where a model version's files are: its logged model (MLflow 3), else the run path its source names.
    static func location(of version: ModelVersion, path: String) throws -> ResolvedArtifactSource {
        func joined(_ base: String) -> String {
            [base, path].filter { !$0.isEmpty }.joined(separator: "/")
        }
        if let modelId = version.modelId, !modelId.isEmpty {
            return ResolvedArtifactSource(owner: .loggedModel(modelId), path: path, modelVersion: version)
        }
        if let source = try? ArtifactSource.parse(version.source) {
            switch source {
            case .run(let id, let base): return ResolvedArtifactSource(owner: .run(id), path: joined(base), modelVersion: version)
            case .loggedModel(let id, let base): return ResolvedArtifactSource(owner: .loggedModel(id), path: joined(base), modelVersion: version)
            case .modelVersion, .modelAlias: break
            }
        }
        // An older store records the run's folder on disk: …/<run_id>/artifacts/<path>.
        if let runId = version.runId, !runId.isEmpty {
            let parts = PathText.components(version.source, omittingEmpty: true)
            if let index = parts.lastIndex(of: "artifacts"), index > 0, parts[index - 1] == runId {
                let base = try LocalArtifactRoot.validateRelative(parts.dropFirst(index + 1).joined(separator: "/")).joined(separator: "/")
                return ResolvedArtifactSource(owner: .run(runId), path: joined(base), modelVersion: version)
            }
        }
        throw MLflowError.unsupported("version \(version.version) of '\(version.name)' has its files at '\(version.source)', which Runboard cannot read")
    }
}

/// A source resolved to an owner of artifacts and a path in them.
public struct ResolvedArtifactSource: Sendable, Hashable {
    public var owner: ArtifactOwner
    public var path: String
    /// The registered model version it came from, if any.
    public var modelVersion: ModelVersion?

    public init(owner: ArtifactOwner, path: String, modelVersion: ModelVersion? = nil) {
        self.owner = owner
        self.path = path
        self.modelVersion = modelVersion
    }

    /// The source as a URI (`runs:/id/path`, `models:/m-id/path`).
    public var uri: String {
        switch owner {
        case .run(let id): "runs:/\(id)" + (path.isEmpty ? "" : "/" + path)
        case .loggedModel(let id): "models:/\(id)" + (path.isEmpty ? "" : "/" + path)
        }
    }
}

extension String {
    fileprivate func dropPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
