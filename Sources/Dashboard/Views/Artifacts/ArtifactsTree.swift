import MLflowCore

extension ArtifactsState {
    /// The rows the tree shows now: each root, the open folders' entries under it, then the
    /// registered versions group; with a filter, the entries whose name holds it (and the folders
    /// leading to them).
    func buildRows() -> [ArtifactRow] {
        var out: [ArtifactRow] = []
        let needle = filter.lowercased()
        for root in roots where !root.inVersionsGroup {
            appendRoot(root, depth: 0, needle: needle, into: &out)
        }
        if showsVersions {
            out.append(ArtifactRow(id: .versionsGroup, depth: 0, kind: .versionsGroup, name: "registered versions of this run"))
            if expanded.contains(.versionsGroup) {
                let versions = roots.filter(\.inVersionsGroup)
                switch versionsLoad {
                case .idle, .loading:
                    if needle.isEmpty { out.append(ArtifactRow(id: .versionsPlaceholder, depth: 1, kind: .loading("loading registered versions..."), name: "")) }
                case .failed(let message):
                    out.append(ArtifactRow(id: .versionsPlaceholder, depth: 1, kind: .failed(message), name: ""))
                case .loaded:
                    if versions.isEmpty, needle.isEmpty {
                        out.append(ArtifactRow(id: .versionsPlaceholder, depth: 1, kind: .note("no registered version has this run as its source"), name: ""))
                    }
                }
                for root in versions { appendRoot(root, depth: 1, needle: needle, into: &out) }
            }
        }
        if showsLoggedModelsProblem, case .failed(let message) = loggedModelsLoad {
            out.append(ArtifactRow(id: ArtifactNodeID(.placeholder, root: nil, path: "logged models"), depth: 0,
                                   kind: .failed("logged models: " + message), name: ""))
        }
        return out
    }

    /// Whether the logged models' failure gets a row of its own.
    private var showsLoggedModelsProblem: Bool { runId != nil }

    private func appendRoot(_ root: ArtifactTreeRoot, depth: Int, needle: String, into out: inout [ArtifactRow]) {
        let id = ArtifactNodeID.root(root.key)
        out.append(ArtifactRow(id: id, depth: depth, kind: .root, name: root.label))
        guard expanded.contains(id) else { return }
        let placeholder = ArtifactNodeID(.placeholder, root: root.key, path: nil)
        switch root.resolve {
        case .loading: if needle.isEmpty { out.append(ArtifactRow(id: placeholder, depth: depth + 1, kind: .loading("resolving the version..."), name: "")) }
        case .failed(let message): out.append(ArtifactRow(id: placeholder, depth: depth + 1, kind: .failed(message), name: ""))
        case .idle, .loaded:
            if root.owner != nil { appendChildren(of: root.folder, depth: depth + 1, needle: needle, into: &out) }
        }
    }

    /// The entries of an open folder (recursively), or the row that says why there are none yet.
    /// Returns whether any row matching the filter was added.
    @discardableResult
    private func appendChildren(of folder: ArtifactFolderKey, depth: Int, needle: String, into out: inout [ArtifactRow]) -> Bool {
        let placeholder = ArtifactNodeID(.placeholder, root: folder.root, path: folder.path)
        guard let listing = listings[folder] else {
            if needle.isEmpty { out.append(ArtifactRow(id: placeholder, depth: depth, kind: .loading("listing..."), name: "")) }
            return false
        }
        switch listing.load {
        case .idle, .loading:
            if needle.isEmpty { out.append(ArtifactRow(id: placeholder, depth: depth, kind: .loading("listing..."), name: "")) }
            return false
        case .failed(let message):
            if needle.isEmpty { out.append(ArtifactRow(id: placeholder, depth: depth, kind: .failed(message), name: "")) }
            return false
        case .loaded:
            break
        }
        if listing.entries.isEmpty, needle.isEmpty {
            out.append(ArtifactRow(id: placeholder, depth: depth, kind: .note("empty folder"), name: ""))
            return false
        }
        var matched = false
        for entry in listing.entries {
            let id = ArtifactNodeID.entry(folder.root, entry.path)
            let name = entry.name
            let matches = needle.isEmpty || name.lowercased().contains(needle)
            let start = out.count
            out.append(ArtifactRow(id: id, depth: depth, kind: entry.isDir ? .folder : .file, name: name, size: entry.fileSize))
            var below = false
            if entry.isDir, expanded.contains(id) {
                below = appendChildren(of: ArtifactFolderKey(folder.root, entry.path), depth: depth + 1, needle: needle, into: &out)
            }
            if matches || below {
                matched = true
            } else {
                out.removeSubrange(start...)
            }
        }
        return matched
    }

    /// The folder a row stands for (a root's folder, a folder entry), if it is one and its root is resolved.
    func folderKey(of row: ArtifactRow) -> ArtifactFolderKey? {
        guard let key = row.id.root, let root = root(key), root.owner != nil else { return nil }
        switch row.kind {
        case .root: return root.folder
        case .folder: return row.id.path.map { ArtifactFolderKey(key, $0) }
        default: return nil
        }
    }

    /// Stores a folder's entries and works its total (and its parents' totals) out again.
    mutating func store(_ entries: [ArtifactEntry], for folder: ArtifactFolderKey) {
        listings[folder] = ArtifactListing(entries: entries)
        updateTotals(from: folder)
    }

    /// Marks a folder as unreadable; its parents' totals stay lower bounds.
    mutating func storeFailure(_ message: String, for folder: ArtifactFolderKey) {
        listings[folder] = ArtifactListing(load: .failed(message))
        updateTotals(from: folder)
    }

    /// Recomputes the total of `folder` and of every folder above it, up to its root's folder.
    mutating func updateTotals(from folder: ArtifactFolderKey) {
        let base = root(folder.root)?.base ?? ""
        var path = folder.path
        while true {
            let key = ArtifactFolderKey(folder.root, path)
            totals[key] = computeTotal(key)
            if path == base || path.isEmpty || !path.hasPrefix(base) { break }
            path = parentPath(path)
        }
    }

    /// A folder's total from its own files and its subfolders' totals.
    func computeTotal(_ folder: ArtifactFolderKey) -> ArtifactFolderTotal? {
        guard let listing = listings[folder] else { return nil }
        switch listing.load {
        case .loaded: break
        case .failed: return ArtifactFolderTotal(failed: true)
        case .idle, .loading: return nil
        }
        var total = ArtifactFolderTotal(bytes: listing.fileBytes, files: listing.fileCount, complete: true)
        for sub in listing.subfolders {
            guard let inner = totals[ArtifactFolderKey(folder.root, sub)] else {
                total.complete = false
                continue
            }
            total.bytes += inner.bytes
            total.files += inner.files
            total.complete = total.complete && inner.complete
            total.failed = total.failed || inner.failed
        }
        return total
    }

    /// The folders under `folder` (itself included) not listed yet: where a recursive listing
    /// starts; `waiting` when some under it are being listed by requests of their own.
    func unlistedFolders(under folder: ArtifactFolderKey, limit: Int = 10_000) -> (frontier: [String], waiting: Bool) {
        var out: [String] = []
        var waiting = false
        var stack = [folder.path]
        while let path = stack.popLast(), out.count < limit {
            let key = ArtifactFolderKey(folder.root, path)
            guard let listing = listings[key] else {
                out.append(path)
                continue
            }
            switch listing.load {
            case .loading: waiting = true
            case .loaded:
                // A finished subtree needs nothing more.
                if totals[key]?.complete != true { stack.append(contentsOf: listing.subfolders) }
            case .idle: out.append(path)
            case .failed: break
            }
        }
        return (out, waiting)
    }
}

/// The folder holding `path` ("" for a top-level entry).
func parentPath(_ path: String) -> String {
    PathText.parent(path)
}
