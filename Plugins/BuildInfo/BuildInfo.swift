import Foundation
import PackagePlugin

/// Writes `BuildCommit.swift` with the git commit the package is built from, so `runboard --version`
/// names it. The command runs again when `HEAD` or the branch it names moves; outside a git checkout
/// (a source tarball) the commit is recorded as unknown.
@main struct BuildInfo: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift")
        let script = root.appending(path: "scripts/lib/build-info.sh")
        return [
            .buildCommand(
                displayName: "Recording the commit of this build",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: [script.path, root.path, output.path],
                inputFiles: [script] + Self.gitFiles(root),
                outputFiles: [output])
        ]
    }

    /// The files whose change means another commit: `HEAD`, the ref it names, and `packed-refs`.
    static func gitFiles(_ root: URL) -> [URL] {
        let manager = FileManager.default
        var git = root.appending(path: ".git")
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: git.path, isDirectory: &isFolder) else { return [] }
        if !isFolder.boolValue {
            // A worktree or submodule: `.git` is a file that says where the git folder is.
            guard let text = try? String(contentsOf: git, encoding: .utf8), text.hasPrefix("gitdir: ") else { return [] }
            let path = text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines)
            git = path.hasPrefix("/") ? URL(fileURLWithPath: path) : root.appending(path: path)
        }
        var files: [URL] = []
        let head = git.appending(path: "HEAD")
        if let text = try? String(contentsOf: head, encoding: .utf8) {
            files.append(head)
            if text.hasPrefix("ref: ") {
                let ref = git.appending(path: text.dropFirst("ref: ".count).trimmingCharacters(in: .whitespacesAndNewlines))
                if manager.fileExists(atPath: ref.path) { files.append(ref) }
            }
        }
        let packed = git.appending(path: "packed-refs")
        if manager.fileExists(atPath: packed.path) { files.append(packed) }
        return files
    }
}
