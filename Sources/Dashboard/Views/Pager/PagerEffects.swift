import Foundation
import MLflowCore
import Synchronization

extension EffectRunner {
    /// Performs the pager room's store work.
    func performPager(_ effect: PagerEffect) {
        switch effect {
        case let .read(id, owner, path, firstBytes, maxBytes):
            start(id) { store, send in
                try await Self.readForPager(store, owner: owner, path: path, firstBytes: firstBytes, maxBytes: maxBytes) { data in
                    send(.pager(.bytesLoaded(requestId: id, data)))
                } finished: { complete in
                    send(.pager(.readFinished(requestId: id, complete: complete)))
                }
            }
        }
    }

    /// Streams a file to `deliver`: its first `firstBytes` at once (the first screen), then the rest
    /// in pieces of at least `batchBytes` (a store's small network chunks gathered, so the loop is
    /// not woken for each), at most `maxBytes` in all; then `finished`, whether the file's end was
    /// reached. Stops reading as soon as the task is cancelled.
    static func readForPager(
        _ store: any TrackingStore, owner: ArtifactOwner, path: String, firstBytes: Int, maxBytes: Int,
        batchBytes: Int = 1 << 20,
        deliver: @escaping @Sendable (Data) -> Void, finished: @escaping @Sendable (Bool) -> Void
    ) async throws {
        struct Progress {
            var sent = 0
            var pending = Data()
            var complete = true
        }
        let progress = Mutex(Progress())
        let cancelled = Atomic<Bool>(false)
        try await withTaskCancellationHandler {
            try await store.readArtifact(owner, path: path) { chunk in
                if cancelled.load(ordering: .relaxed) { return false }
                let out: [Data]
                let goOn: Bool
                (out, goOn) = progress.withLock { state -> ([Data], Bool) in
                    var chunk = chunk
                    let room = maxBytes - state.sent - state.pending.count
                    if chunk.count > room {
                        chunk = chunk.prefix(max(0, room))
                        state.complete = false
                    }
                    state.pending.append(chunk)
                    var out: [Data] = []
                    if state.sent == 0, state.pending.count >= firstBytes {
                        out.append(state.pending.prefix(firstBytes))
                        state.pending = state.pending.dropFirst(firstBytes)
                        state.sent = firstBytes
                    }
                    if state.sent > 0, state.pending.count >= batchBytes || !state.complete, !state.pending.isEmpty {
                        out.append(state.pending)
                        state.sent += state.pending.count
                        state.pending = Data()
                    }
                    return (out, state.complete)
                }
                for data in out { deliver(Data(data)) }
                return goOn
            }
        } onCancel: {
            cancelled.store(true, ordering: .relaxed)
        }
        try Task.checkCancellation()
        let (rest, complete) = progress.withLock { state in
            defer { state.pending = Data() }
            return (state.pending, state.complete)
        }
        if !rest.isEmpty { deliver(Data(rest)) }
        finished(complete)
    }
}
