import Foundation
import MLflowClient

/// What this binary is: Runboard's version, the git commit it was built from (recorded at build time
/// by the `BuildInfo` plugin; "unknown" outside a git checkout) and the Swift compiler that built it.
public struct BuildInfo: Sendable, Equatable, Codable {
    public var version: String
    public var commit: String
    public var swift: String

    public init(version: String, commit: String, swift: String) {
        self.version = version
        self.commit = commit
        self.swift = swift
    }

    /// The binary's own build.
    public static let current = BuildInfo(version: RunboardVersion.current, commit: buildCommit, swift: swiftVersion)

    /// `runboard --version`'s line: `0.1.0 (commit 005ec497ed7f, Swift 6.3.1)`.
    public var line: String { "\(version) (commit \(commit), Swift \(swift))" }

    /// `runboard version --format json`: one object, keys in a fixed order, and the platform.
    public var json: String {
        var writer = JSONWriter(capacity: 256)
        writer.beginObject()
        for (key, value) in [("version", version), ("commit", commit), ("swift", swift), ("platform", BuildInfo.platform)] {
            writer.key(key)
            writer.string(value)
        }
        writer.endObject()
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// `linux-x86_64`, `linux-aarch64`: the same names as the release files.
    public static var platform: String {
        #if os(Linux)
        let os = "linux"
        #elseif os(macOS)
        let os = "macos"
        #else
        let os = "unknown"
        #endif
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "aarch64"
        #else
        let arch = "unknown"
        #endif
        return "\(os)-\(arch)"
    }
}
