import Foundation
import Synchronization

/// The folder a download writes into, and the one place that decides where an artifact may be
/// written: whatever path a store or a server answers with, nothing is ever written outside it.
///
/// An artifact path is refused (with a message naming it) when it is absolute, has a `..` or `.`
/// component or an empty one, holds NUL, or has a component longer than Linux allows; every other
/// name MLflow accepts is kept as it is (spaces, `#`, `?`, `%`, a backslash, a leading `-`, a
/// newline, unicode). Parent folders are created one by one and each must be a real folder inside
/// the destination (a symbolic link planted in the destination that points elsewhere is refused).
public struct DownloadFolder: Sendable {
    /// The destination, absolute, with symbolic links resolved.
    public let root: String
    /// Folders already created or checked by `prepare` (a folder of 1,500 files is checked once).
    private let checked = CheckedFolders()

    /// Creates the folder if needed.
    public init(_ path: String) throws {
        guard !path.isEmpty, !path.contains("\0") else {
            throw MLflowError.invalidArgument("invalid destination folder '\(path)'")
        }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        do {
            try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
        } catch {
            throw MLflowError.storage("cannot create the folder \(absolute): \(error.localizedDescription)")
        }
        guard let real = DownloadFolder.realPath(absolute) else {
            throw MLflowError.storage("cannot resolve the folder \(absolute)")
        }
        root = real
    }

    /// The components of an artifact path, checked.
    public static func components(of artifactPath: String) throws -> [String] {
        if PathText.isAbsolute(artifactPath) || PathText.containsNUL(artifactPath) {
            throw MLflowError.invalidArgument("refused artifact path '\(artifactPath)': absolute or with a NUL byte")
        }
        let parts = PathText.components(artifactPath)
        for part in parts {
            if part.isEmpty || PathText.isDotComponent(part) {
                throw MLflowError.invalidArgument("refused artifact path '\(artifactPath)': it has an empty, '.' or '..' component")
            }
            if part.utf8.count > 255 {
                throw MLflowError.invalidArgument("refused artifact path '\(artifactPath)': a name longer than 255 bytes")
            }
        }
        return parts
    }

    /// Where the artifact at `artifactPath` (relative to the owner's artifact root) goes.
    public func localPath(for artifactPath: String) throws -> String {
        root + "/" + (try DownloadFolder.components(of: artifactPath)).joined(separator: "/")
    }

    /// Creates the folders on the way to `artifactPath` (and the path itself when `isFolder`),
    /// checking each is a real folder inside the destination; returns the local path.
    @discardableResult
    public func prepare(_ artifactPath: String, isFolder: Bool) throws -> String {
        let parts = try DownloadFolder.components(of: artifactPath)
        var current = root
        for part in (isFolder ? parts[...] : parts.dropLast()) {
            current += "/" + part
            if checked.contains(current) { continue }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: current, isDirectory: &isDir) {
                guard isDir.boolValue else {
                    throw MLflowError.storage("cannot create the folder \(current): a file of that name is in the way")
                }
            } else {
                do {
                    try FileManager.default.createDirectory(atPath: current, withIntermediateDirectories: false)
                } catch {
                    throw MLflowError.storage("cannot create the folder \(current): \(error.localizedDescription)")
                }
            }
            // A symbolic link to somewhere else would take the files out of the destination.
            guard let real = DownloadFolder.realPath(current), real == root || real.hasPrefix(root + "/") else {
                throw MLflowError.invalidArgument("refused to write through '\(current)': it leads outside \(root)")
            }
            checked.insert(current)
        }
        return root + "/" + parts.joined(separator: "/")
    }

    /// A name beside `path` that does not exist yet: `name (1).ext`, `name (2).ext`, ...
    public static func freeName(beside path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let ext = (name as NSString).pathExtension
        let stem = ext.isEmpty || name.hasPrefix(".") && !name.dropFirst().contains(".") ? name : (name as NSString).deletingPathExtension
        let suffix = stem == name ? "" : "." + ext
        var index = 1
        while true {
            let candidate = folder + "/" + stem + " (\(index))" + suffix
            if !FileManager.default.fileExists(atPath: candidate) && (try? FileManager.default.destinationOfSymbolicLink(atPath: candidate)) == nil {
                return candidate
            }
            index += 1
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// The folders of one download already checked to be real folders inside the destination.
private final class CheckedFolders: Sendable {
    private let folders = Mutex(Set<String>())

    func contains(_ path: String) -> Bool { folders.withLock { $0.contains(path) } }
    func insert(_ path: String) { folders.withLock { _ = $0.insert(path) } }
}
