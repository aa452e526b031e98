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
    public var name: String { path.split(separator: "/").last.map(String.init) ?? path }
}

/// Whose artifacts: a run's, or an MLflow 3 logged model's.
public enum ArtifactOwner: Sendable, Hashable {
    case run(String)
    case loggedModel(String)
}
