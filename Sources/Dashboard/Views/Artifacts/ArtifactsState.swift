import MLflowCore
import TerminalCore

/// The state of the artifacts room: a tree of roots (the run's artifacts, its logged models, the
/// registered versions whose source is the run), folders listed when first expanded, and folder
/// totals worked out in the background from the listings.
public struct ArtifactsState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The run whose artifacts are shown, when they are a run's.
    public var runId: String?
    /// What the artifacts belong to, as the header names it.
    public var ownerLabel = ""
    /// The roots, in order: those the room was opened on, then the run's logged models, then the
    /// registered versions (drawn under their group).
    public var roots: [ArtifactTreeRoot] = []
    /// Every folder listed so far (or being listed), by root and path.
    public var listings: [ArtifactFolderKey: ArtifactListing] = [:]
    /// What is known of each listed folder's total.
    public var totals: [ArtifactFolderKey: ArtifactFolderTotal] = [:]
    /// The roots, folders and the versions group that are open.
    public var expanded: Set<ArtifactNodeID> = []
    /// The rows shown, rebuilt only when the tree's shape or the filter changes.
    public private(set) var rows: [ArtifactRow] = []
    /// The selected row's id: the cursor follows it when rows come and go.
    public var selectedId: ArtifactNodeID?
    public var cursor = ListCursor()
    /// The name filter (`/`), applied as typed.
    public var filter = ""
    /// Whether the filter prompt takes the keys.
    public var filtering = false
    /// The run's MLflow 3 logged models, asked for when opened on a run.
    public var loggedModelsLoad: LoadState = .idle
    /// The registered versions whose source is the run.
    public var versionsLoad: LoadState = .idle
    /// Whether the registered versions group is shown (opened on a run).
    public var showsVersions = false
    /// The one recursive listing in flight for folder totals.
    public var crawl: ArtifactCrawl?
    /// Folders whose total is wanted (expanded or selected), latest first.
    public var totalsWanted: [ArtifactFolderKey] = []
    /// When the folder under the cursor gets its total asked for (the cursor rests first).
    public var totalsDueAt: Int64?

    public init() {}

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] {
        var parts = [ownerLabel.isEmpty ? "artifacts" : ownerLabel, "artifacts"]
        if let id = selectedId, let root = root(id.root) {
            if root.inVersionsGroup { parts.append(root.label) }
            let path = id.path ?? ""
            let shown = path.hasPrefix(root.base) ? String(path.dropFirst(root.base.count)).trimmingSlashes : path
            if !shown.isEmpty { parts.append(shown) }
        }
        return parts
    }

    /// Whether it waits on the store.
    public var isLoading: Bool {
        loggedModelsLoad.isLoading || versionsLoad.isLoading || crawl != nil
            || roots.contains { $0.resolve.isLoading } || listings.values.contains { $0.load.isLoading }
    }

    /// What the status line says while the tree waits on the store.
    public var loadingText: String? {
        if roots.contains(where: { $0.resolve.isLoading }) { return "finding the artifacts..." }
        let listing = listings.values.filter { $0.load.isLoading }.count
        if listing > 0 { return listing == 1 ? "listing a folder..." : "listing \(listing) folders..." }
        if loggedModelsLoad.isLoading { return "loading logged models..." }
        if versionsLoad.isLoading { return "loading registered versions..." }
        if let crawl {
            let path = crawl.folder.path
            return "adding up " + (path.isEmpty ? "the artifacts" : SafeText.sanitize(path)) + "..."
        }
        return nil
    }

    /// The root with `key`.
    public func root(_ key: ArtifactRootKey?) -> ArtifactTreeRoot? {
        guard let key else { return nil }
        return roots.first { $0.key == key }
    }

    /// The selected row.
    public var selectedRow: ArtifactRow? { rows[safe: cursor.selected] }

    /// Replaces the rows, keeping the cursor on the artifact it was on (or as near as it gets).
    mutating func setRows(_ newRows: [ArtifactRow], height: Int) {
        rows = newRows
        if let id = selectedId, let index = rows.firstIndex(where: { $0.id == id }) {
            cursor.select(index, count: rows.count)
        } else {
            cursor.select(cursor.selected, count: rows.count)
        }
        selectedId = rows[safe: cursor.selected]?.id
        cursor.reveal(height: height)
    }

    /// Moves the cursor by `delta` rows, clamped; the selection's id follows.
    mutating func moveCursor(by delta: Int, height: Int) {
        let target = cursor.selected.addingReportingOverflow(delta)
        cursor.select(target.overflow ? (delta < 0 ? 0 : rows.count - 1) : target.partialValue, count: rows.count)
        selectedId = rows[safe: cursor.selected]?.id
        cursor.reveal(height: height)
    }
}

/// Which root a node belongs to.
public enum ArtifactRootKey: Sendable, Hashable {
    /// Files of an owner from a path: the run's artifacts, a logged model's, a root the room was opened on.
    case files(ArtifactOwner, path: String)
    /// A registered model version, resolved to its files when first opened.
    case version(name: String, version: String)
}

/// A row's identity, which the cursor follows.
public struct ArtifactNodeID: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A root, a folder or a file.
        case node
        /// The loading, failed or empty row under the folder `path` (or under a root being resolved).
        case placeholder
        /// The registered versions group, and the row under it while they load.
        case versionsGroup
        case versionsPlaceholder
    }

    public var kind: Kind
    /// Nil for the group rows.
    public var root: ArtifactRootKey?
    /// Owner-relative; nil for a root's own row (and the group rows).
    public var path: String?

    public init(_ kind: Kind = .node, root: ArtifactRootKey?, path: String?) {
        self.kind = kind
        self.root = root
        self.path = path
    }

    public static let versionsGroup = ArtifactNodeID(.versionsGroup, root: nil, path: nil)
    public static let versionsPlaceholder = ArtifactNodeID(.versionsPlaceholder, root: nil, path: nil)

    /// A root's own row.
    public static func root(_ key: ArtifactRootKey) -> ArtifactNodeID { ArtifactNodeID(root: key, path: nil) }
    /// A folder or file of a root.
    public static func entry(_ key: ArtifactRootKey, _ path: String) -> ArtifactNodeID { ArtifactNodeID(root: key, path: path) }
}

/// One folder of one root: the key of its listing and its total.
public struct ArtifactFolderKey: Sendable, Hashable {
    public var root: ArtifactRootKey
    /// Owner-relative, "" for the owner's whole root.
    public var path: String

    public init(_ root: ArtifactRootKey, _ path: String) {
        self.root = root
        self.path = path
    }
}

/// A root of the tree.
public struct ArtifactTreeRoot: Sendable, Hashable {
    public var key: ArtifactRootKey
    /// How its row names it: `run artifacts`, `logged model model (m-…)`, `fixture-model v1 (champion)`.
    public var label: String
    /// What owns its files, as the pager's and the image's headers name it.
    public var ownerLabel: String
    /// Whose files; nil for a registered version not resolved yet.
    public var owner: ArtifactOwner?
    /// The folder of the owner's artifacts the root shows ("" for all of them).
    public var base: String
    /// The run the files belong to, when there is one.
    public var runId: String?
    /// Where the root comes from.
    public var origin: Origin
    /// A registered version's resolution to its files.
    public var resolve: LoadState = .idle

    /// Where a root comes from.
    public enum Origin: Sendable, Hashable {
        /// What the room was opened on.
        case given
        /// A logged model of the run.
        case loggedModel
        /// A registered version whose source is the run, drawn under the versions group.
        case version
    }

    public init(key: ArtifactRootKey, label: String, ownerLabel: String, owner: ArtifactOwner?, base: String, runId: String?,
                origin: Origin = .given) {
        self.key = key
        self.label = label
        self.ownerLabel = ownerLabel
        self.owner = owner
        self.base = base
        self.runId = runId
        self.origin = origin
    }

    /// Drawn under the registered versions group.
    public var inVersionsGroup: Bool { origin == .version }

    /// The folder key of the root's own folder.
    public var folder: ArtifactFolderKey { ArtifactFolderKey(key, base) }
}

/// One folder's listing: its entries (folders first, then files, each by name) and what they add up to.
public struct ArtifactListing: Sendable, Hashable {
    public var load: LoadState = .idle
    public var entries: [ArtifactEntry] = []
    /// The sizes of the folder's own files, and how many there are. A file listed without a size
    /// counts as empty: MLflow leaves the size out of an empty file's entry (proto3 drops zeros),
    /// and the local stores do as it does.
    public var fileBytes: Int64 = 0
    public var fileCount = 0
    /// The paths of its subfolders.
    public var subfolders: [String] = []

    public init(load: LoadState = .idle) {
        self.load = load
    }

    /// A loaded listing of `entries` (any order).
    public init(entries: [ArtifactEntry]) {
        load = .loaded
        self.entries = ArtifactListing.ordered(entries)
        for entry in self.entries {
            if entry.isDir {
                subfolders.append(entry.path)
            } else {
                fileCount += 1
                fileBytes += entry.fileSize ?? 0
            }
        }
    }

    /// Folders first, then files, each by name.
    static func ordered(_ entries: [ArtifactEntry]) -> [ArtifactEntry] {
        entries.sorted { a, b in
            if a.isDir != b.isDir { return a.isDir }
            let (x, y) = (a.name, b.name)
            return x == y ? a.path < b.path : x < y
        }
    }
}

/// What is known of a folder's total: exact when every folder under it is listed.
public struct ArtifactFolderTotal: Sendable, Hashable {
    public var bytes: Int64 = 0
    public var files = 0
    /// Every folder under it is listed.
    public var complete = false
    /// A folder under it could not be listed (the total stays a lower bound).
    public var failed = false

    public init(bytes: Int64 = 0, files: Int = 0, complete: Bool = false, failed: Bool = false) {
        self.bytes = bytes
        self.files = files
        self.complete = complete
        self.failed = failed
    }
}

/// The recursive listing of one folder in flight (for its total).
public struct ArtifactCrawl: Sendable, Hashable {
    public var requestId: Int
    public var folder: ArtifactFolderKey
}

/// One row of the tree.
public struct ArtifactRow: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case root
        case folder
        case file
        case versionsGroup
        /// A spinner row under a folder (or a root, or the group) that is loading.
        case loading(String)
        /// Why a folder (or a root, or the group) could not be read.
        case failed(String)
        /// A dim note: an empty folder, no registered versions.
        case note(String)
    }

    public var id: ArtifactNodeID
    public var depth: Int
    public var kind: Kind
    /// The name as stored (drawn through `SafeText`).
    public var name: String
    /// A file's size, as the store listed it.
    public var size: Int64?

    /// Whether it can be opened as a folder (a root, a folder, the versions group).
    public var isContainer: Bool {
        switch kind {
        case .root, .folder, .versionsGroup: true
        default: false
        }
    }
}

/// The artifacts room's own actions: its keys' intents and the store's answers.
public enum ArtifactsAction: Sendable, Hashable {
    /// `h`/`←`: collapses the folder, or goes to its parent.
    case collapseOrParent
    /// `d`: asks where to download the selected file or folder.
    case downloadSelected
    /// `y`: copies the selected artifact's URI.
    case copyURI
    /// `/`: opens the name filter.
    case beginFilter
    /// One folder's entries.
    case folderListed(requestId: Int, ArtifactFolderKey, [ArtifactEntry])
    /// Folders listed by a recursive listing (for totals); a folder that failed carries its error.
    case crawled(requestId: Int, root: ArtifactRootKey, [ArtifactCrawledFolder])
    /// The recursive listing is done; `stopped` when it stopped at its cap of entries.
    case crawlFinished(requestId: Int, stopped: Bool)
    /// The run's logged models.
    case loggedModelsLoaded(requestId: Int, [LoggedModel])
    /// The registered versions whose source is the run.
    case versionsLoaded(requestId: Int, [ModelVersion])
    /// Where a registered version's files are.
    case versionResolved(requestId: Int, name: String, version: String, owner: ArtifactOwner, path: String)
}

/// One folder of a recursive listing: its entries, or why it could not be listed.
public struct ArtifactCrawledFolder: Sendable, Hashable {
    public var path: String
    public var entries: [ArtifactEntry]
    public var error: String?

    public init(path: String, entries: [ArtifactEntry], error: String? = nil) {
        self.path = path
        self.entries = entries
        self.error = error
    }
}

/// The artifacts room's store work.
public enum ArtifactsEffect: Sendable, Hashable {
    /// One folder's path-checked listing, answered as `folderListed`.
    case listFolder(requestId: Int, ArtifactFolderKey, owner: ArtifactOwner)
    /// `folders` and every folder under them, a few at a time, answered folder by folder as `crawled`
    /// then `crawlFinished`; stops after `maxEntries` entries.
    case crawl(requestId: Int, root: ArtifactRootKey, owner: ArtifactOwner, folders: [String], maxEntries: Int)
    /// The logged models whose source is `runId`, answered as `loggedModelsLoaded`.
    case loadLoggedModels(requestId: Int, runId: String)
    /// The registered versions whose source is `runId`, answered as `versionsLoaded`.
    case loadVersions(requestId: Int, runId: String)
    /// Where a registered version's files are, answered as `versionResolved`.
    case resolveVersion(requestId: Int, name: String, version: String)
}

extension String {
    /// Without leading and trailing `/`.
    var trimmingSlashes: String {
        var text = Substring(self)
        while text.hasPrefix("/") { text = text.dropFirst() }
        while text.hasSuffix("/") { text = text.dropLast() }
        return String(text)
    }
}
