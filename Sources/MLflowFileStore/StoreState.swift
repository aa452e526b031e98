import Foundation
import MLflowCore

/// What the store remembers between calls: notes about broken files, parsed metric files, the
/// artifact roots found, and the results of recent run searches (so that later pages come from
/// the same snapshot).
struct StoreState {
    /// Most notes kept; older ones are dropped first.
    static let maxWarnings = 500
    /// Most metric files kept parsed.
    static let maxCachedHistories = 16
    /// Most search results kept for paging.
    static let maxSnapshots = 4

    /// Most artifact roots kept (one per run or logged model downloaded from).
    static let maxArtifactRoots = 256

    var warnings: [String] = []
    var warningSet: Set<String> = []
    var histories: [String: CachedHistory] = [:]
    var artifactRoots: [ArtifactOwner: CachedArtifactRoot] = [:]
    var historyUse: [String] = []
    var snapshots: [(id: String, query: RunQuery, runs: [Run])] = []
    var nextSnapshot = 0
    /// Makes snapshot ids of different store instances differ.
    let instance = UUID().uuidString.prefix(8)

    mutating func warn(_ message: String) {
        guard warningSet.insert(message).inserted else { return }
        warnings.append(message)
        if warnings.count > Self.maxWarnings {
            warningSet.remove(warnings.removeFirst())
        }
    }

    mutating func rememberArtifactRoot(_ root: CachedArtifactRoot, of owner: ArtifactOwner) {
        if artifactRoots.count >= Self.maxArtifactRoots { artifactRoots.removeAll() }
        artifactRoots[owner] = root
    }

    mutating func cachedHistory(path: String, stamp: FileStamp) -> [Metric]? {
        guard let cached = histories[path], cached.stamp == stamp else { return nil }
        historyUse.removeAll { $0 == path }
        historyUse.append(path)
        return cached.points
    }

    mutating func storeHistory(_ points: [Metric], path: String, stamp: FileStamp) {
        histories[path] = CachedHistory(stamp: stamp, points: points)
        historyUse.removeAll { $0 == path }
        historyUse.append(path)
        while historyUse.count > Self.maxCachedHistories {
            histories[historyUse.removeFirst()] = nil
        }
    }

    mutating func storeSnapshot(_ runs: [Run], query: RunQuery) -> String {
        nextSnapshot += 1
        let id = "\(instance)-\(nextSnapshot)"
        snapshots.append((id, query, runs))
        if snapshots.count > Self.maxSnapshots { snapshots.removeFirst() }
        return id
    }

    /// The runs a search stored, if it is still kept and was for the same query.
    func snapshot(_ id: String, query: RunQuery) -> [Run]? {
        snapshots.first { $0.id == id && $0.query == query }?.runs
    }
}

/// A parsed metric file, in history order, and the file state it was read from.
struct CachedHistory {
    var stamp: FileStamp
    var points: [Metric]
}

/// An owner's artifact root, and the `meta.yaml` (with its stamp) it was read from.
struct CachedArtifactRoot {
    var meta: String
    var stamp: FileStamp
    var root: LocalArtifactRoot
}
