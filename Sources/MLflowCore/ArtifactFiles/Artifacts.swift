import Foundation
import Synchronization

/// One entry of an artifact folder listing.
public struct ArtifactEntry: Sendable, Hashable, Codable {
    /// Relative to the artifact root (run-relative for a run), `/`-separated.
    public var path: String
    public var isDir: Bool
    /// Absent for folders.
    public var fileSize: Int64?

    public init(path: String, isDir: Bool, fileSize: Int64? = nil) {
        self.path = path
        self.isDir = isDir
        self.fileSize = fileSize
    }

    /// The last path component.
    public var name: String { PathText.lastComponent(path) }
}

/// Whose artifacts: a run's, or an MLflow 3 logged model's.
public enum ArtifactOwner: Sendable, Hashable {
    case run(String)
    case loggedModel(String)
}

/// The start of an artifact, read into memory for a preview.
public struct ArtifactPrefix: Sendable, Hashable {
    public var data: Data
    /// Whether `data` is the whole file.
    public var complete: Bool
}

extension TrackingStore {
    /// At most `maxBytes` from the start of an artifact file; the rest is not read (a 50 MB log's
    /// first screen does not wait for 50 MB).
    public func readArtifactPrefix(_ owner: ArtifactOwner, path: String, maxBytes: Int) async throws -> ArtifactPrefix {
        let limit = max(0, maxBytes)
        let collected = Mutex((data: Data(), complete: true))
        try await readArtifact(owner, path: path) { chunk in
            collected.withLock { state in
                let room = limit - state.data.count
                if chunk.count > room {
                    state.data.append(chunk.prefix(room))
                    state.complete = false
                } else {
                    state.data.append(chunk)
                }
                // Exactly full goes on for one more chunk: only the file's end tells it is complete.
                return state.complete
            }
        }
        return collected.withLock { ArtifactPrefix(data: $0.data, complete: $0.complete) }
    }
}
