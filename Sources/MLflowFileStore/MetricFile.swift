import MLflowCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The lines of a metric file, as `FileStore._get_metric_from_line` reads them.
///
/// A run's metric line is `<timestamp> <value> <step>`, or `<timestamp> <value>` (step 0) in very
/// old files, or `<timestamp> <value> <step> <dataset name> <dataset digest>`. MLflow 3.17 reads
/// the step of the five-field form as 0; the step written in the line is used here, as the other
/// stores report it. A logged model's lines carry the run id after the step (4 or 6 fields).
enum MetricFile {
    /// Which kind of owner wrote the file.
    enum Format {
        case run
        case loggedModel
    }

    /// A line that could not be read.
    struct BadLine {
        var number: Int
        var reason: String
    }

    /// One parsed line.
    struct Point {
        var timestamp: Int64
        var value: Double
        var step: Int64

        func metric(_ key: String) -> Metric { Metric(key: key, value: value, timestamp: timestamp, step: step) }
    }

    /// Every readable point of a file, in file order, and the lines that were skipped.
    static func parse(_ bytes: [UInt8], key: String, format: Format = .run) -> (points: [Metric], bad: [BadLine]) {
        var points: [Metric] = []
        points.reserveCapacity(bytes.count / 20)
        let bad = scan(bytes, format: format) { points.append($0.metric(key)) }
        return (points, bad)
    }

    /// The point MLflow reports as a run's latest value, and the lines that were skipped.
    ///
    /// Values are parsed only where the comparison needs them (equal step and timestamp) and for
    /// the winner; should any of those fail to parse, the file is read again line by line in full.
    static func latest(_ bytes: [UInt8], key: String) -> (latest: Metric?, bad: [BadLine]) {
        var best: (point: Point, value: Range<Int>)?
        var needsFullRead = false
        let bad = bytes.withUnsafeBufferPointer { buffer -> [BadLine] in
            func value(_ range: Range<Int>) -> Double? { parseDouble(UnsafeBufferPointer(rebasing: buffer[range])) }
            let bad = scanLines(buffer, format: .run, parseValues: false) { point, range in
                guard let current = best else {
                    best = (point, range)
                    return
                }
                if point.step != current.point.step || point.timestamp != current.point.timestamp {
                    if isGreater(point, than: current.point) { best = (point, range) }
                    return
                }
                guard let new = value(range), let old = value(current.value) else {
                    needsFullRead = true
                    return
                }
                var candidate = point, incumbent = current.point
                candidate.value = new
                incumbent.value = old
                if isGreater(candidate, than: incumbent) { best = (point, range) }
            }
            if let found = best {
                if let parsed = value(found.value) { best?.point.value = parsed } else { needsFullRead = true }
            }
            return bad
        }
        if needsFullRead {
            var full: Point?
            let bad = scan(bytes, format: .run) { point in
                if let current = full {
                    if isGreater(point, than: current) { full = point }
                } else {
                    full = point
                }
            }
            return (full?.metric(key), bad)
        }
        return (best?.point.metric(key), bad)
    }

    /// Calls `body` with each readable line in file order; returns the unreadable ones.
    private static func scan(_ bytes: [UInt8], format: Format, _ body: (Point) -> Void) -> [BadLine] {
        bytes.withUnsafeBufferPointer { buffer in
            scanLines(buffer, format: format, parseValues: true) { point, _ in body(point) }
        }
    }

    /// Calls `body` with each readable line and the byte range of its value field. Without
    /// `parseValues` the value is left NaN and unchecked.
    static func scanLines(
        _ buffer: UnsafeBufferPointer<UInt8>, format: Format, parseValues: Bool, _ body: (Point, Range<Int>) -> Void
    ) -> [BadLine] {
        var bad: [BadLine] = []
        var lineStart = 0
        var lineNumber = 0
        var index = 0
        let count = buffer.count
        while lineStart < count {
            index = lineStart
            while index < count, !isLineBreak(buffer[index]) { index += 1 }
            lineNumber += 1
            switch parseLine(buffer, lineStart..<index, format: format, parseValue: parseValues) {
            case .success(let (point, valueRange)): body(point, valueRange)
            case .failure(let error): bad.append(BadLine(number: lineNumber, reason: error.reason))
            }
            // "\r\n" is one line break, as in Python's splitlines.
            if index + 1 < count, buffer[index] == 0x0D, buffer[index + 1] == 0x0A { index += 1 }
            lineStart = index + 1
        }
        return bad
    }

    /// The point MLflow reports as a run's latest value: the maximum of `(step, timestamp, value)`
    /// taken as Python's `max()` does, so that a NaN value never beats the point before it when
    /// step and timestamp are equal (`file_store.py` `_get_metric_from_file`). MLflow's SQL store
    /// compares NaN as 0 instead; the two differ only for points logged at the same step and time.
    static func latest(_ points: [Metric]) -> Metric? {
        guard var best = points.first else { return nil }
        for point in points.dropFirst() where isGreater(point, than: best) {
            best = point
        }
        return best
    }

    static func isGreater(_ a: Metric, than b: Metric) -> Bool {
        isGreater(Point(timestamp: a.timestamp, value: a.value, step: a.step), than: Point(timestamp: b.timestamp, value: b.value, step: b.step))
    }

    /// Python's `(a.step, a.timestamp, a.value) > (b.step, b.timestamp, b.value)`.
    static func isGreater(_ a: Point, than b: Point) -> Bool {
        if a.step != b.step { return a.step > b.step }
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        // Tuples compare at the first unequal element; NaN is unequal to everything and
        // greater than nothing.
        if a.value == b.value { return false }
        return a.value > b.value
    }

    static func isLineBreak(_ byte: UInt8) -> Bool {
        byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C || (byte >= 0x1C && byte <= 0x1E)
    }

    private static func isStrippable(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || isLineBreak(byte) || byte == 0x1F
    }

    private static func parseLine(
        _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, format: Format, parseValue: Bool
    ) -> Result<(Point, Range<Int>), LineError> {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, isStrippable(buffer[start]) { start += 1 }
        while end > start, isStrippable(buffer[end - 1]) { end -= 1 }
        var fieldCount = 1
        for position in start..<end where buffer[position] == 0x20 { fieldCount += 1 }
        let valid = format == .run ? (fieldCount == 2 || fieldCount == 3 || fieldCount == 5) : (fieldCount == 4 || fieldCount == 6)
        guard valid else {
            let expected = format == .run ? "2, 3 or 5" : "4 or 6"
            return .failure(LineError("\(fieldCount) fields, expected \(expected)"))
        }
        func field(from position: Int) -> Range<Int> {
            var stop = position
            while stop < end, buffer[stop] != 0x20 { stop += 1 }
            return position..<stop
        }
        func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: buffer[range]) }
        let first = field(from: start)
        let second = field(from: first.upperBound + 1)
        guard let timestamp = parseInteger(bytes(first)) else { return .failure(LineError("bad timestamp '\(text(bytes(first)))'")) }
        var value = Double.nan
        if parseValue {
            guard let parsed = parseDouble(bytes(second)) else { return .failure(LineError("bad value '\(text(bytes(second)))'")) }
            value = parsed
        }
        var step: Int64 = 0
        if fieldCount >= 3 {
            let third = field(from: second.upperBound + 1)
            guard let parsed = parseInteger(bytes(third)) else { return .failure(LineError("bad step '\(text(bytes(third)))'")) }
            step = parsed
        }
        return .success((Point(timestamp: timestamp, value: value, step: step), second))
    }

    struct LineError: Error {
        var reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private static func text(_ field: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: field.prefix(40), as: UTF8.self)
    }

    /// Python's `int()`: an optional sign, digits, single underscores between digits.
    static func parseInteger(_ field: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        var negative = false
        if index < field.count, field[index] == 0x2B || field[index] == 0x2D {
            negative = field[index] == 0x2D
            index += 1
        }
        guard index < field.count else { return nil }
        var magnitude: UInt64 = 0
        var previousWasDigit = false
        while index < field.count {
            let byte = field[index]
            if byte == 0x5F {
                guard previousWasDigit, index + 1 < field.count, isDigit(field[index + 1]) else { return nil }
                previousWasDigit = false
            } else if isDigit(byte) {
                let (times, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                let (plus, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
                guard !overflow1, !overflow2 else { return nil }
                magnitude = plus
                previousWasDigit = true
            } else {
                return nil
            }
            index += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Python's `float()` for the forms it writes: decimals, exponents, `nan`, `inf`, `-inf`,
    /// `infinity`, any case; no hexadecimal.
    static func parseDouble(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        guard !field.isEmpty, field.count < 400 else { return nil }
        var plain = true
        for byte in field {
            switch byte {
            case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x65, 0x45: continue
            case 0x5F, 0x61...0x7A, 0x41...0x5A: plain = false
            default: return nil
            }
        }
        if plain { return strtodWhole(field) }
        // Underscores between digits, or nan / inf / infinity.
        var bytes = Array(field)
        for (i, byte) in bytes.enumerated() where byte == 0x5F {
            guard i > 0, i + 1 < bytes.count, isDigit(bytes[i - 1]), isDigit(bytes[i + 1]) else { return nil }
        }
        bytes.removeAll { $0 == 0x5F }
        let lowered = String(decoding: bytes, as: UTF8.self).lowercased()
        let unsigned = lowered.hasPrefix("-") || lowered.hasPrefix("+") ? lowered.dropFirst() : Substring(lowered)
        if unsigned.contains(where: { $0.isLetter && $0 != "e" }) {
            guard ["nan", "inf", "infinity"].contains(unsigned) else { return nil }
        }
        return bytes.withUnsafeBufferPointer { strtodWhole($0) }
    }

    /// `strtod` over the whole field; nil unless every byte is consumed.
    private static func strtodWhole(_ field: UnsafeBufferPointer<UInt8>) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: field.count + 1) { buffer -> Double? in
            guard let base = buffer.baseAddress else { return nil }
            for (i, byte) in field.enumerated() { buffer[i] = CChar(bitPattern: byte) }
            buffer[field.count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end - base == field.count else { return nil }
            return value
        }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
