import Foundation
import MLflowCore

extension RESTStore {
    public func listArtifacts(_ owner: ArtifactOwner, path: String) async throws -> [ArtifactEntry] {
        let relative = try LocalArtifactRoot.validateRelative(path).joined(separator: "/")
        var result: [ArtifactEntry] = []
        switch owner {
        case .run(let runId):
            var token: String?
            repeat {
                var query = [("run_id", runId)]
                if !relative.isEmpty { query.append(("path", relative)) }
                if let token { query.append(("page_token", token)) }
                let page = try await get("/artifacts/list", query, as: ListArtifactsResponse.self)
                // The server names the run's artifact root in every listing: a download that
                // follows needs no run lookup of its own.
                if let root = page.root_uri, !root.isEmpty { rememberArtifactRoot(root, ofRun: runId) }
                result += (page.files ?? []).map(RESTStore.entry)
                token = page.next_page_token.nonEmpty
            } while token != nil
        case .loggedModel(let modelId):
            var query: [(String, String)] = []
            if !relative.isEmpty { query.append(("artifact_directory_path", relative)) }
            let page = try await get(
                "/logged-models/\(PercentEncoding.pathSegment(modelId))/artifacts/directories", query,
                as: ListArtifactsResponse.self)
            result = (page.files ?? []).map { file in
                // This route answers with paths relative to the listed folder; make them root-relative.
                var entry = RESTStore.entry(file)
                if !relative.isEmpty, !entry.path.hasPrefix(relative + "/") { entry.path = relative + "/" + entry.path }
                return entry
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    static func entry(_ file: FileInfoDTO) -> ArtifactEntry {
        let isDir = file.is_dir ?? false
        let size = file.file_size?.value
        return ArtifactEntry(path: file.path, isDir: isDir, fileSize: isDir || size == 0 ? nil : size)
    }

    public func downloadArtifact(_ owner: ArtifactOwner, path: String, to destination: String, expectedBytes: Int64?) async throws -> Int64 {
        try await fromFirstServingRoute(owner, path: path) { route, query in
            try await self.transport.download(route, query: query, to: destination, expectedBytes: expectedBytes)
        }
    }

    public func readArtifact(_ owner: ArtifactOwner, path: String,
                             consume: @escaping @Sendable (Data) throws -> Bool) async throws {
        try await fromFirstServingRoute(owner, path: path) { route, query in
            try await self.transport.stream(route, query: query, consume: consume)
        }
    }

    /// Calls `fetch` with the routes that serve one artifact file, in turn: for a run whose root is
    /// `mlflow-artifacts:` the proxied route first, and `/get-artifact` when the server answers 503
    /// (it does not proxy: `--no-serve-artifacts`); for other runs `/get-artifact`; for a logged
    /// model its own files route.
    private func fromFirstServingRoute<T: Sendable>(
        _ owner: ArtifactOwner, path: String, _ fetch: (String, [(String, String)]) async throws -> T
    ) async throws -> T {
        let parts = try LocalArtifactRoot.validateRelative(path)
        guard !parts.isEmpty else { throw MLflowError.invalidArgument("no artifact path given") }
        let relative = parts.joined(separator: "/")
        switch owner {
        case .run(let runId):
            if let route = try await artifactRoot(ofRun: runId).proxiedRoute {
                do {
                    return try await fetch(route + "/" + PercentEncoding.path(relative), [])
                } catch MLflowError.server(let status, _, _) where status == 503 {
                    // Not proxied by this server: /get-artifact below.
                }
            }
            return try await fetch("/get-artifact", [("run_id", runId), ("path", relative)])
        case .loggedModel(let modelId):
            return try await fetch(
                "/ajax-api/2.0/mlflow/logged-models/\(PercentEncoding.pathSegment(modelId))/artifacts/files",
                [("artifact_file_path", relative)])
        }
    }

    /// The run's artifact root, looked up once (a listing or the run itself names it).
    func artifactRoot(ofRun runId: String) async throws -> RunArtifactRoot {
        if let known = artifactRoots[runId] { return known }
        return rememberArtifactRoot(try await run(id: runId).info.artifactUri, ofRun: runId)
    }

    /// Keeps the artifact root a listing or the run named, read into a route only when it is new.
    @discardableResult
    func rememberArtifactRoot(_ uri: String, ofRun runId: String) -> RunArtifactRoot {
        if let known = artifactRoots[runId], known.uri == uri { return known }
        let root = RunArtifactRoot(uri)
        artifactRoots[runId] = root
        return root
    }

    /// For `mlflow-artifacts:/<exp>/<run>/artifacts` (optionally with a host), the path under the
    /// server's proxied artifact route; nil for other schemes.
    static func proxiedPath(artifactRoot: String) -> String? {
        guard let rest = ArtifactSource.mlflowArtifactsPath(artifactRoot) else { return nil }
        let trimmed = PathText.components(rest, omittingEmpty: true).joined(separator: "/")
        return trimmed.isEmpty ? nil : trimmed.removingPercentEncoding ?? trimmed
    }
}

/// A run's artifact URI and, read from it once rather than for every file, its route under the
/// server's proxied artifact route, percent-encoded (a file's route is this, `/` and its path); nil
/// when the server does not proxy that scheme.
struct RunArtifactRoot: Sendable, Equatable {
    let uri: String
    let proxiedRoute: String?

    init(_ uri: String) {
        self.uri = uri
        proxiedRoute = RESTStore.proxiedPath(artifactRoot: uri).map { "/api/2.0/mlflow-artifacts/artifacts/" + PercentEncoding.path($0) }
    }
}
