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
            // A source is checked for what could escape; a name Linux cannot hold (over 255 bytes)
            // is only refused where a file would be written, so `cat` and listings still reach it.
            // Components as the kernel sees them: split byte for byte, never by Character.
            let parts = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
            if parts.contains(where: { [[], [0x2E], [0x2E, 0x2E]].contains(Array($0.utf8)) }) || path.utf8.first == UInt8(ascii: "/") || path.utf8.contains(0) {
                fatalError("a parsed source escapes: \(String(reflecting: text))")
            }
            if (try? DownloadFolder.components(of: path)) == nil && !parts.contains(where: { $0.utf8.count > 255 }) {
                fatalError("a parsed source names a path a download folder refuses: \(String(reflecting: text))")
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
        if parts.contains(where: { [[], [0x2E], [0x2E, 0x2E]].contains(Array($0.utf8)) || $0.utf8.contains(UInt8(ascii: "/")) || $0.utf8.count > 255 })
            || text.utf8.first == UInt8(ascii: "/") {
            fatalError("an artifact path that leaves the folder was accepted: \(String(reflecting: text))")
        }
    }
    _ = try? LocalArtifactRoot.validateRelative(text)
    return 0
}
