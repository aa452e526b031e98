import Synchronization

/// A thread-safe FIFO that effect tasks post actions into and the loop drains.
final class ActionQueue<Action: Sendable>: Sendable {
    private let items = Mutex<[Action]>([])

    func push(_ action: Action) {
        items.withLock { $0.append(action) }
    }

    /// Everything queued so far, oldest first; the queue is left empty.
    func drain() -> [Action] {
        items.withLock { queued in
            defer { queued.removeAll(keepingCapacity: true) }
            return queued
        }
    }
}
