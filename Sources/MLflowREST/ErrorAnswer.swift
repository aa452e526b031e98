import Foundation
import NIOHTTP1

/// The code and message of an HTTP error answer, as the server worded it: MLflow's
/// `{"error_code", "message"}`, FastAPI's `{"detail"}`, or the text of a proxy's page.
struct ErrorAnswer: Equatable {
    var code: String
    var message: String

    /// The longest message kept from a body that is not MLflow's JSON.
    static let maxPlainLength = 300
}

extension ErrorAnswer {
    /// Reads the answer's body; the status's phrase stands in for a missing code or message.
    init(status: Int, body: Data) {
        let phrase = HTTPResponseStatus(statusCode: status).reasonPhrase
        code = phrase.uppercased().replacingOccurrences(of: " ", with: "_")
        var text: String?
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let errorCode = object["error_code"] as? String, !errorCode.isEmpty { code = errorCode }
            if let message = object["message"] as? String {
                text = message.trimmingCharacters(in: .whitespacesAndNewlines)
            } else if let detail = object["detail"] {
                text = ErrorAnswer.detail(detail)
            }
        } else {
            text = ErrorAnswer.plain(String(decoding: body.prefix(64 << 10), as: UTF8.self))
        }
        message = text.flatMap { $0.isEmpty ? nil : $0 } ?? phrase
    }

    /// FastAPI's `detail`: a string, or a list of `{"loc", "msg"}` validation errors.
    static func detail(_ value: Any) -> String {
        if let text = value as? String { return text.trimmingCharacters(in: .whitespacesAndNewlines) }
        if let items = value as? [Any] {
            return items.map { item -> String in
                guard let entry = item as? [String: Any], let message = entry["msg"] as? String else { return json(item) }
                let location = (entry["loc"] as? [Any])?.map { "\($0)" }.joined(separator: ".")
                return location.map { "\($0): \(message)" } ?? message
            }.joined(separator: "; ")
        }
        return json(value)
    }

    /// Compact JSON text of a value.
    static func json(_ value: Any) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
              let data = try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys]) else { return "\(value)" }
        return String(decoding: data.dropFirst().dropLast(), as: UTF8.self)
    }

    /// A plain or HTML body as one line: an HTML page's title (or its text without tags),
    /// whitespace collapsed, cut to `maxPlainLength` characters.
    static func plain(_ body: String) -> String {
        var text = body
        if text.contains("<") {
            if let open = text.range(of: "<title>", options: .caseInsensitive),
               let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex) {
                text = String(text[open.upperBound..<close.lowerBound])
            } else {
                text = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            }
        }
        let words = text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        return words.count > maxPlainLength ? String(words.prefix(maxPlainLength)) + "…" : words
    }
}
