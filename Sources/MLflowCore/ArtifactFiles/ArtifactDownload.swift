import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import Synchronization

/// What a download fetches: every file under a path (or the one file it names), found by listing
/// folders recursively, several at a time.
public struct ArtifactPlan: Sendable, Hashable {
    public var owner: ArtifactOwner
    /// The requested path ("" for all of the owner's artifacts).
    public var path: String
    /// Whether the path is a folder (else it names one file).
    public var isFolder: Bool
    /// Files, root-relative paths, sorted.
    public var files: [ArtifactEntry]
    /// Every folder under the path (empty ones too), root-relative, sorted.
    public var folders: [String]

    public init(owner: ArtifactOwner, path: String, isFolder: Bool, files: [ArtifactEntry], folders: [String]) {
        self.owner = owner
        self.path = path
        self.isFolder = isFolder
        self.files = files
        self.folders = folders
    }

    /// The sum of the sizes the store reported.
    public var totalBytes: Int64 { files.reduce(0) { $0 + ($1.fileSize ?? 0) } }

    /// Lists `path` of `owner`. Entries a store answers with that do not lie under the folder they
    /// were listed from (or are not valid artifact paths) are refused: a hostile server cannot
    /// steer the download elsewhere or into an endless listing.
    public static func make(store: any TrackingStore, owner: ArtifactOwner, path requested: String,
                            jobs: Int = 4, maxEntries: Int = 1_000_000) async throws -> ArtifactPlan {
        let path = try LocalArtifactRoot.validateRelative(requested).joined(separator: "/")
        let (isFolder, top) = try await entries(store: store, owner: owner, path: path)
        if !isFolder {
            return ArtifactPlan(owner: owner, path: path, isFolder: false, files: top, folders: [])
        }
        var files: [ArtifactEntry] = []
        var folders: [String] = []
        var pending: [String] = []
        var count = 0
        func take(_ entries: [ArtifactEntry]) throws {
            count += entries.count
            guard count <= maxEntries else {
                throw MLflowError.storage("more than \(maxEntries) artifacts under '\(path)'; download a smaller folder")
            }
            for entry in entries {
                if entry.isDir { folders.append(entry.path); pending.append(entry.path) } else { files.append(entry) }
            }
        }
        try take(top)
        let width = max(1, jobs)
        while !pending.isEmpty {
            let batch = Array(pending.prefix(width))
            pending.removeFirst(batch.count)
            let listings = try await withThrowingTaskGroup(of: [ArtifactEntry].self) { group in
                for folder in batch {
                    group.addTask { try await checkedListing(store: store, owner: owner, folder: folder) }
                }
                var all: [[ArtifactEntry]] = []
                for try await listing in group { all.append(listing) }
                return all
            }
            for listing in listings { try take(listing) }
        }
        return ArtifactPlan(owner: owner, path: path, isFolder: true,
                            files: files.sorted { $0.path < $1.path }, folders: folders.sorted())
    }

    /// What `path` is: a folder and its entries, or a file and its one entry.
    ///
    /// The parent's listing says which (and gives a file's size); the path's own listing is asked
    /// for at the same time, so a folder costs no second round trip, and is dropped unread for a
    /// file. A server names the run's artifact root in every listing, so the download that follows
    /// needs no run lookup of its own. The run is looked up only when nothing is found, so that an
    /// unknown run is said to be unknown rather than its artifact missing.
    public static func entries(store: any TrackingStore, owner: ArtifactOwner, path: String) async throws -> (isFolder: Bool, entries: [ArtifactEntry]) {
        if path.isEmpty {
            let listed = try await checkedListing(store: store, owner: owner, folder: "")
            if listed.isEmpty { try await checkOwnerExists(store: store, owner: owner) }
            return (true, listed)
        }
        async let listing = checkedListing(store: store, owner: owner, folder: path)
        let siblings = try await checkedListing(store: store, owner: owner, folder: PathText.parent(path))
        guard let entry = siblings.first(where: { $0.path == path }) else {
            try await checkOwnerExists(store: store, owner: owner)
            throw MLflowError.notFound("artifact '\(path)'")
        }
        guard entry.isDir else { return (false, [entry]) }   // the path's listing is cancelled
        return (true, try await listing)
    }

    /// Throws the store's "not found" for an unknown run (a logged model's listing already does).
    private static func checkOwnerExists(store: any TrackingStore, owner: ArtifactOwner) async throws {
        if case .run(let id) = owner { _ = try await store.run(id: id) }
    }

    /// One folder's listing, each entry checked to be a valid path strictly under `folder`.
    public static func checkedListing(store: any TrackingStore, owner: ArtifactOwner, folder: String) async throws -> [ArtifactEntry] {
        let entries = try await store.listArtifacts(owner, path: folder)
        let prefix = folder.isEmpty ? "" : folder + "/"
        for entry in entries {
            _ = try DownloadFolder.components(of: entry.path)
            guard entry.path.hasPrefix(prefix), entry.path.count > prefix.count else {
                throw MLflowError.invalidArgument(
                    "refused artifact path '\(entry.path)': the store listed it in '\(folder.isEmpty ? "/" : folder)', which does not hold it")
            }
        }
        return entries
    }
}

/// What to do with a file that already exists where a download would write.
public enum ExistingFilePolicy: String, Sendable, CaseIterable {
    /// Skip it when its size is the size the store reports, else count the file as failed.
    case skipSameSize = "skip-same"
    /// Replace it (only once the new file is complete).
    case overwrite
    /// Keep it and write the new file as `name (1).ext`.
    case keepBoth = "keep-both"
    /// Leave it, whatever it holds.
    case skip
}

/// How far a download is: files and bytes, with the bytes of files still arriving.
public struct DownloadProgress: Sendable, Hashable {
    public var filesDone: Int
    public var filesTotal: Int
    public var bytesDone: Int64
    /// The sum of the sizes the store reported.
    public var bytesTotal: Int64

    public init(filesDone: Int = 0, filesTotal: Int = 0, bytesDone: Int64 = 0, bytesTotal: Int64 = 0) {
        self.filesDone = filesDone
        self.filesTotal = filesTotal
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
    }
}

/// How a download ended.
public struct DownloadReport: Sendable, Hashable {
    public struct Failure: Sendable, Hashable {
        public var path: String
        public var message: String
    }
    /// Local paths written.
    public var written: [String] = []
    /// Local paths left as they were (already there).
    public var skipped: [String] = []
    public var failed: [Failure] = []
    public var bytes: Int64 = 0
    /// The local path of what was asked for: the folder, or the file.
    public var destination: String = ""
}

/// Downloads a plan into a folder, several files at a time. Each file is written to a temporary
/// name in its own folder and renamed to its real name only when complete and of the size the
/// store reported: an interrupted or failed download never leaves a truncated file under the real
/// name, and running the download again completes it.
public final class ArtifactDownloader: Sendable {
    public let store: any TrackingStore
    public let folder: DownloadFolder
    public let jobs: Int
    public let existing: ExistingFilePolicy

    /// What a download has done so far, and of how much: one lock for all of it.
    private struct Counters {
        var filesDone = 0
        var bytesDone: Int64 = 0
        var arriving: Set<String> = []
        var filesTotal = 0
        var bytesTotal: Int64 = 0
    }
    private let counters = Mutex(Counters())

    public init(store: any TrackingStore, folder: DownloadFolder, jobs: Int = 4, existing: ExistingFilePolicy = .skipSameSize) {
        self.store = store
        self.folder = folder
        self.jobs = max(1, jobs)
        self.existing = existing
    }

    /// Progress now, with the bytes already on disk of files still arriving (cheap enough to call a
    /// few times a second). A file fetched in several ranges at once has holes until it is
    /// complete, so what is on disk is its allocated space (never more than its size), not its size.
    public func progress() -> DownloadProgress {
        let now = counters.withLock { $0 }
        var partial: Int64 = 0
        for path in now.arriving {
            var info = stat()
            guard stat(path, &info) == 0 else { continue }
            partial += min(Int64(info.st_size), Int64(info.st_blocks) * 512)
        }
        return DownloadProgress(filesDone: now.filesDone, filesTotal: now.filesTotal, bytesDone: now.bytesDone + partial, bytesTotal: now.bytesTotal)
    }

    /// Downloads every file of `plan` (and creates its empty folders). Never throws for one file:
    /// failures are listed in the report. A cancelled task stops starting files and removes the
    /// partial ones.
    public func run(_ plan: ArtifactPlan) async -> DownloadReport {
        counters.withLock { counters in
            counters.filesTotal = plan.files.count
            counters.bytesTotal = plan.totalBytes
        }
        var report = DownloadReport()
        report.destination = plan.path.isEmpty ? folder.root : ((try? folder.localPath(for: plan.path)) ?? folder.root)
        for path in plan.folders {
            do { try folder.prepare(path, isFolder: true) } catch {
                report.failed.append(.init(path: path, message: Self.describe(error)))
            }
        }
        if plan.isFolder && !plan.path.isEmpty {
            do { try folder.prepare(plan.path, isFolder: true) } catch {
                report.failed.append(.init(path: plan.path, message: Self.describe(error)))
            }
        }
        enum Outcome: Sendable {
            case written(String, Int64)
            case skipped(String)
            case failed(String, String)
        }
        await withTaskGroup(of: Outcome.self) { group in
            var next = 0
            func start() {
                guard next < plan.files.count, !Task.isCancelled else { return }
                let entry = plan.files[next]
                next += 1
                group.addTask {
                    do {
                        switch try await self.fetch(entry, owner: plan.owner) {
                        case .written(let path, let bytes): return .written(path, bytes)
                        case .skipped(let path): return .skipped(path)
                        }
                    } catch {
                        return .failed(entry.path, Self.describe(error))
                    }
                }
            }
            for _ in 0..<jobs { start() }
            for await outcome in group {
                switch outcome {
                case .written(let path, let bytes): report.written.append(path); report.bytes += bytes
                case .skipped(let path): report.skipped.append(path)
                case .failed(let path, let message): report.failed.append(.init(path: path, message: message))
                }
                start()
            }
        }
        if Task.isCancelled {
            let started = Set(report.written + report.skipped).count + report.failed.count
            if started < plan.files.count {
                report.failed.append(.init(path: plan.path, message: "cancelled: \(plan.files.count - started) files not fetched"))
            }
        }
        report.written.sort()
        report.skipped.sort()
        report.failed.sort { $0.path < $1.path }
        return report
    }

    private func fetch(_ entry: ArtifactEntry, owner: ArtifactOwner) async throws -> FetchOutcome {
        try Task.checkCancellation()
        var local = try folder.prepare(entry.path, isFolder: false)
        var found = stat()
        if stat(local, &found) == 0 {
            guard found.st_mode & S_IFMT != S_IFDIR else {
                throw MLflowError.storage("\(local) is a folder; the artifact is a file")
            }
            let size = Int64(found.st_size)
            switch existing {
            case .skip:
                finish(bytes: size)
                return .skipped(local)
            case .skipSameSize:
                if size == (entry.fileSize ?? 0) {
                    finish(bytes: size)
                    return .skipped(local)
                }
                throw MLflowError.storage(
                    "\(local) exists with \(size) bytes, the artifact has \(entry.fileSize ?? 0); choose overwrite or keep-both")
            case .keepBoth:
                local = DownloadFolder.freeName(beside: local)
            case .overwrite:
                break
            }
        }
        let parent = (local as NSString).deletingLastPathComponent
        // 64 random bits from the kernel's generator (Foundation's UUID opens /dev/urandom each time).
        let temporary = parent + "/.runboard-" + String(UInt64.random(in: 0...UInt64.max), radix: 36) + ".part"
        counters.withLock { _ = $0.arriving.insert(temporary) }
        defer { counters.withLock { _ = $0.arriving.remove(temporary) } }
        do {
            let reported = try await store.downloadArtifact(owner, path: entry.path, to: temporary, expectedBytes: entry.fileSize)
            try Task.checkCancellation()
            var written = stat()
            let onDisk = stat(temporary, &written) == 0 ? Int64(written.st_size) : -1
            let expected = entry.fileSize ?? onDisk
            guard onDisk == reported, onDisk == expected else {
                throw MLflowError.transport("\(entry.path): got \(onDisk) bytes of \(expected); the file was not kept")
            }
            guard rename(temporary, local) == 0 else {
                throw MLflowError.storage("cannot rename \(temporary) to \(local): \(String(cString: strerror(errno)))")
            }
            finish(bytes: onDisk)
            return .written(local, onDisk)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    private func finish(bytes: Int64) {
        counters.withLock {
            $0.filesDone += 1
            $0.bytesDone += max(0, bytes)
        }
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? MLflowError { return error.description }
        if error is CancellationError { return "cancelled" }
        return String(describing: error)
    }
}

/// One file fetched or left as it was.
enum FetchOutcome: Sendable {
    case written(String, Int64)
    case skipped(String)
}
