import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files matching `pattern` (a shell glob on the file name) go under the artifact folder `folder`.
struct ArtifactRoute: Equatable, Sendable {
    var pattern: String
    var folder: String

    init(pattern: String, folder: String) {
        self.pattern = pattern
        self.folder = folder
    }

    /// Parses `PATTERN=FOLDER`.
    init?(argument: String) {
        guard let eq = argument.firstIndex(of: "=") else { return nil }
        pattern = String(argument[..<eq]).trimmingCharacters(in: .whitespaces)
        folder = String(argument[argument.index(after: eq)...]).trimmingCharacters(in: .whitespaces)
        while folder.hasSuffix("/") { folder.removeLast() }
        if pattern.isEmpty { return nil }
    }

    /// Images go under `plots/`, everything else (models, json metadata) under `model/`.
    static let defaults: [ArtifactRoute] = ["*.png", "*.jpg", "*.jpeg", "*.svg", "*.gif", "*.pdf"]
        .map { ArtifactRoute(pattern: $0, folder: "plots") } + [ArtifactRoute(pattern: "*", folder: "model")]

    static let defaultPatterns = ["*.joblib", "*.h5", "*.pkl", "*.model", "*.png", "*.json"]

    func matches(_ name: String) -> Bool { Glob.matches(pattern, name) }
}

/// Shell glob matching on file names.
enum Glob {
    static func matches(_ pattern: String, _ name: String) -> Bool {
        fnmatch(pattern, name, 0) == 0
    }
}

/// Finds the files a command created or changed in the artifact folders.
///
/// A snapshot of the matching files (modification time and size) is taken before the command
/// starts; afterwards, files that are new or differ from the snapshot are the ones to upload.
/// Hidden folders, virtual environments and MLflow's own local stores are not entered.
struct ArtifactSweep: Sendable {
    var directories: [String]
    var patterns: [String]
    var routes: [ArtifactRoute]
    /// Files never to sweep (absolute paths), such as the logged code files.
    var excluded: Set<String> = []
    var maxDepth = 6

    /// A matching file, where it goes in the run, and what it looked like.
    struct Found: Equatable, Sendable {
        var localPath: String
        var artifactPath: String
        var modified: Double
        var size: Int64
    }

    static let skippedFolders: Set<String> = ["mlruns", "mlartifacts", "venv", "node_modules", "__pycache__", "site-packages"]

    /// Every matching file now, keyed by absolute path.
    func snapshot() -> [String: Found] {
        var result: [String: Found] = [:]
        for directory in directories {
            let root = (directory as NSString).standardizingPath
            walk(root, relative: "", depth: 0) { found in result[found.localPath] = found }
        }
        return result
    }

    /// The files that are new or changed since `before`, sorted by artifact path.
    func changed(since before: [String: Found]) -> [Found] {
        snapshot().values.filter { now in
            guard let old = before[now.localPath] else { return true }
            return old.modified != now.modified || old.size != now.size
        }.sorted { $0.artifactPath < $1.artifactPath }
    }

    /// The artifact folder for a file name: the first route (custom ones first) that matches.
    func folder(for name: String) -> String {
        (routes + ArtifactRoute.defaults).first { $0.matches(name) }?.folder ?? "model"
    }

    private func walk(_ folder: String, relative: String, depth: Int, _ found: (Found) -> Void) {
        guard depth <= maxDepth, let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for name in names.sorted() {
            let path = folder + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            let rel = relative.isEmpty ? name : relative + "/" + name
            if (info.st_mode & S_IFMT) == S_IFDIR {
                if name.hasPrefix(".") || Self.skippedFolders.contains(name) { continue }
                walk(path, relative: rel, depth: depth + 1, found)
            } else if (info.st_mode & S_IFMT) == S_IFREG {
                guard !excluded.contains(path), patterns.contains(where: { Glob.matches($0, name) }) else { continue }
                let target = self.folder(for: name)
                let modified = Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
                found(Found(localPath: path, artifactPath: target.isEmpty ? rel : target + "/" + rel,
                            modified: modified, size: Int64(info.st_size)))
            }
        }
    }
}
