import Foundation
import MLflowCore

/// A file's text as it arrives: its bytes and where each line starts, appended chunk by chunk
/// without splitting what came before again.
///
/// Lines are kept as bytes and decoded only when drawn (invalid UTF-8 becomes U+FFFD there). A line
/// longer than `maxLineBytes` is cut into pieces, each drawn as a line of its own that continues
/// the one before (marked in the gutter, sharing its line number), so one 50 MB line costs no more
/// to draw than a screenful.
public struct PagerText: Sendable, Hashable {
    public private(set) var bytes: [UInt8] = []
    /// The start of each line (and of each piece of a cut line).
    private(set) var starts: [Int] = [0]
    /// The indices in `starts` of pieces that continue a cut line, ascending.
    private(set) var continuations: [Int] = []

    /// Bytes after which a line is cut (at a UTF-8 boundary).
    public static let maxLineBytes = 8_192

    public init() {}

    public init(_ bytes: [UInt8]) {
        append(bytes)
    }

    /// Adds the next bytes; only they are scanned for line breaks.
    public mutating func append(_ chunk: some Collection<UInt8>) {
        let from = bytes.count
        bytes.append(contentsOf: chunk)
        scan(from: from)
    }

    private mutating func scan(from: Int) {
        var lineStart = starts[starts.count - 1]
        var position = from
        let count = bytes.count
        let maxLine = Self.maxLineBytes
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            while position < count {
                let limit = min(count, lineStart + maxLine)
                if position < limit, let found = memchr(base + position, 0x0A, limit - position) {
                    let newline = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                    lineStart = newline + 1
                    starts.append(lineStart)
                    position = lineStart
                } else if limit == count {
                    return
                } else if buffer[limit] == 0x0A {
                    // A line of exactly the limit: its own line break ends it.
                    lineStart = limit + 1
                    starts.append(lineStart)
                    position = lineStart
                } else {
                    // Too long: cut at the limit, or before the character the limit falls inside
                    // (unless that character starts the line: a line always moves on).
                    let boundary = ArtifactContent.utf8Boundary(buffer, start: lineStart, end: limit)
                    let cut = boundary > lineStart ? boundary : limit
                    continuations.append(starts.count)
                    starts.append(cut)
                    lineStart = cut
                    position = cut
                }
            }
        }
    }

    /// The lines shown: a last empty line after a final line break is none.
    public var lineCount: Int {
        if bytes.isEmpty { return 0 }
        return starts[starts.count - 1] == bytes.count ? starts.count - 1 : starts.count
    }

    /// The bytes of line `index`, without its line break (nor a CR before it).
    public func lineRange(_ index: Int) -> Range<Int> {
        guard index >= 0, index < starts.count else { return 0..<0 }
        let start = starts[index]
        var end = index + 1 < starts.count ? starts[index + 1] : bytes.count
        if index + 1 < starts.count, !isContinuation(index + 1) {
            end -= 1
            if end > start, bytes[end - 1] == 0x0D { end -= 1 }
        }
        return start..<max(start, end)
    }

    /// Whether line `index` continues the line before it (that line was cut).
    public func isContinuation(_ index: Int) -> Bool {
        guard let last = continuations.last, index <= last else { return false }
        let at = Self.lowerBound(continuations, index)
        return at < continuations.count && continuations[at] == index
    }

    /// The 1-based number of the file line that line `index` is (or continues).
    public func lineNumber(_ index: Int) -> Int {
        index + 1 - Self.lowerBound(continuations, index + 1)
    }

    /// The line holding byte `offset`.
    public func line(containing offset: Int) -> Int {
        max(0, Self.lowerBound(starts, offset + 1) - 1)
    }

    /// The number of file lines (pieces of a cut line counted once).
    public var fileLineCount: Int {
        lineCount == 0 ? 0 : lineNumber(lineCount - 1)
    }

    /// The first index of a sorted array whose value is at least `value`.
    static func lowerBound(_ sorted: [Int], _ value: Int) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Every offset where `needle` starts (ASCII letters matched either case when `ignoringCase`,
    /// and `needle` then lowercase), from byte `from` on, at most `limit` of them.
    public func occurrences(of needle: [UInt8], ignoringCase: Bool, from: Int = 0, limit: Int) -> [Int] {
        guard let first = needle.first, limit > 0 else { return [] }
        var found: [Int] = []
        let count = bytes.count
        let length = needle.count
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var position = max(0, from)
            let upper: UInt8 = ignoringCase && first >= 0x61 && first <= 0x7A ? first - 0x20 : first
            let end = count - length + 1
            /// The next offset at or after `position` holding `byte`, or `Int.max`.
            func next(_ byte: UInt8) -> Int {
                guard position < end, let hit = memchr(base + position, Int32(byte), end - position) else { return Int.max }
                return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(hit))
            }
            // The next place each case of the first byte occurs, found again only once passed.
            var nextFirst = -1
            var nextUpper = upper == first ? Int.max : -1
            while position < end {
                if nextFirst < position { nextFirst = next(first) }
                if nextUpper < position { nextUpper = next(upper) }
                let candidate = min(nextFirst, nextUpper)
                guard candidate < end else { return }
                var matches = true
                for k in 1..<length {
                    var byte = buffer[candidate + k]
                    if ignoringCase, byte >= 0x41, byte <= 0x5A { byte += 0x20 }
                    if byte != needle[k] {
                        matches = false
                        break
                    }
                }
                if matches {
                    found.append(candidate)
                    if found.count >= limit { return }
                    position = candidate + length
                } else {
                    position = candidate + 1
                }
            }
        }
        return found
    }
}
