import Foundation
import MLflowClient

/// The tags MLflow's Python client sets on a run it starts, computed for a wrapped command.
enum SystemTags {
    /// `mlflow.user`, `mlflow.source.name`, `mlflow.source.type`, the git tags when the script is in
    /// a work tree, and `mlflow.parentRunId` when given.
    static func tags(user: String, script: String?, workingDirectory: String, parent: String?,
                     git: (String) -> GitInfo? = GitInfo.read) -> [KeyValue] {
        var tags = [
            KeyValue(key: SystemTag.user, value: user),
            KeyValue(key: SystemTag.sourceName, value: script ?? "<console>"),
            KeyValue(key: SystemTag.sourceType, value: "LOCAL"),
        ]
        let gitFolder: String
        if let script {
            let absolute = script.hasPrefix("/") ? script : workingDirectory + "/" + script
            gitFolder = (absolute as NSString).deletingLastPathComponent
        } else {
            gitFolder = workingDirectory
        }
        if let info = git(gitFolder) {
            tags.append(KeyValue(key: SystemTag.gitCommit, value: info.commit))
            if let branch = info.branch { tags.append(KeyValue(key: SystemTag.gitBranch, value: branch)) }
            if let url = info.repoURL { tags.append(KeyValue(key: SystemTag.gitRepoURL, value: url)) }
        }
        if let parent { tags.append(KeyValue(key: SystemTag.parentRunId, value: parent)) }
        return tags
    }

    /// The user MLflow records: `MLFLOW_TRACKING_USERNAME`, else the login name as Python's
    /// `getpass.getuser()` finds it (LOGNAME, USER, LNAME, USERNAME, then the password database).
    static func user(environment: [String: String]) -> String {
        for key in ["MLFLOW_TRACKING_USERNAME", "LOGNAME", "USER", "LNAME", "USERNAME"] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}

/// The git commit, branch and first remote of a work tree.
struct GitInfo: Equatable {
    var commit: String
    var branch: String?
    var repoURL: String?

    /// Reads them with the `git` command; nil outside a work tree or without git.
    static func read(folder: String) -> GitInfo? {
        guard let commit = git(["rev-parse", "HEAD"], in: folder), commit.count >= 40 else { return nil }
        let branch = git(["rev-parse", "--abbrev-ref", "HEAD"], in: folder).flatMap { $0 == "HEAD" ? nil : $0 }
        let remote = git(["remote"], in: folder)?.split(separator: "\n").first.map(String.init)
        let url = remote.flatMap { git(["remote", "get-url", $0], in: folder) }
        return GitInfo(commit: commit, branch: branch, repoURL: url.map(stripCredentials))
    }

    /// Drops `user:token@` from a URL with a scheme, as MLflow does; `git@host:org/repo` stays.
    static func stripCredentials(_ url: String) -> String {
        guard url.contains("://") else { return url }
        return TrackingLocation.redactingCredentials(url)
    }

    private static func git(_ arguments: [String], in folder: String) -> String? {
        guard let result = try? ChildProgram.runBlocking("/usr/bin/env", ["git", "-C", folder] + arguments),
              result.status == 0 else { return nil }
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
