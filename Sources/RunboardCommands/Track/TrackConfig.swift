import Foundation
import MLflowClient
import Yams

/// What a `--config` file may set for `runboard track`; every field is optional and flags override it.
struct TrackConfig: Equatable {
    var trackingURI: String?
    var experiment: String?
    var artifactLocation: String?
    var runName: String?
    var parent: String?
    /// In file order.
    var tags: [KeyValue] = []
    /// Flattened with dots, in file order.
    var params: [KeyValue] = []
    var artifactDirs: [String] = []
    var collect: [String] = []
    var code: [String] = []
    /// `pattern -> artifact folder`, in file order.
    var routes: [ArtifactRoute] = []
    var metricsFromStdout: String?

    /// The settings keys a file may hold (params and tags go under `params` and `tags`).
    static let settingKeys = [
        "tracking_uri", "experiment", "artifact_location", "run_name", "parent",
        "artifact_dirs", "collect", "code", "routes", "metrics_from_stdout",
    ]
}

/// A bad `--config` file, naming the file, the line and the key.
struct ConfigError: Error, CustomStringConvertible, Equatable {
    var file: String
    var line: Int?
    var key: String?
    var problem: String

    var description: String {
        var place = file
        if let line { place += ":\(line)" }
        if let key { return "\(place): '\(key)': \(problem)" }
        return "\(place): \(problem)"
    }
}

/// Reads `--config` files: YAML (`.yaml`/`.yml`), JSON (`.json`), or `key=value` text (anything else).
enum TrackConfigLoader {
    static func load(path: String) throws -> TrackConfig {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw ConfigError(file: path, line: nil, key: nil, problem: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, line: nil, key: nil, problem: "not UTF-8 text")
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "yaml", "yml", "json": return try parseStructured(text, file: path)
        default: return try parseKeyValue(text, file: path)
        }
    }

    // MARK: key=value text

    /// One `key=value` per line; `#` starts a comment line. Setting keys set settings,
    /// `tags.K` sets a tag, `params.K` or any other key a param.
    static func parseKeyValue(_ text: String, file: String) throws -> TrackConfig {
        var config = TrackConfig()
        var seen: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let eq = trimmed.firstIndex(of: "=") else {
                throw ConfigError(file: file, line: lineNumber, key: nil, problem: "expected key=value, got '\(trimmed)'")
            }
            let key = trimmed[..<eq].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw ConfigError(file: file, line: lineNumber, key: nil, problem: "empty key before '='")
            }
            if let first = seen[key] {
                throw ConfigError(file: file, line: lineNumber, key: key, problem: "already set on line \(first)")
            }
            seen[key] = lineNumber
            let place = Place(file: file, line: lineNumber, key: key)
            if TrackConfig.settingKeys.contains(key) {
                try apply(setting: key, values: [value], scalar: value, to: &config, at: place)
            } else if key.hasPrefix("tags.") {
                config.tags.append(KeyValue(key: String(key.dropFirst(5)), value: value))
            } else if key.hasPrefix("params.") {
                config.params.append(KeyValue(key: String(key.dropFirst(7)), value: value))
            } else {
                config.params.append(KeyValue(key: key, value: value))
            }
        }
        return config
    }

    // MARK: YAML and JSON

    /// A mapping of setting keys, `tags` (a flat mapping) and `params` (nested mappings flattened with dots).
    static func parseStructured(_ text: String, file: String) throws -> TrackConfig {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw ConfigError(file: file, line: yamlErrorLine(error), key: nil, problem: yamlProblem(error))
        } catch {
            throw ConfigError(file: file, line: nil, key: nil, problem: "\(error)")
        }
        guard let root else { return TrackConfig() }
        guard case .mapping(let mapping) = root else {
            throw ConfigError(file: file, line: root.mark?.line, key: nil, problem: "expected a mapping of settings at the top")
        }
        var config = TrackConfig()
        var seen: Set<String> = []
        for (keyNode, value) in mapping {
            let key = keyNode.scalar?.string ?? "?"
            let place = Place(file: file, line: keyNode.mark?.line, key: key)
            guard seen.insert(key).inserted else { throw place.error("set twice") }
            switch key {
            case "params":
                try flatten(value, prefix: "", into: &config.params, file: file, parentKey: "params")
            case "tags":
                guard case .mapping(let tags) = value else { throw place.error("expected a mapping of tag names to values") }
                for (tagKey, tagValue) in tags {
                    let name = tagKey.scalar?.string ?? "?"
                    let tagPlace = Place(file: file, line: tagKey.mark?.line, key: "tags.\(name)")
                    config.tags.append(KeyValue(key: name, value: try scalarText(tagValue, at: tagPlace)))
                }
            case "routes":
                guard case .mapping(let routes) = value else {
                    throw place.error("expected a mapping of file patterns to artifact folders, e.g. '*.png: plots'")
                }
                for (patternNode, folderNode) in routes {
                    let pattern = patternNode.scalar?.string ?? "?"
                    let routePlace = Place(file: file, line: patternNode.mark?.line, key: "routes.\(pattern)")
                    config.routes.append(ArtifactRoute(pattern: pattern, folder: try scalarText(folderNode, at: routePlace)))
                }
            default:
                guard TrackConfig.settingKeys.contains(key) else {
                    throw place.error("unknown setting; expected one of \((TrackConfig.settingKeys + ["params", "tags"]).joined(separator: ", "))")
                }
                switch value {
                case .sequence(let items):
                    let strings = try items.map { try scalarText($0, at: place) }
                    try apply(setting: key, values: strings, scalar: nil, to: &config, at: place)
                default:
                    let text = try scalarText(value, at: place)
                    try apply(setting: key, values: [text], scalar: text, to: &config, at: place)
                }
            }
        }
        return config
    }

    /// Where a value was read, for error messages.
    struct Place {
        var file: String
        var line: Int?
        var key: String

        func error(_ problem: String) -> ConfigError { ConfigError(file: file, line: line, key: key, problem: problem) }
    }

    /// Sets one setting; list settings also take a comma-separated string.
    private static func apply(setting key: String, values: [String], scalar: String?, to config: inout TrackConfig, at place: Place) throws {
        func single() throws -> String {
            guard let scalar else { throw place.error("expected a single value, not a list") }
            return scalar
        }
        func list() -> [String] {
            values.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }.filter { !$0.isEmpty }
        }
        switch key {
        case "tracking_uri": config.trackingURI = try single()
        case "experiment": config.experiment = try single()
        case "artifact_location": config.artifactLocation = try single()
        case "run_name": config.runName = try single()
        case "parent": config.parent = try single()
        case "metrics_from_stdout": config.metricsFromStdout = try single()
        case "artifact_dirs": config.artifactDirs = list()
        case "collect": config.collect = list()
        case "code": config.code = list()
        case "routes":
            config.routes = try list().map { item in
                guard let route = ArtifactRoute(argument: item) else { throw place.error("expected PATTERN=FOLDER, got '\(item)'") }
                return route
            }
        default: throw place.error("unknown setting")
        }
    }

    /// Flattens nested mappings into `a.b.c` keys; scalars and lists of scalars become values.
    private static func flatten(_ node: Node, prefix: String, into params: inout [KeyValue], file: String, parentKey: String) throws {
        guard case .mapping(let mapping) = node else {
            throw ConfigError(file: file, line: node.mark?.line, key: parentKey, problem: "expected a mapping of param names to values")
        }
        for (keyNode, value) in mapping {
            let name = keyNode.scalar?.string ?? "?"
            let full = prefix.isEmpty ? name : prefix + "." + name
            let place = Place(file: file, line: keyNode.mark?.line, key: "params.\(full)")
            if case .mapping = value {
                try flatten(value, prefix: full, into: &params, file: file, parentKey: "params.\(full)")
            } else {
                if params.contains(where: { $0.key == full }) { throw place.error("set twice") }
                params.append(KeyValue(key: full, value: try scalarText(value, at: place)))
            }
        }
    }

    /// A scalar as written (so `0.010` stays `0.010`); a list of scalars as `[a, b]`; null as "".
    private static func scalarText(_ node: Node, at place: Place) throws -> String {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain, ["~", "null", "Null", "NULL", ""].contains(scalar.string) { return "" }
            return scalar.string
        case .sequence(let items):
            let parts = try items.map { item -> String in
                guard case .scalar = item else { throw place.error("lists may hold only plain values") }
                return try scalarText(item, at: place)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .mapping:
            throw place.error("expected a value, not a mapping")
        case .alias:
            throw place.error("YAML aliases are not supported here")
        }
    }

    private static func yamlErrorLine(_ error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): return mark.line
        default: return nil
        }
    }

    private static func yamlProblem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return "does not parse: \(problem)"
        default:
            return "does not parse: \(error)"
        }
    }
}
