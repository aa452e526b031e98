// The file store's metric-file lines: every point of a run's and a logged model's file, and the
// latest point read the fast way, which must be the latest of all points read in full.
import MLflowCore
@testable import MLflowFileStore

func same(_ a: Metric?, _ b: Metric?) -> Bool {
    guard let a, let b else { return a == nil && b == nil }
    return a.key == b.key && a.timestamp == b.timestamp && a.step == b.step
        && (a.value.bitPattern == b.value.bitPattern || (a.value.isNaN && b.value.isNaN))
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    let data = bytes.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let all = MetricFile.parse(data, key: "m")
    _ = MetricFile.parse(data, key: "m", format: .loggedModel)
    let fast = MetricFile.latest(data, key: "m").latest
    let full = MetricFile.latest(all.points)
    if !same(fast, full) {
        fatalError("MetricFile.latest read \(String(describing: fast)), the latest of all points is \(String(describing: full)); input: \(String(reflecting: String(decoding: data, as: UTF8.self)))")
    }
    return 0
}
