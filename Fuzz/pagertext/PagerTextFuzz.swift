// The pager's text: lines indexed as bytes arrive in pieces (any piece boundaries give the same
// lines), cut lines never split a UTF-8 character, every line's cells decode as String(decoding:)
// does and never hold a control or bidi character, and search finds what a plain scan finds.
@testable import Dashboard
import TerminalCore

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let all = Array(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    guard let control = all.first else { return 0 }
    let input = Array(all.dropFirst())
    let step = Int(control) + 1
    let whole = PagerText(input)
    var pieces = PagerText()
    var start = 0
    while start < input.count {
        let end = min(input.count, start + step)
        pieces.append(input[start..<end])
        start = end
    }
    guard whole == pieces else { fatalError("lines depend on the pieces (\(step) bytes each)") }
    // Each file line (its pieces, when cut) decodes to as many replacement characters as
    // String(decoding:) gives the whole line: a cut never split a character.
    var replacements = 0
    var fileLine: Range<Int>?
    func checkFileLine() {
        guard let range = fileLine else { return }
        let expected = String(decoding: input[range], as: UTF8.self).unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        if replacements != expected {
            fatalError("line \(range) decodes to \(replacements) replacement characters, String(decoding:) to \(expected)")
        }
    }
    for line in 0..<whole.lineCount {
        let range = whole.lineRange(line)
        if range.upperBound > input.count || range.lowerBound > range.upperBound { fatalError("line \(line) out of the text") }
        if range.count > PagerText.maxLineBytes { fatalError("line \(line) longer than the cut") }
        if whole.isContinuation(line), let open = fileLine {
            fileLine = open.lowerBound..<range.upperBound
        } else {
            checkFileLine()
            replacements = 0
            fileLine = range
        }
        let cells = PagerLine.cells(input, range)
        for cell in cells where cell.text.unicodeScalars.contains(where: SafeText.needsEscape) {
            fatalError("a control reached a cell: \(String(reflecting: cell.text))")
        }
        replacements += cells.reduce(0) { $0 + $1.text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count }
    }
    checkFileLine()
    // Search: against a plain scan, case-sensitive, for a needle taken from the input.
    if input.count > 3 {
        let needle = Array(input[1..<min(input.count, 1 + Int(control % 4) + 1)])
        let found = whole.occurrences(of: needle, ignoringCase: false, limit: .max)
        var expected: [Int] = []
        var index = 0
        while index + needle.count <= input.count {
            if input[index..<(index + needle.count)].elementsEqual(needle) {
                expected.append(index)
                index += needle.count
            } else {
                index += 1
            }
        }
        if found != expected { fatalError("search found \(found), a scan \(expected)") }
    }
    return 0
}
