// Artifact sources as users and registries write them (runs:/, models:/, mlflow-artifacts:/) and
// the artifact paths a store lists: whatever is accepted must name a path that stays inside a
// download folder, and a run's source must read back the same from its URI; no input may crash.
import MLflowCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count), as: UTF8.self)
    if let source = try? ArtifactSource.parse(text) {
        let path = source.path
        if !path.isEmpty {
            guard let parts = try? DownloadFolder.components(of: path) else {
                fatalError("a parsed source names a path a download folder refuses: \(String(reflecting: text))")
            }
            if parts.contains("..") || parts.contains(".") || path.hasPrefix("/") || path.contains("\0") {
                fatalError("a parsed source escapes: \(String(reflecting: text))")
            }
        }
        if case .run(let id, _) = source, !id.contains("/") {
            let uri = ResolvedArtifactSource(owner: .run(id), path: path).uri
            guard let again = try? ArtifactSource.parse(uri), again == source else {
                fatalError("runs:/ does not read back: \(String(reflecting: text)) -> \(String(reflecting: uri))")
            }
        }
    }
    if let parts = try? DownloadFolder.components(of: text) {
        if parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." || $0.contains("/") || $0.utf8.count > 255 }) || text.hasPrefix("/") {
            fatalError("an artifact path that leaves the folder was accepted: \(String(reflecting: text))")
        }
    }
    _ = try? LocalArtifactRoot.validateRelative(text)
    return 0
}
