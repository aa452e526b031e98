import Foundation
import MLflowCore

extension EffectRunner {
    /// Performs the downloads room's work: folder listings for `Tab`, plans, downloads.
    func performDownloads(_ effect: DownloadsEffect) {
        switch effect {
        case let .listFolders(id, folder, prefix):
            start(id) { _, send in
                let names = try await blocking { Self.subfolders(of: folder, startingWith: prefix) }
                send(.downloads(.foldersListed(requestId: id, names: names)))
            }
        case let .plan(id, owner, path, destination):
            start(id) { store, send in
                let plan = try await ArtifactPlan.make(store: store, owner: owner, path: path)
                let found = try await blocking { try Self.alreadyThere(plan, destination: destination) }
                send(.downloads(.planned(requestId: id, plan, existing: found.existing, sameSize: found.sameSize,
                                         folderExists: found.folderExists)))
            }
        case let .download(id, plan, destination, existing):
            start(id) { store, send in
                let folder = try await blocking { try DownloadFolder(destination) }
                let downloader = ArtifactDownloader(store: store, folder: folder, existing: existing)
                let report = await Self.runDownload(downloader, plan) { send(.downloads(.progressed(requestId: id, $0))) }
                send(.downloads(.finished(requestId: id, report)))
            }
        }
    }

    /// Runs `downloader` on `plan`, telling its progress every `interval`; a cancelled task
    /// cancels the download (the downloader removes the partial files) and still returns its report.
    static func runDownload(_ downloader: ArtifactDownloader, _ plan: ArtifactPlan, interval: Duration = .milliseconds(200),
                    progress: @escaping @Sendable (DownloadProgress) -> Void) async -> DownloadReport {
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                progress(downloader.progress())
            }
        }
        // Run in this task, so that cancelling the request cancels the download.
        let report = await downloader.run(plan)
        ticker.cancel()
        return report
    }

    /// The folders in `folder` whose names start with `prefix` (hidden ones only when asked for
    /// with a leading `.`), sorted; a folder that cannot be read has none.
    static func subfolders(of folder: String, startingWith prefix: String) -> [String] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { name in
            guard name.hasPrefix(prefix), !name.hasPrefix(".") || prefix.hasPrefix(".") else { return false }
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: (folder as NSString).appendingPathComponent(name), isDirectory: &isDir) && isDir.boolValue
        }.sorted()
    }

    /// How many of the plan's files are already in `destination` (and how many of those have the
    /// listed size). Writes nothing: a missing destination has none.
    static func alreadyThere(_ plan: ArtifactPlan, destination: String) throws -> (existing: Int, sameSize: Int, folderExists: Bool) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: destination, isDirectory: &isDir) else { return (0, 0, false) }
        guard isDir.boolValue else { throw MLflowError.storage("\(destination) is a file, not a folder") }
        let folder = try DownloadFolder(destination)
        var existing = 0
        var sameSize = 0
        for entry in plan.files {
            // A path the folder refuses is not written at all; the download says why.
            guard let local = try? folder.localPath(for: entry.path),
                  let attributes = try? fm.attributesOfItem(atPath: local) else { continue }
            existing += 1
            if (attributes[.size] as? NSNumber)?.int64Value == (entry.fileSize ?? 0) { sameSize += 1 }
        }
        return (existing, sameSize, true)
    }
}
