// The pager's CSV/TSV reader: no input may crash it; the records do not depend on where the
// pieces of the input end; offsets rise and stay inside the input; and input without quotes or
// carriage returns reads as its lines split at the separator.
import MLflowCore

func read(_ input: [UInt8], separator: UInt8, quoting: Bool, cuts: [Int]) -> [CSVReader.Record] {
    var reader = CSVReader(separator: separator, quoting: quoting)
    var records: [CSVReader.Record] = []
    var start = 0
    for cut in cuts + [input.count] where cut >= start && cut <= input.count {
        reader.feed(input[start..<cut]) { records.append($0); return true }
        start = cut
    }
    reader.finish { records.append($0); return true }
    return records
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let all = Array(UnsafeBufferPointer(start: bytes, count: bytes == nil ? 0 : count))
    guard let control = all.first else { return 0 }
    let input = Array(all.dropFirst())
    let separator: UInt8 = control & 1 == 0 ? UInt8(ascii: ",") : 0x09
    let quoting = control & 2 == 0
    let step = Int(control >> 2) + 1
    let whole = read(input, separator: separator, quoting: quoting, cuts: [])
    let pieces = read(input, separator: separator, quoting: quoting, cuts: Array(stride(from: step, to: input.count, by: step)))
    if whole != pieces { fatalError("the records depend on the pieces (\(step) bytes each)") }
    var last = -1
    for record in whole {
        if record.offset <= last || record.offset >= max(1, input.count) { fatalError("offset \(record.offset) after \(last) in \(input.count) bytes") }
        last = record.offset
    }
    if !input.contains(0x0D), !(quoting && input.contains(UInt8(ascii: "\""))) {
        let lines = input.split(separator: 0x0A, omittingEmptySubsequences: true)
        let expected = lines.map { line in line.split(separator: separator, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) } }
        if whole.map(\.fields) != expected { fatalError("plain lines read differently: \(whole.map(\.fields)) vs \(expected)") }
    }
    return 0
}
