import Foundation
import MLflowCore

/// Metric points waiting to be sent, in the order they were logged, bounded in size.
///
/// Filled from any thread without waiting; emptied by one sender at a time, which takes a batch
/// from the front and removes it only once the store has accepted it.
final class MetricQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var points: [Metric] = []
    private var head = 0
    private var dropped = 0
    private var sent = 0
    private var refused = 0
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues one point; false (and counted as dropped) when the queue is full.
    @discardableResult
    func append(_ metric: Metric) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard points.count - head < capacity else {
            dropped += 1
            return false
        }
        points.append(metric)
        return true
    }

    /// Points waiting.
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return points.count - head
    }

    /// Up to `limit` points from the front, left in the queue.
    func peek(_ limit: Int) -> [Metric] {
        lock.lock()
        defer { lock.unlock() }
        let end = min(points.count, head + limit)
        return Array(points[head..<end])
    }

    /// Removes `n` points from the front after the store accepted them (or refused them for good).
    func remove(_ n: Int, accepted: Bool) {
        lock.lock()
        defer { lock.unlock() }
        let n = min(n, points.count - head)
        head += n
        if accepted { sent += n } else { refused += n }
        if head == points.count {
            points.removeAll(keepingCapacity: points.count < 100_000)
            head = 0
        } else if head > 65_536, head * 2 > points.count {
            points.removeFirst(head)
            head = 0
        }
    }

    /// Counts points that never entered the queue because they were invalid.
    func countRefused(_ n: Int) {
        lock.lock()
        defer { lock.unlock() }
        refused += n
    }

    /// (sent, refused by the store, dropped when full).
    var counts: (sent: Int, refused: Int, dropped: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (sent, refused, dropped)
    }
}

