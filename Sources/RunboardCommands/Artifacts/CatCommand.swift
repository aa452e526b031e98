import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import MLflowClient
import Synchronization
import TerminalCore

/// `runboard cat`: one artifact to standard output, streamed.
struct CatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat", abstract: "Write one artifact file to standard output (for | jq, | head).",
        discussion: """
        Streamed: `runboard cat runs:/<id>/train.log | head` reads no more than head takes. On a \
        terminal, control characters are shown escaped and a binary file is refused unless --force.
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var artifacts: ArtifactSourceOptions

    @Flag(help: "Write a binary file, or control characters, to a terminal anyway.") var force = false

    func run() async throws {
        let source = try artifacts.parsed()
        guard !source.path.isEmpty || artifacts.runId == nil else {
            throw ValidationError("name one file: --path with --run-id")
        }
        let tracking = try store.open()
        let toTerminal = isatty(STDOUT_FILENO) == 1 && !force
        // A reader that stops early (`| head`) ends the output quietly instead of killing the process.
        signal(SIGPIPE, SIG_IGN)
        let sink = CatSink(escaping: toTerminal)
        try await withClosing(tracking) {
            let resolved = try await source.resolve(in: tracking)
            guard !resolved.path.isEmpty else {
                throw MLflowError.invalidArgument("\(resolved.uri) is a folder; name one file in it (runboard artifacts lists them)")
            }
            try await tracking.readArtifact(resolved.owner, path: resolved.path) { chunk in try sink.write(chunk) }
        }
        if sink.closedEarly { return }
    }
}

/// Where `cat`'s bytes go: raw to a pipe or file; on a terminal, text with control characters
/// escaped, and a binary file refused at its first chunk.
final class CatSink: Sendable {
    private let state = Mutex((first: true, closedEarly: false, pending: [UInt8]()))
    let escaping: Bool

    init(escaping: Bool) { self.escaping = escaping }

    var closedEarly: Bool { state.withLock { $0.closedEarly } }

    /// Writes a chunk; false when the reader has gone (`| head` is done), so reading stops.
    func write(_ chunk: Data) throws -> Bool {
        try state.withLock { state in
            var bytes = [UInt8](chunk)
            if escaping {
                if state.first, ArtifactContent.looksBinary(bytes) {
                    throw MLflowError.invalidArgument("the artifact is binary; redirect it to a file, or pass --force")
                }
                // Keep an incomplete UTF-8 sequence at the end for the next chunk.
                bytes = state.pending + bytes
                let cut = ArtifactContent.completeUTF8Prefix(bytes)
                state.pending = Array(bytes[cut...])
                bytes = Array(bytes[..<cut])
                bytes = Array(CatSink.escapeLines(String(decoding: bytes, as: UTF8.self)).utf8)
            }
            state.first = false
            guard CatSink.writeAll(bytes) else {
                state.closedEarly = true
                return false
            }
            return true
        }
    }

    /// Each line made safe for the terminal, newlines and tabs kept.
    static func escapeLines(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.split(separator: "\t", omittingEmptySubsequences: false).map { SafeText.sanitize(String($0)) }.joined(separator: "\t") }
            .joined(separator: "\n")
    }

    /// Writes everything to standard output; false when the reader has closed the pipe.
    static func writeAll(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}
