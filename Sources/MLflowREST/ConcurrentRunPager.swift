import Foundation
import MLflowCore
import Synchronization

/// Fetches the pages of a run search with several requests in flight, handing them over in order.
///
/// MLflow's server spends most of a page's time building and serialising it (about 1.15 s per
/// 1,000 runs), so one page after the other leaves its workers idle. Its page tokens are
/// base64 JSON `{"offset": N}`; when the first page's token has that form, later pages are asked
/// for by offset concurrently. Any other token form falls back to one page after the other.
/// Runs seen on an earlier page (rows inserted while paging shift offsets) are dropped.
struct ConcurrentRunPager {
    let store: RESTStore
    var concurrency = 4

    func fetchAll(_ query: RunQuery, pageSize: Int = 1_000, progress: (@Sendable (Int) -> Void)?) async throws -> [Run] {
        let collected = Mutex<[Run]>([])
        try await stream(query, firstPageSize: pageSize, pageSize: pageSize) { page, _ in
            let count = collected.withLock { runs in
                runs += page
                return runs.count
            }
            progress?(count)
        }
        return collected.withLock { $0 }
    }

    func stream(
        _ query: RunQuery, firstPageSize: Int, pageSize: Int, pauseAfterFirstPage: Duration = .zero,
        deliver: @escaping @Sendable ([Run], Bool) -> Void
    ) async throws {
        let cap = query.maxResults ?? Int.max
        let firstSize = min(max(1, firstPageSize), cap)
        guard cap > 0 else { return deliver([], true) }
        let first = try await store.searchRuns(query, pageSize: firstSize, pageToken: nil)
        var seen = Set(first.items.map(\.info.runId))
        var delivered = min(first.items.count, cap)
        guard let token = first.nextPageToken, delivered < cap else { return deliver(Array(first.items.prefix(cap)), true) }
        let size = max(1, min(pageSize, MLflowLimits.maxSearchPage))
        // Keeps the runs not seen yet, up to the cap; returns them.
        func fresh(_ items: [Run]) -> [Run] {
            var kept: [Run] = []
            for run in items where delivered < cap && seen.insert(run.info.runId).inserted {
                kept.append(run)
                delivered += 1
            }
            return kept
        }
        deliver(first.items, false)
        if pauseAfterFirstPage > .zero { try await Task.sleep(for: pauseAfterFirstPage) }
        let start = first.items.count
        guard OffsetPageToken.plainOffset(token) == start, start == firstSize else {
            var next: String? = token
            while let current = next {
                try Task.checkCancellation()
                let page = try await store.searchRuns(query, pageSize: min(size, cap - delivered), pageToken: current)
                next = page.nextPageToken
                let kept = fresh(page.items)
                if next == nil || delivered >= cap { return deliver(kept, true) }
                deliver(kept, false)
            }
            return
        }
        // Page i holds offsets start + i * size ..< start + (i + 1) * size.
        var end = cap == Int.max ? Int.max : (cap - start - 1) / size  // the last page needed, once known
        var buffered: [Int: [Run]] = [:]
        var nextToDeliver = 0
        var finished = false
        try await withThrowingTaskGroup(of: (Int, Page<Run>).self) { group in
            var next = 0
            func launch() {
                guard next <= end else { return }
                let index = next
                next += 1
                group.addTask {
                    (index, try await store.searchRuns(query, pageSize: size, pageToken: OffsetPageToken(offset: start + index * size).encoded))
                }
            }
            for _ in 0..<concurrency { launch() }
            while let (index, page) = try await group.next() {
                if index <= end {
                    buffered[index] = page.items
                    if page.items.count < size || page.nextPageToken == nil { end = min(end, index) }
                }
                while !finished, nextToDeliver <= end, let items = buffered.removeValue(forKey: nextToDeliver) {
                    let kept = fresh(items)
                    finished = nextToDeliver == end || delivered >= cap
                    deliver(kept, finished)
                    nextToDeliver += 1
                }
                if finished {
                    group.cancelAll()
                    break
                }
                launch()
            }
        }
        if !finished { deliver([], true) }
    }
}
