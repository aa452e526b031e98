import ArgumentParser
import Foundation
import MLflowClient
import TerminalCore

/// `runboard artifacts`: lists artifacts with their sizes.
struct ArtifactsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts", abstract: "List artifacts with their sizes (one folder, or everything under it with --recursive).")

    @OptionGroup var store: StoreOptions
    @OptionGroup var artifacts: ArtifactSourceOptions

    @Flag(name: [.customShort("R"), .customLong("recursive")], help: "Everything under the folder, not only its entries.")
    var recursive = false

    func run() async throws {
        let source = try artifacts.parsed()
        let tracking = try store.open()
        let entries = try await withClosing(tracking) {
            let resolved = try await source.resolve(in: tracking)
            return try await Self.entries(in: tracking, owner: resolved.owner, path: resolved.path, recursive: recursive)
        }
        emit(Self.render(entries, format: store.format, width: terminalWidth()))
    }

    /// The entries of a folder (or everything under it), or the one entry of a file.
    static func entries(in store: any TrackingStore, owner: ArtifactOwner, path: String, recursive: Bool) async throws -> [ArtifactEntry] {
        if recursive {
            let plan = try await ArtifactPlan.make(store: store, owner: owner, path: path)
            let folders = plan.folders.map { ArtifactEntry(path: $0, isDir: true) }
            return (folders + plan.files).sorted { $0.path < $1.path }
        }
        return try await ArtifactPlan.entries(store: store, owner: owner, path: path).entries
    }

    static func render(_ entries: [ArtifactEntry], format: OutputFormat, width: Int) -> String {
        if format == .json { return String(decoding: JSONOutput.artifacts(entries), as: UTF8.self) }
        let human = format == .table
        let rows = entries.map { entry -> [String] in
            let size = entry.isDir ? "" : (human ? ByteSize.human(entry.fileSize ?? 0) : String(entry.fileSize ?? 0))
            return [entry.isDir ? entry.path + "/" : entry.path, entry.isDir ? "dir" : "file", size]
        }
        var text = TextTable(columns: ["path", "type", human ? "size" : "bytes"], rows: rows, numericColumns: [2]).render(format, width: width)
        if human, !entries.isEmpty {
            let files = entries.filter { !$0.isDir }
            text += "\(files.count) files, \(ByteSize.human(files.reduce(0) { $0 + ($1.fileSize ?? 0) }))\n"
        }
        return text
    }
}
