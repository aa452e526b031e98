import Foundation

/// Runs blocking file work on a dispatch queue, so that a long listing or copy never holds one of
/// the few threads Swift's concurrency runs every task on (the dashboard's other effects among
/// them). The local stores route their file reads and artifact copies through it.
public func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async {
            continuation.resume(with: Result { try body() })
        }
    }
}

/// Runs `body` on a thread of its own, for work that waits a long time (a child program to its end,
/// a test's copy of a large tree): neither Swift's task threads nor the dispatch queue's are held.
public func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread {
            continuation.resume(with: Result { try body() })
        }.start()
    }
}
