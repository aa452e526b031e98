import Foundation
import TerminalCore
import TerminalTestSupport
import Testing

/// The snapshot helper itself must fail on a difference; skipped while recording, which would
/// overwrite the files.
@Suite(.disabled(if: ProcessInfo.processInfo.environment[Snapshot.recordVariable] == "1"))
struct SnapshotTests {
    @Test func aDifferentScreenFails() {
        withKnownIssue {
            Snapshot.assert(text: "run ******** started ********  ", named: "masked")
        }
    }

    @Test func aMissingSnapshotFailsInsteadOfBeingWritten() {
        withKnownIssue {
            Snapshot.assert(text: "anything", named: "never-recorded")
        }
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("__Snapshots__/never-recorded.txt")
        #expect(!FileManager.default.fileExists(atPath: file.path))
    }

    @Test func anInvalidMaskPatternFails() {
        withKnownIssue {
            _ = Snapshot.mask("abc", patterns: ["(unclosed"])
        }
    }
}
