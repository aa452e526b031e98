import MLflowCore

/// One artifact file a room can open or download: whose it is, where, how big, and what it belongs
/// to as headers name it. The artifact tree and the models view hand these to the pager, the image
/// preview and the downloads.
public struct ArtifactFileRef: Sendable, Hashable {
    public var owner: ArtifactOwner
    /// The path under the owner's artifact root.
    public var path: String
    /// The size the store reported, when it did.
    public var size: Int64?
    /// What owns the file, as a header names it: the run's name, `model fixture-model v1`, ...
    public var ownerLabel: String
    /// The run the file belongs to (a logged model's source run), when there is one.
    public var runId: String?

    public init(owner: ArtifactOwner, path: String, size: Int64?, ownerLabel: String, runId: String?) {
        self.owner = owner
        self.path = path
        self.size = size
        self.ownerLabel = ownerLabel
        self.runId = runId
    }

    /// The file's name, the last component of its path.
    public var name: String { PathText.lastComponent(path) }
}

/// A folder (or a whole root) of artifacts that can be browsed or downloaded.
public struct ArtifactRootRef: Sendable, Hashable {
    public var owner: ArtifactOwner
    /// The folder under the owner's root; "" is the whole root.
    public var path: String
    /// How the tree and the downloads name it: `run artifacts`, `logged model model (m-...)`, ...
    public var label: String
    /// The run it belongs to, when there is one.
    public var runId: String?

    public init(owner: ArtifactOwner, path: String, label: String, runId: String?) {
        self.owner = owner
        self.path = path
        self.label = label
        self.runId = runId
    }
}

/// What a file is, as far as its name tells, for choosing the room that opens it.
public enum ArtifactFileKind: Sendable, Hashable {
    /// PNG or JPEG: the image preview.
    case image
    /// Everything else: the pager, which shows text and says what a binary file is.
    case other

    public init(name: String) {
        let lower = name.lowercased()
        self = [".png", ".jpg", ".jpeg"].contains { lower.hasSuffix($0) } ? .image : .other
    }
}

/// `Enter` on a file in the artifact tree or a model's files: images to the preview, the rest to the pager.
func openArtifactFile(_ state: inout DashboardState, _ file: ArtifactFileRef) -> [Effect] {
    switch ArtifactFileKind(name: file.name) {
    case .image: openImage(&state, file)
    case .other: openPager(&state, file)
    }
}
