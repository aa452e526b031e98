import Foundation
import MLflowCore

/// The opaque page token of the file store: base64 JSON `{"offset": N}` as MLflow writes it,
/// plus the id of the search snapshot the offset belongs to.
struct PageToken: Codable, Equatable {
    var offset: Int
    var snapshot: String?

    /// The offset and snapshot of a token; offset 0 without one.
    static func decode(_ token: String?) throws -> PageToken {
        guard let token, !token.isEmpty else { return PageToken(offset: 0, snapshot: nil) }
        guard let data = Data(base64Encoded: token),
              let decoded = try? JSONDecoder().decode(PageToken.self, from: data),
              decoded.offset >= 0 else {
            throw MLflowError.invalidArgument("invalid page token '\(token)'")
        }
        return decoded
    }

    func encoded() -> String {
        let data = (try? JSONEncoder().encode(self)) ?? Data("{\"offset\": \(offset)}".utf8)
        return data.base64EncodedString()
    }

    /// The page of `items` starting at `offset`, with a token when more follow.
    static func page<Element>(_ items: [Element], offset: Int, size: Int, snapshot: String?) -> Page<Element> {
        let start = min(offset, items.count)
        let (end, overflow) = start.addingReportingOverflow(size)
        let stop = overflow ? items.count : min(end, items.count)
        let next = stop < items.count ? PageToken(offset: stop, snapshot: snapshot).encoded() : nil
        return Page(items: Array(items[start..<stop]), nextPageToken: next)
    }
}
