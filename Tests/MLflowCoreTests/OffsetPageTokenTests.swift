import Foundation
import MLflowCore
import Testing

struct OffsetPageTokenTests {
    @Test func roundTripsAndReadsMLflowsOwnTokens() throws {
        #expect(try OffsetPageToken.decode(OffsetPageToken(offset: 3_000).encoded) == OffsetPageToken(offset: 3_000))
        // What MLflow's server sends for offset 1000: base64 of {"offset": 1000}.
        #expect(OffsetPageToken(offset: 1_000).encoded == "eyJvZmZzZXQiOiAxMDAwfQ==")
        #expect(try OffsetPageToken.decode("eyJvZmZzZXQiOiAxMDAwfQ==").offset == 1_000)
        // MLflow's parser takes int(offset): text works too.
        let text = Data(#"{"offset": "25"}"#.utf8).base64EncodedString()
        #expect(try OffsetPageToken.decode(text).offset == 25)
        #expect(try OffsetPageToken.decode(nil).offset == 0)
        #expect(try OffsetPageToken.decode("").offset == 0)
    }

    @Test func refusesWhatMLflowRefuses() {
        let refused = [
            "not base64!",
            Data("[1, 2]".utf8).base64EncodedString(),
            Data(#"{"offset": 0}"#.utf8).base64EncodedString(),
            Data(#"{"offset": -5}"#.utf8).base64EncodedString(),
            Data(#"{"offset": 2.5}"#.utf8).base64EncodedString(),
            Data(#"{"offset": 1e300}"#.utf8).base64EncodedString(),
            Data(#"{"offset": "ten"}"#.utf8).base64EncodedString(),
            Data(#"{"other": 3}"#.utf8).base64EncodedString(),
            Data("{".utf8).base64EncodedString(),
        ]
        for token in refused {
            #expect(throws: MLflowError.self, "\(token)") { try OffsetPageToken.decode(token) }
        }
    }

    @Test func aSnapshotRidesAlongEscaped() throws {
        let token = OffsetPageToken(offset: 7, snapshot: #"id "with" \ quotes"#)
        #expect(try OffsetPageToken.decode(token.encoded) == token)
        // Not a plain offset: a server's token with more in it is never extrapolated.
        #expect(OffsetPageToken.plainOffset(token.encoded) == nil)
        #expect(OffsetPageToken.plainOffset(OffsetPageToken(offset: 7).encoded) == 7)
        #expect(OffsetPageToken.plainOffset("garbage") == nil)
    }

    @Test func pagesSliceAndEndWithoutAToken() throws {
        let items = Array(0..<10)
        let first = OffsetPageToken.page(items, offset: 0, size: 4)
        #expect(first.items == [0, 1, 2, 3])
        let second = OffsetPageToken.page(items, offset: try OffsetPageToken.decode(first.nextPageToken).offset, size: 4)
        #expect(second.items == [4, 5, 6, 7])
        let last = OffsetPageToken.page(items, offset: try OffsetPageToken.decode(second.nextPageToken).offset, size: 4)
        #expect(last.items == [8, 9])
        #expect(last.nextPageToken == nil)
        #expect(OffsetPageToken.page(items, offset: 50, size: 4).items.isEmpty)
        #expect(OffsetPageToken.page(items, offset: 2, size: .max).items.count == 8)
        // A page of nothing never hands out a token that points where it started.
        #expect(OffsetPageToken.page(items, offset: 0, size: 0).nextPageToken == nil)
    }
}
