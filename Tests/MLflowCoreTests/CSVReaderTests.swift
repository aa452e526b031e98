import Foundation
@testable import MLflowCore
import Testing

/// RFC 4180 records from pieces that may end anywhere, and the sniffing of what a file holds.
@Suite struct CSVReaderTests {
    /// The records of `text` fed in pieces of `piece` bytes.
    func records(_ text: String, piece: Int = .max, separator: UInt8 = UInt8(ascii: ","), quoting: Bool = true) -> [CSVReader.Record] {
        var reader = CSVReader(separator: separator, quoting: quoting)
        var out: [CSVReader.Record] = []
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + max(1, min(piece, bytes.count)))
            reader.feed(bytes[start..<end]) { out.append($0); return true }
            start = end
        }
        reader.finish { out.append($0); return true }
        return out
    }

    func fields(_ text: String, piece: Int = .max) -> [[String]] { records(text, piece: piece).map(\.fields) }

    @Test(arguments: [1, 2, 3, 7, Int.max])
    func quotedFieldsInAnyPieces(_ piece: Int) {
        let text = "name,note,n\r\n\"a, b\",\"say \"\"hi\"\"\",1\r\n\"multi\nline\",,2\n\"\",x,\"3\"\r\n"
        #expect(fields(text, piece: piece) == [["name", "note", "n"], ["a, b", "say \"hi\"", "1"], ["multi\nline", "", "2"], ["", "x", "3"]])
    }

    @Test func offsetsOfRecords() {
        #expect(records("a,b\n\"c\nd\",e\nf\n").map(\.offset) == [0, 4, 12])
    }

    @Test func raggedRowsAndBlankLinesAndNoFinalBreak() {
        #expect(fields("a,b,c\n1\n\n1,2,3,4\n,\nlast,row") == [["a", "b", "c"], ["1"], ["1", "2", "3", "4"], ["", ""], ["last", "row"]])
    }

    @Test func sloppyQuotesAreKeptAsWritten() {
        #expect(fields("ab\"c,\"d\"e,\"f") == [["ab\"c", "de", "f"]])
        var reader = CSVReader()
        reader.feed(Array("\"open".utf8)) { _ in true }
        var last: [String] = []
        reader.finish { last = $0.fields; return true }
        #expect(last == ["open"] && reader.endedInQuotes)
    }

    @Test func loneCarriageReturnsAndUnicodeAndInvalidBytes() {
        #expect(fields("a\rb,ü\r\n") == [["a\rb", "ü"]])
        var reader = CSVReader()
        var out: [[String]] = []
        reader.feed([0x61, 0xFF, 0x2C, 0xE2, 0x82]) { out.append($0.fields); return true }
        reader.finish { out.append($0.fields); return true }
        #expect(out == [["a\u{FFFD}", "\u{FFFD}"]])
    }

    @Test func tabSeparatedWithoutQuoting() {
        #expect(records("a\t\"b\tc\"\n", separator: 9, quoting: false).map(\.fields) == [["a", "\"b", "c\""]])
    }

    @Test func emitCanStopTheReading() {
        var reader = CSVReader()
        var count = 0
        reader.feed(Array("1\n2\n3\n".utf8)) { _ in count += 1; return count < 2 }
        #expect(count == 2)
    }

    @Test func contentByNameAndBytes() {
        #expect(ArtifactContent(name: "data/values.csv", prefix: Array("a,b\n".utf8)) == .table(separator: 0x2C))
        #expect(ArtifactContent(name: "x.tsv", prefix: [UInt8]()) == .table(separator: 9))
        #expect(ArtifactContent(name: "conf.json", prefix: Array("oops".utf8)) == .json(byName: true))
        #expect(ArtifactContent(name: "out.txt", prefix: Array("  {\"a\":1}".utf8)) == .json(byName: false))
        #expect(ArtifactContent(name: "MLmodel", prefix: Array("flavors:\n".utf8)) == .text)
        #expect(ArtifactContent(name: "conda.yaml", prefix: Array("{a: 1}".utf8)) == .text)
        #expect(ArtifactContent(name: "train.log", prefix: Array("\u{1b}[31mred\u{1b}[0m\tok\n".utf8)) == .text)
        #expect(ArtifactContent(name: "model.pkl", prefix: [0x80, 0x04, 0x95]) == .binary(type: "Python pickle (protocol 4)"))
        #expect(ArtifactContent(name: "weights", prefix: [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]) == .binary(type: "HDF5"))
        #expect(ArtifactContent(name: "model.pt", prefix: [0x50, 0x4B, 3, 4]) == .binary(type: "PyTorch archive (zip)"))
        #expect(ArtifactContent(name: "a.npy", prefix: [0x93] + Array("NUMPY".utf8) + [1, 0]) == .binary(type: "NumPy array (format 1)"))
        #expect(ArtifactContent(name: "blob", prefix: [0x61, 0x00, 0x62]) == .binary(type: "binary data"))
        #expect(ArtifactContent(name: "t.parquet", prefix: Array("PAR1".utf8)) == .binary(type: "Parquet"))
        #expect(ArtifactContent(name: "m.onnx", prefix: [0x08, 0x07]) == .binary(type: "ONNX model (protobuf)"))
        #expect(ArtifactContent.looksBinary(Array(repeating: 0xFE, count: 100)))
        #expect(!ArtifactContent.looksBinary(Array("é".utf8).prefix(1) + Array("plain text".utf8)))
    }
}
