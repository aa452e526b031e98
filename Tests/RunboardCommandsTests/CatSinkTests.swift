import Foundation
import MLflowCore
import Testing
@testable import RunboardCommands

/// What `runboard cat` does on a terminal: binary refused, control characters escaped, UTF-8
/// split across chunks kept whole.
@Suite struct CatSinkTests {
    @Test func binaryIsRecognisedFromTheFirstChunk() {
        #expect(ArtifactContent.looksBinary([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0]))
        #expect(ArtifactContent.looksBinary([0xFF, 0xFE, 0x41]))
        #expect(!ArtifactContent.looksBinary(Array("plain text\n".utf8)))
        // A multi-byte character cut at the chunk's end is not binary.
        #expect(!ArtifactContent.looksBinary(Array("名前".utf8).dropLast()))
    }

    @Test func incompleteUTF8AtTheEndWaitsForTheNextChunk() {
        let bytes = Array("aé名".utf8)
        #expect(ArtifactContent.completeUTF8Prefix(bytes) == bytes.count)
        #expect(ArtifactContent.completeUTF8Prefix(Array(bytes.dropLast())) == 3)
        #expect(ArtifactContent.completeUTF8Prefix(Array(bytes.dropLast(2))) == 3)
        #expect(ArtifactContent.completeUTF8Prefix(Array("a".utf8) + [0xC3]) == 1)
        #expect(ArtifactContent.completeUTF8Prefix([]) == 0)
    }

    @Test func controlCharactersAreEscapedButLinesAndTabsKept() {
        let shown = CatSink.escapeLines("ok\tcol\n\u{1b}]0;pwned\u{07}title\n\u{1b}[2J")
        #expect(!shown.contains("\u{1b}") && !shown.contains("\u{07}"))
        #expect(shown.hasPrefix("ok\tcol\n"))
        #expect(shown.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
    }
}
