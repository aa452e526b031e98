import Foundation
import MLflowClient

/// Everything `runboard track` needs, from the config file with the flags on top.
struct TrackSettings: Equatable {
    var trackingURI: String?
    var experiment: String
    var artifactLocation: String?
    var runName: String
    var parent: String?
    /// User tags, without the system ones.
    var tags: [KeyValue]
    var params: [KeyValue]
    var artifactDirs: [String]
    var patterns: [String]
    var routes: [ArtifactRoute]
    var codeFiles: [String]
    var metricsFromStdout: String?
    var offlineOK: Bool
    var command: [String]

    /// Flags win over the file; `--param`/`--tag` replace a file entry with the same key.
    static func merge(file: TrackConfig?, flags: TrackCommand, environment: [String: String]) throws -> TrackSettings {
        let file = file ?? TrackConfig()
        let flagParams = try flags.params.map { try pair($0, option: "--param") }
        let flagTags = try flags.tags.map { try pair($0, option: "--tag") }
        let flagRoutes = try flags.routes.map { raw -> ArtifactRoute in
            guard let route = ArtifactRoute(argument: raw) else { throw CLIError.usage("--route expects GLOB=FOLDER, got '\(raw)'") }
            return route
        }
        var patterns = flags.collect.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
            ?? file.collect
        if patterns.isEmpty { patterns = ArtifactRoute.defaultPatterns }
        let dirs = flags.artifactDirs.isEmpty ? file.artifactDirs : flags.artifactDirs
        let experiment = flags.experiment ?? file.experiment
            ?? environment["MLFLOW_EXPERIMENT_NAME"].flatMap { $0.isEmpty ? nil : $0 } ?? "Default"
        return TrackSettings(
            trackingURI: flags.trackingURI ?? file.trackingURI,
            experiment: experiment,
            artifactLocation: flags.artifactLocation ?? file.artifactLocation,
            runName: flags.runName ?? file.runName ?? "",
            parent: flags.parent ?? file.parent,
            tags: overlay(file.tags, flagTags),
            params: overlay(file.params, flagParams),
            artifactDirs: dirs.isEmpty ? ["."] : dirs,
            patterns: patterns,
            routes: flagRoutes + file.routes,
            codeFiles: file.code + flags.code,
            metricsFromStdout: flags.metricsFromStdout ?? file.metricsFromStdout,
            offlineOK: flags.offlineOK,
            command: flags.commandLine)
    }

    /// `base` with each key of `top` replaced or appended, in order.
    static func overlay(_ base: [KeyValue], _ top: [KeyValue]) -> [KeyValue] {
        var result = base
        for entry in top {
            if let index = result.firstIndex(where: { $0.key == entry.key }) {
                result[index] = entry
            } else {
                result.append(entry)
            }
        }
        return result
    }

    /// Parses `key=value` (the value may hold `=`).
    static func pair(_ raw: String, option: String) throws -> KeyValue {
        guard let eq = raw.firstIndex(of: "="), eq != raw.startIndex else {
            throw CLIError.usage("\(option) expects key=value, got '\(raw)'")
        }
        return KeyValue(key: String(raw[..<eq]), value: String(raw[raw.index(after: eq)...]))
    }
}
