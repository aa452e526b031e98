import MLflowCore

/// A metric file's exact summary from one streaming pass: the file is read in pieces, each
/// complete line goes through `MetricFile`'s line parser into a `MetricSummaryAccumulator`, and
/// no point is kept.
struct MetricFileSummary {
    private var accumulator = MetricSummaryAccumulator()
    /// Bytes of a line that the last piece cut off, carried into the next.
    private var carry: [UInt8] = []
    /// Lines handed to the parser so far, so that bad lines are numbered as in the whole file.
    private var linesSeen = 0
    private(set) var bad: [MetricFile.BadLine] = []

    /// The summary of the lines fed so far.
    var summary: MetricSummary { accumulator.summary }

    /// Feeds the next piece of the file.
    mutating func feed(_ piece: UnsafeBufferPointer<UInt8>) {
        // Complete lines end at the last line break of the piece; a "\r" as the very last byte
        // may be the first half of "\r\n", so it waits for the next piece.
        var cut = piece.count
        while cut > 0 {
            let byte = piece[cut - 1]
            if MetricFile.isLineBreak(byte), !(byte == 0x0D && cut == piece.count) { break }
            cut -= 1
        }
        if cut == 0 {
            carry.append(contentsOf: piece)
            return
        }
        if carry.isEmpty {
            scan(UnsafeBufferPointer(rebasing: piece[0..<cut]))
        } else {
            carry.append(contentsOf: piece[0..<cut])
            let lines = carry
            carry.removeAll(keepingCapacity: true)
            lines.withUnsafeBufferPointer { scan($0) }
        }
        carry.append(contentsOf: piece[cut...])
    }

    /// Feeds what is left after the last piece; returns the summary.
    mutating func finish() -> MetricSummary {
        if !carry.isEmpty {
            let lines = carry
            carry.removeAll()
            lines.withUnsafeBufferPointer { scan($0) }
        }
        return accumulator.summary
    }

    private mutating func scan(_ lines: UnsafeBufferPointer<UInt8>) {
        var accumulator = self.accumulator
        let found = MetricFile.scanLines(lines, format: .run, parseValues: true) { point, _ in
            accumulator.add(value: point.value, step: point.step, timestamp: point.timestamp)
        }
        self.accumulator = accumulator
        // scanLines numbers lines from 1 within the piece: count them to number across pieces.
        bad += found.map { MetricFile.BadLine(number: $0.number + linesSeen, reason: $0.reason) }
        linesSeen += Self.lineCount(lines)
    }

    /// The number of lines `scanLines` sees in `lines` ("\r\n" is one break).
    private static func lineCount(_ lines: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var index = 0
        var lineStart = 0
        while lineStart < lines.count {
            index = lineStart
            while index < lines.count, !MetricFile.isLineBreak(lines[index]) { index += 1 }
            count += 1
            if index + 1 < lines.count, lines[index] == 0x0D, lines[index + 1] == 0x0A { index += 1 }
            lineStart = index + 1
        }
        return count
    }
}

extension FileStore {
    /// The exact summary of a metric; empty when the run never logged the key. A history parsed
    /// earlier (and unchanged on disk) is summarized from memory, otherwise the file is streamed.
    func summary(runId: String, key: String, chunkSize: Int = 1 << 20) throws -> MetricSummary {
        guard let folder = runFolder(id: runId) else { throw MLflowError.notFound("run '\(runId)'") }
        guard isSafeRelativePath(key) else { return .empty }
        let path = folder.path + "/metrics/" + key
        guard let stamp = FileSystem.stamp(path), !FileSystem.isDirectory(path) else { return .empty }
        if let cached = state.withLock({ $0.cachedHistory(path: path, stamp: stamp) }) { return MetricSummary.of(cached) }
        var reader = MetricFileSummary()
        do {
            try FileSystem.readChunks(path, chunkSize: chunkSize) { reader.feed($0) }
        } catch {
            warn("metric file '\(relative(path))' skipped: \(error)")
            throw MLflowError.storage("metric '\(key)' of run '\(runId)' cannot be read")
        }
        let summary = reader.finish()
        noteBadLines(reader.bad, path: path)
        return summary
    }
}
