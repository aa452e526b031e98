#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import MLflowCore

/// Thin POSIX file access: the store reads many small files, and Foundation's wrappers cost more
/// than the reads themselves.
enum FileSystem {
    /// One entry of a folder.
    struct Entry {
        var name: String
        var isDirectory: Bool
    }

    /// Why a file could not be read.
    struct ReadError: Error, CustomStringConvertible {
        var path: String
        var code: Int32

        var isMissing: Bool { code == ENOENT || code == ENOTDIR }
        var description: String { "\(path): \(String(cString: strerror(code)))" }
    }

    /// The whole content of a file.
    static func read(_ path: String) throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, code: errno) }
        defer { close(fd) }
        var result: [UInt8] = []
        let chunk = 16_384
        let failure: Int32? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: chunk) { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return ENOMEM }
            while true {
                let count = posixRead(fd, base, chunk)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if count == 0 { return nil }
                result.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
            }
        }
        if let failure { throw ReadError(path: path, code: failure) }
        return result
    }

    /// Reads a file front to back in pieces of at most `chunkSize` bytes, handing each to `body`
    /// (valid only during the call), without holding the whole file.
    static func readChunks(_ path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeBufferPointer<UInt8>) -> Void) throws(ReadError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, code: errno) }
        defer { close(fd) }
        let size = max(1, chunkSize)
        let failure: Int32? = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer -> Int32? in
            guard let base = buffer.baseAddress else { return ENOMEM }
            while true {
                let count = posixRead(fd, base, size)
                if count < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                if count == 0 { return nil }
                body(UnsafeBufferPointer(start: base, count: count))
            }
        }
        if let failure { throw ReadError(path: path, code: failure) }
    }

    /// A file's content as text; invalid UTF-8 is repaired, everything else kept as stored.
    static func readText(_ path: String) throws(ReadError) -> String {
        String(decoding: try read(path), as: UTF8.self)
    }

    /// The entries of a folder, unsorted, without `.` and `..`; nil when it cannot be listed.
    static func list(_ path: String) -> [Entry]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var entries: [Entry] = []
        while let pointer = readdir(dir) {
            let name = withUnsafePointer(to: &pointer.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) {
                    String(cString: $0)
                }
            }
            if name == "." || name == ".." { continue }
            let type = pointer.pointee.d_type
            let isDirectory: Bool
            if type == UInt8(DT_DIR) {
                isDirectory = true
            } else if type == UInt8(DT_REG) {
                isDirectory = false
            } else {
                isDirectory = Self.isDirectory(path + "/" + name)
            }
            entries.append(Entry(name: name, isDirectory: isDirectory))
        }
        return entries
    }

    /// Every file under `root`, as `/`-joined paths relative to it (MLflow's keys); empty when
    /// `root` is missing.
    static func walkFiles(_ root: String) -> [String] {
        var result: [String] = []
        walk(root, prefix: "", depth: 0, into: &result)
        return result
    }

    private static func walk(_ folder: String, prefix: String, depth: Int, into result: inout [String]) {
        guard depth < 64, let entries = list(folder) else { return }
        for entry in entries {
            if entry.isDirectory {
                walk(folder + "/" + entry.name, prefix: prefix + entry.name + "/", depth: depth + 1, into: &result)
            } else {
                result.append(prefix + entry.name)
            }
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Size and modification time, to tell whether a cached parse is still current.
    static func stamp(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return FileStamp(size: Int64(info.st_size), seconds: Int64(time.tv_sec), nanoseconds: Int64(time.tv_nsec))
    }
}

/// `read(2)`, named apart from `FileSystem.read`.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #elseif canImport(Musl)
    return Musl.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}

/// What a file looked like when it was read.
struct FileStamp: Hashable {
    var size: Int64
    var seconds: Int64
    var nanoseconds: Int64
}

/// Whether `name` can be used as one path component of the store (an id, a key segment).
func isSafePathComponent(_ name: String) -> Bool {
    !name.isEmpty && !PathText.isDotComponent(name) && !PathText.containsSlash(name) && !PathText.containsNUL(name)
}

/// Whether `key` is a relative `/`-separated path that stays inside its folder.
func isSafeRelativePath(_ key: String) -> Bool {
    !PathText.isAbsolute(key) && PathText.components(key).allSatisfy(isSafePathComponent)
}
