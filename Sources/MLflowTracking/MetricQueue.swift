import Foundation
import MLflowCore
import Synchronization

/// Metric points waiting to be sent, in the order they were logged, bounded in size.
///
/// Filled from any thread without waiting; emptied by one sender at a time, which takes a batch
/// from the front and removes it only once the store has accepted it.
final class MetricQueue: Sendable {
    private struct Contents {
        var points: [Metric] = []
        var head = 0
        var dropped = 0
        var sent = 0
        var refused = 0
    }

    private let contents = Mutex(Contents())
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Queues one point; false (and counted as dropped) when the queue is full.
    @discardableResult
    func append(_ metric: Metric) -> Bool {
        let capacity = self.capacity
        return contents.withLock { queue in
            guard queue.points.count - queue.head < capacity else {
                queue.dropped += 1
                return false
            }
            queue.points.append(metric)
            return true
        }
    }

    /// Points waiting.
    var count: Int { contents.withLock { $0.points.count - $0.head } }

    /// Up to `limit` points from the front, left in the queue.
    func peek(_ limit: Int) -> [Metric] {
        contents.withLock { queue in
            let end = min(queue.points.count, queue.head + limit)
            return Array(queue.points[queue.head..<end])
        }
    }

    /// Removes `n` points from the front after the store accepted them (or refused them for good).
    func remove(_ n: Int, accepted: Bool) {
        contents.withLock { queue in
            let n = min(n, queue.points.count - queue.head)
            queue.head += n
            if accepted { queue.sent += n } else { queue.refused += n }
            if queue.head == queue.points.count {
                queue.points.removeAll(keepingCapacity: queue.points.count < 100_000)
                queue.head = 0
            } else if queue.head > 65_536, queue.head * 2 > queue.points.count {
                queue.points.removeFirst(queue.head)
                queue.head = 0
            }
        }
    }

    /// Counts points that never entered the queue because they were invalid.
    func countRefused(_ n: Int) {
        contents.withLock { $0.refused += n }
    }

    /// (sent, refused by the store, dropped when full).
    var counts: (sent: Int, refused: Int, dropped: Int) {
        contents.withLock { ($0.sent, $0.refused, $0.dropped) }
    }
}
