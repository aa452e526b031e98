import Foundation

/// An artifact root on the local disk, as the SQLite and file stores record it
/// (`file:///abs/path`, `/abs/path` or a relative path).
///
/// Stores copied from another machine keep the old absolute paths; when a recorded root is
/// gone, the longest tail of it that exists under the store's own folder is used instead.
public struct LocalArtifactRoot: Sendable {
    /// The folder the artifacts really are in.
    public let directory: String

    /// Resolves `uri` on this machine. `storeDirectory` is the folder that holds the store
    /// (the `mlruns` folder, or the folder of `mlflow.db`); relative roots are taken against it.
    /// `ownerId` is the run's or logged model's id: a relocated root is only accepted where that id
    /// is a folder name on the way (MLflow puts every root under one), so a run whose folder is
    /// missing never resolves to some unrelated `artifacts/` folder of the project.
    public init(uri: String, storeDirectory: String, ownerId: String) throws {
        guard let recorded = LocalArtifactRoot.localPath(of: uri, relativeTo: storeDirectory) else {
            throw MLflowError.unsupported(
                "artifact root '\(uri)' is not on this disk; only the cloud SDK of its scheme could read it. "
                + "Serve the store with `mlflow server --serve-artifacts` (on a machine that can reach the artifacts) and open that server instead")
        }
        if FileManager.default.fileExists(atPath: recorded) {
            directory = recorded
            return
        }
        let parts = PathText.components(recorded, omittingEmpty: true)
        let bases = [storeDirectory, (storeDirectory as NSString).deletingLastPathComponent]
        for start in parts.indices where !ownerId.isEmpty && parts[start...].contains(ownerId) {
            let tail = parts[start...].joined(separator: "/")
            for base in bases {
                let candidate = (base as NSString).appendingPathComponent(tail)
                if FileManager.default.fileExists(atPath: candidate) {
                    directory = candidate
                    return
                }
            }
        }
        // Nothing recorded exists (yet): an empty listing, not an error.
        directory = recorded
    }

    /// The local path of a `file:` URI or a plain path; nil for remote schemes.
    public static func localPath(of uri: String, relativeTo base: String) -> String? {
        var path = uri
        if let scheme = uri.range(of: ":"), uri[..<scheme.lowerBound].count > 1,
           uri[..<scheme.lowerBound].first?.isLetter == true,
           uri[..<scheme.lowerBound].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "+" || $0 == ".") }) {
            guard uri[..<scheme.lowerBound].lowercased() == "file" else { return nil }
            path = String(uri[scheme.upperBound...])
            if path.hasPrefix("//") {
                path.removeFirst(2)
                if !path.hasPrefix("/"), let slash = path.firstIndex(of: "/") { path = String(path[slash...]) }
            }
            path = path.removingPercentEncoding ?? path
        }
        if !path.hasPrefix("/") { path = (base as NSString).appendingPathComponent(path) }
        return (path as NSString).standardizingPath
    }

    /// Checks an artifact-relative path: no absolute paths, no `..`, no NUL.
    public static func validateRelative(_ path: String) throws -> [String] {
        if PathText.isAbsolute(path) || PathText.containsNUL(path) {
            throw MLflowError.invalidArgument("invalid artifact path '\(path)'")
        }
        let parts = PathText.components(path, omittingEmpty: true)
        if parts.contains(where: PathText.isDotComponent) {
            throw MLflowError.invalidArgument("artifact path '\(path)' may not contain '.' or '..'")
        }
        return parts
    }

    /// The absolute local path of an artifact-relative path, checked to stay inside the root.
    public func resolve(_ relative: String) throws -> String {
        let parts = try LocalArtifactRoot.validateRelative(relative)
        return parts.isEmpty ? directory : directory + "/" + parts.joined(separator: "/")
    }

    /// The entries of one folder, sorted by path; paths are given relative to the root.
    /// A missing folder lists as empty, as MLflow does.
    public func list(_ relative: String) throws -> [ArtifactEntry] {
        let parts = try LocalArtifactRoot.validateRelative(relative)
        let folder = try resolve(relative)
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir) else { return [] }
        guard isDir.boolValue else { return [] }
        let names: [String]
        do { names = try fm.contentsOfDirectory(atPath: folder) } catch {
            throw MLflowError.storage("cannot list \(folder): \(error.localizedDescription)")
        }
        let prefix = parts.isEmpty ? "" : parts.joined(separator: "/") + "/"
        return names.sorted().map { name in
            let full = folder + "/" + name
            var childIsDir: ObjCBool = false
            _ = fm.fileExists(atPath: full, isDirectory: &childIsDir)
            if childIsDir.boolValue { return ArtifactEntry(path: prefix + name, isDir: true) }
            let size = (try? fm.attributesOfItem(atPath: full)[.size] as? NSNumber)?.int64Value
            return ArtifactEntry(path: prefix + name, isDir: false, fileSize: (size ?? 0) == 0 ? nil : size)
        }
    }

    /// Hands the file's bytes to `consume` in chunks of at most 1 MiB, from the start, until the
    /// file ends or `consume` returns false (a preview that has enough).
    public func read(_ relative: String, consume: (Data) throws -> Bool) throws {
        let source = try resolve(relative)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir) else {
            throw MLflowError.notFound("artifact '\(relative)'")
        }
        guard !isDir.boolValue else { throw MLflowError.invalidArgument("artifact '\(relative)' is a folder, not a file") }
        guard let input = FileHandle(forReadingAtPath: source) else { throw MLflowError.storage("cannot open \(source)") }
        defer { try? input.close() }
        while true {
            let chunk = try input.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { return }
            guard try consume(chunk) else { return }
        }
    }

    /// Copies one file to `destination` in chunks; returns the byte count.
    public func copy(_ relative: String, to destination: String) throws -> Int64 {
        let source = try resolve(relative)
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDir) else {
            throw MLflowError.notFound("artifact '\(relative)'")
        }
        guard !isDir.boolValue else { throw MLflowError.invalidArgument("artifact '\(relative)' is a folder, not a file") }
        return try FileCopy.copy(from: source, to: destination)
    }
}

/// Chunked file copy that never loads the whole file.
public enum FileCopy {
    public static func copy(from source: String, to destination: String) throws -> Int64 {
        guard let input = FileHandle(forReadingAtPath: source) else {
            throw MLflowError.storage("cannot open \(source)")
        }
        defer { try? input.close() }
        guard FileManager.default.createFile(atPath: destination, contents: nil) ,
              let output = FileHandle(forWritingAtPath: destination) else {
            throw MLflowError.storage("cannot write \(destination)")
        }
        defer { try? output.close() }
        var total: Int64 = 0
        while true {
            let chunk = try input.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            try output.write(contentsOf: chunk)
            total += Int64(chunk.count)
        }
        return total
    }
}
