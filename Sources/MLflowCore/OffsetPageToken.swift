import Foundation

/// MLflow's offset page token: base64 of the JSON `{"offset": N}` (`search_utils.py`
/// `create_page_token` / `parse_start_offset_from_page_token`), the one form every store here uses,
/// so that a token behaves alike whatever answered it.
///
/// A store that pages a snapshot of its results (the file store's run searches) adds the snapshot's
/// id as `"snapshot"`; MLflow's own parser reads only `offset`, so such a token still parses there.
public struct OffsetPageToken: Equatable, Sendable {
    /// Where the next page starts.
    public var offset: Int
    /// The id of the result snapshot the offset belongs to, when the store keeps one.
    public var snapshot: String?

    public init(offset: Int, snapshot: String? = nil) {
        self.offset = offset
        self.snapshot = snapshot
    }

    /// The token's text: `{"offset": N}` (with `"snapshot"` when there is one), base64-encoded.
    public var encoded: String {
        var json = "{\"offset\": \(offset)"
        if let snapshot, let quoted = try? JSONSerialization.data(withJSONObject: [snapshot], options: []) {
            // `[ "id" ]` → `"id"`: JSONSerialization escapes the id; only the array brackets go.
            json += ", \"snapshot\": " + String(decoding: quoted.dropFirst().dropLast(), as: UTF8.self)
        }
        return Data((json + "}").utf8).base64EncodedString()
    }

    /// The token `text` stands for; offset 0 for no token. A token MLflow would refuse (not base64,
    /// not a JSON object, no whole positive `offset`, given as a number or as text) throws
    /// `MLflowError.invalidArgument` with MLflow's own wording.
    public static func decode(_ text: String?) throws -> OffsetPageToken {
        guard let text, !text.isEmpty else { return OffsetPageToken(offset: 0) }
        return try parse(text).token
    }

    /// The offset of a token that holds nothing but an offset (a server's token that can be
    /// extrapolated to later pages); nil for anything else.
    public static func plainOffset(_ text: String) -> Int? {
        guard let parsed = try? parse(text), parsed.keys == 1 else { return nil }
        return parsed.token.offset
    }

    /// The page of `items` starting at `offset`, with a token for the rest when more follow.
    public static func page<Element>(_ items: [Element], offset: Int, size: Int, snapshot: String? = nil) -> Page<Element> {
        let start = min(max(offset, 0), items.count)
        let (end, overflow) = start.addingReportingOverflow(max(size, 0))
        let stop = overflow ? items.count : min(end, items.count)
        let next = stop < items.count && stop > start ? OffsetPageToken(offset: stop, snapshot: snapshot).encoded : nil
        return Page(items: Array(items[start..<stop]), nextPageToken: next)
    }

    private static func parse(_ text: String) throws -> (token: OffsetPageToken, keys: Int) {
        guard let data = Data(base64Encoded: text) else {
            throw MLflowError.invalidArgument("invalid page token, could not base64-decode")
        }
        let decoded = String(decoding: data, as: UTF8.self)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MLflowError.invalidArgument("invalid page token, decoded value=\(decoded)")
        }
        let offset: Int?
        switch object["offset"] {
        case let number as NSNumber: offset = Int(exactly: number.doubleValue)
        case let text as String: offset = Int(text)
        default: offset = nil
        }
        guard let offset, offset > 0 else {
            throw MLflowError.invalidArgument("invalid page token, parsed value=\(decoded)")
        }
        let snapshot = object["snapshot"] as? String
        return (OffsetPageToken(offset: offset, snapshot: snapshot), object.count)
    }
}
