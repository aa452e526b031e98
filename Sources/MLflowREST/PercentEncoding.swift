import MLflowCore

/// Percent-encoding for URL parts: only RFC 3986 unreserved characters stay as they are.
public enum PercentEncoding {
    /// A query parameter name or value.
    public static func queryComponent(_ text: String) -> String { encode(text, keeping: "") }

    /// One path segment: everything but unreserved characters is encoded, so `#`, `?`, `%`, `/`
    /// and control characters in a file name cannot change the URL's meaning.
    public static func pathSegment(_ text: String) -> String { encode(text, keeping: "") }

    /// A `/`-separated relative path, segment by segment.
    public static func path(_ text: String) -> String {
        PathText.components(text).map(pathSegment).joined(separator: "/")
    }

    private static func encode(_ text: String, keeping extra: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                if extra.utf8.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    let hex = Array("0123456789ABCDEF".unicodeScalars)
                    out.unicodeScalars.append("%")
                    out.unicodeScalars.append(hex[Int(byte >> 4)])
                    out.unicodeScalars.append(hex[Int(byte & 0xF)])
                }
            }
        }
        return out
    }
}
