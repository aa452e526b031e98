import Foundation

/// Where tracking data lives, parsed from a tracking URI or a path.
public enum TrackingLocation: Sendable, Hashable {
    /// An MLflow tracking server, `http(s)://host[:port][/prefix]` without a trailing slash.
    case server(baseURL: String)
    /// A SQLite database written by MLflow (an absolute path).
    case sqlite(path: String)
    /// A `./mlruns` file store (an absolute path).
    case fileStore(path: String)
    /// MLflow hosted by Databricks: `databricks` (nil, the default profile) or `databricks://PROFILE`;
    /// the workspace and token come from the environment or `~/.databrickscfg`.
    case databricks(profile: String?)

    /// The URI in MLflow's own form, without any credentials.
    public var displayURI: String {
        switch self {
        case .server(let base): return TrackingLocation.redactingCredentials(base)
        case .sqlite(let path): return "sqlite:///\(path)"
        case .fileStore(let path): return "file://\(path)"
        case .databricks(let profile): return profile.map { "databricks://\($0)" } ?? "databricks"
        }
    }

    /// Strips `user:password@` from a URL.
    public static func redactingCredentials(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<schemeEnd.upperBound]) + String(authority[authority.index(after: at)...]) + String(rest[authorityEnd...])
    }
}

/// Resolves a tracking URI the way MLflow 3 does.
public struct TrackingURIResolver: Sendable {
    /// The folder relative paths are taken against.
    public var workingDirectory: String
    public var environment: [String: String]

    public init(workingDirectory: String = FileManager.default.currentDirectoryPath,
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.workingDirectory = workingDirectory
        self.environment = environment
    }

    /// An explicit URI, else `MLFLOW_TRACKING_URI`, else `./mlruns` when it holds experiment data,
    /// else `sqlite:///mlflow.db` in the working directory.
    public func resolve(explicit: String?) throws -> TrackingLocation {
        if let explicit, !explicit.isEmpty { return try parse(explicit) }
        if let fromEnv = environment["MLFLOW_TRACKING_URI"], !fromEnv.isEmpty { return try parse(fromEnv) }
        let mlruns = absolute("mlruns")
        if Self.hasExperimentData(fileStore: mlruns) { return .fileStore(path: mlruns) }
        return .sqlite(path: absolute("mlflow.db"))
    }

    /// Parses one URI or path.
    public func parse(_ raw: String) throws -> TrackingLocation {
        let uri = raw.trimmingCharacters(in: .whitespaces)
        let lower = uri.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") {
            var base = uri
            while base.hasSuffix("/") { base.removeLast() }
            let hostPart = base.drop(while: { $0 != ":" }).dropFirst(3)
            guard !hostPart.isEmpty, !hostPart.hasPrefix("/") else {
                throw MLflowError.invalidArgument("tracking URI '\(TrackingLocation.redactingCredentials(uri))' has no host")
            }
            return .server(baseURL: base)
        }
        if lower == "databricks" { return .databricks(profile: nil) }
        if lower.hasPrefix("databricks://") {
            let profile = String(uri.dropFirst("databricks://".count))
            guard !profile.isEmpty else { return .databricks(profile: nil) }
            guard !profile.contains(":"), !profile.contains("/"), !profile.contains(where: \.isWhitespace) else {
                // databricks://SCOPE:PREFIX names a secret scope, which only code running inside Databricks can read.
                throw MLflowError.invalidArgument(
                    "tracking URI '\(uri)': only databricks or databricks://PROFILE (a profile of ~/.databrickscfg) are supported")
            }
            return .databricks(profile: profile)
        }
        if let plugin = Self.pluginScheme(lower) {
            throw MLflowError.invalidArgument(
                "tracking URI scheme '\(plugin.scheme)' (\(plugin.what)) is not supported yet; use http(s)://, databricks, sqlite:///, file:/// or a path")
        }
        if lower.hasPrefix("sqlite://") {
            // sqlite:///rel/path.db is relative, sqlite:////abs/path.db absolute (SQLAlchemy's form).
            var rest = String(uri.dropFirst("sqlite://".count))
            guard rest.hasPrefix("/") else {
                throw MLflowError.invalidArgument("tracking URI '\(uri)': expected sqlite:///relative.db or sqlite:////absolute.db")
            }
            rest.removeFirst()
            if let query = rest.firstIndex(of: "?") { rest = String(rest[..<query]) }
            guard !rest.isEmpty else { throw MLflowError.invalidArgument("tracking URI '\(uri)' names no database file") }
            return .sqlite(path: absolute(rest))
        }
        if lower.hasPrefix("file:") {
            var rest = String(uri.dropFirst("file:".count))
            if rest.hasPrefix("//") {
                rest.removeFirst(2)
                // file://localhost/abs
                if !rest.hasPrefix("/"), let slash = rest.firstIndex(of: "/") { rest = String(rest[slash...]) }
            }
            let path = absolute(rest.removingPercentEncoding ?? rest)
            return isSQLiteFile(path) ? .sqlite(path: path) : .fileStore(path: path)
        }
        if let scheme = uri.range(of: "://"), !uri[..<scheme.lowerBound].contains("/") {
            throw MLflowError.invalidArgument(
                "tracking URI scheme '\(uri[..<scheme.lowerBound])' is not supported yet; use http(s)://, databricks, sqlite:///, file:/// or a path")
        }
        let path = absolute(uri)
        return isSQLiteFile(path) ? .sqlite(path: path) : .fileStore(path: path)
    }

    /// Tracking URIs MLflow reaches only through a plugin: the scheme and what it is.
    static func pluginScheme(_ lower: String) -> (scheme: String, what: String)? {
        if lower.hasPrefix("arn:") { return ("arn", "an Amazon SageMaker tracking server, through the sagemaker-mlflow plugin") }
        for (scheme, what) in [("databricks-uc", "Unity Catalog, a model registry URI"), ("uc", "Unity Catalog, a model registry URI"),
                               ("sigv4", "AWS SigV4 signed requests, through a plugin")]
        where lower.hasPrefix(scheme + ":") || (scheme == "databricks-uc" && lower == scheme) {
            return (scheme, what)
        }
        return nil
    }

    /// A `.db` (or other regular) file is SQLite; a folder is a file store.
    private func isSQLiteFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) { return !isDir.boolValue }
        let ext = (path as NSString).pathExtension.lowercased()
        return ["db", "sqlite", "sqlite3"].contains(ext)
    }

    private func absolute(_ path: String) -> String {
        var expanded = path
        if expanded == "~" || expanded.hasPrefix("~/") {
            let home = environment["HOME"] ?? NSHomeDirectory()
            expanded = home + expanded.dropFirst()
        }
        let full = expanded.hasPrefix("/") ? expanded : (workingDirectory as NSString).appendingPathComponent(expanded)
        return (full as NSString).standardizingPath
    }

    /// MLflow's test for a usable `./mlruns`: a digit-named folder that holds `meta.yaml`.
    public static func hasExperimentData(fileStore path: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return entries.contains { name in
            !name.isEmpty && name.allSatisfy(\.isASCII) && name.allSatisfy(\.isNumber)
                && FileManager.default.fileExists(atPath: "\(path)/\(name)/meta.yaml")
        }
    }
}
