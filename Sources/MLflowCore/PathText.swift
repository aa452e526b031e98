/// Paths as the file system reads them: `/` separates components byte for byte.
///
/// Swift's `String` works in grapheme clusters, and a cluster can swallow a `/`: a combining
/// mark after it (`"/\u{301}"`) or a prepended mark before it (`"\u{605}/"`) makes one
/// `Character` that is not `"/"`. Splitting a path with `split(separator: "/")`, or asking
/// `hasPrefix("/")` or `contains("/")`, then misses a separator the kernel sees, and a component
/// such as `"../\u{301}x"` passes a `..` check while writing one folder up. Everything that
/// decides what a path means (whether it is absolute, which components it has) goes through here.
public enum PathText {
    static let slash = UInt8(ascii: "/")

    /// The components between `/` bytes.
    public static func components(_ path: some StringProtocol, omittingEmpty: Bool = false, maxSplits: Int = .max) -> [String] {
        path.utf8.split(separator: slash, maxSplits: maxSplits, omittingEmptySubsequences: omittingEmpty)
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the path starts with a `/` byte.
    public static func isAbsolute(_ path: some StringProtocol) -> Bool {
        path.utf8.first == slash
    }

    /// Whether the text holds a `/` byte anywhere.
    public static func containsSlash(_ text: some StringProtocol) -> Bool {
        text.utf8.contains(slash)
    }

    /// Whether the text holds a NUL byte.
    public static func containsNUL(_ text: some StringProtocol) -> Bool {
        text.utf8.contains(0)
    }

    /// Whether a component is exactly `.` or `..`, byte for byte.
    public static func isDotComponent(_ part: some StringProtocol) -> Bool {
        part.utf8.elementsEqual(".".utf8) || part.utf8.elementsEqual("..".utf8)
    }

    /// The last component (the whole text when it has no `/`).
    public static func lastComponent(_ path: String) -> String {
        guard let slashIndex = path.utf8.lastIndex(of: slash) else { return path }
        return String(decoding: path.utf8[path.utf8.index(after: slashIndex)...], as: UTF8.self)
    }

    /// Everything before the last `/` (empty when there is none).
    public static func parent(_ path: String) -> String {
        guard let slashIndex = path.utf8.lastIndex(of: slash) else { return "" }
        return String(decoding: path.utf8[..<slashIndex], as: UTF8.self)
    }
}
