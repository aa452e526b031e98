import Foundation
import TerminalCore
import Testing

/// Text snapshots of a buffer, compared with files under the test target's `__Snapshots__/`.
///
/// Files are written only when `RUNBOARD_RECORD_SNAPSHOTS=1`; otherwise a missing or different
/// file is a test failure.
public enum Snapshot {
    /// The variable that asks for snapshots to be re-recorded.
    public static let recordVariable = "RUNBOARD_RECORD_SNAPSHOTS"

    /// The buffer's text with every match of each pattern (ids, times) replaced by `*` of the
    /// same length, so columns stay put. An invalid pattern is a test failure.
    public static func maskedText(
        _ buffer: CellBuffer, masking patterns: [String] = [], sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        mask(buffer.text(), patterns: patterns, sourceLocation: sourceLocation)
    }

    /// `text` with the matches of each pattern replaced by `*` of the same length.
    public static func mask(
        _ text: String, patterns: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) -> String {
        var out = text
        for pattern in patterns {
            do {
                let regex = try Regex(pattern)
                let source = out
                out = source.replacing(regex) { match in String(repeating: "*", count: source[match.range].count) }
            } catch {
                Issue.record("invalid mask pattern \(pattern): \(error)", sourceLocation: sourceLocation)
            }
        }
        return out
    }

    /// Compares the buffer's masked text with `__Snapshots__/<name>.txt` beside the calling test
    /// file, recording it instead when asked to.
    public static func assert(
        _ buffer: CellBuffer, named name: String, masking patterns: [String] = [],
        filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        assert(text: maskedText(buffer, masking: patterns, sourceLocation: sourceLocation), named: name,
               filePath: filePath, sourceLocation: sourceLocation)
    }

    /// Checks that no cell holds a character a terminal would act on (what `SafeText` escapes):
    /// whatever a store or a file held, nothing of it reaches the terminal raw.
    public static func assertNothingRaw(_ buffer: CellBuffer, sourceLocation: SourceLocation = #_sourceLocation) {
        for y in 0..<buffer.size.height {
            for x in 0..<buffer.size.width {
                #expect(!buffer[x, y].text.unicodeScalars.contains { SafeText.needsEscape($0) }, "raw at \(x),\(y)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Compares text with `__Snapshots__/<name>.txt` beside the calling test file.
    public static func assert(
        text: String, named name: String, filePath: String = #filePath,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
            .appendingPathComponent("__Snapshots__", isDirectory: true)
        let file = directory.appendingPathComponent(name + ".txt")
        let contents = text + "\n"
        if ProcessInfo.processInfo.environment[recordVariable] == "1" {
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try Data(contents.utf8).write(to: file, options: .atomic)
            } catch {
                Issue.record("could not record \(file.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let data = FileManager.default.contents(atPath: file.path) else {
            Issue.record("no snapshot \(file.path); run with \(recordVariable)=1 to record it",
                         sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != contents {
            let message = "snapshot \(name) differs (run with \(recordVariable)=1 to re-record)\n"
                + difference(expected: expected, actual: contents)
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// The lines that differ, numbered, expected then actual.
    static func difference(expected: String, actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var lines: [String] = []
        for i in 0..<max(old.count, new.count) {
            let a = i < old.count ? String(old[i]) : "<none>"
            let b = i < new.count ? String(new[i]) : "<none>"
            if a != b { lines.append("\(i + 1)- |\(a)|\n\(i + 1)+ |\(b)|") }
        }
        return lines.joined(separator: "\n")
    }
}
