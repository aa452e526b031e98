import Foundation
import MLflowCore

/// MLflow's offset page token: base64 of `{"offset": N}` (`search_utils.py create_page_token`).
///
/// Opaque to callers; the same form as the server's so that a token behaves alike everywhere.
enum PageToken {
    static func make(offset: Int) -> String {
        Data("{\"offset\": \(offset)}".utf8).base64EncodedString()
    }

    /// The offset a token stands for; 0 for no token. A token MLflow would reject throws.
    static func offset(_ token: String?) throws -> Int {
        guard let token, !token.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: token) else {
            throw MLflowError.invalidArgument("invalid page token, could not base64-decode")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw MLflowError.invalidArgument("invalid page token, decoded value=\(String(decoding: data, as: UTF8.self))")
        }
        let offset: Int?
        switch object["offset"] {
        case let number as NSNumber: offset = Int(exactly: number.doubleValue)
        case let text as String: offset = Int(text)
        default: offset = nil
        }
        guard let offset, offset > 0 else {
            throw MLflowError.invalidArgument("invalid page token, parsed value=\(String(decoding: data, as: UTF8.self))")
        }
        return offset
    }
}
