import Foundation
import MLflowCore

/// Fetches every page of a run search with several requests in flight.
///
/// MLflow's server spends most of a page's time building and serialising it (about 1.15 s per
/// 1,000 runs), so one page after the other leaves its workers idle. Its page tokens are
/// base64 JSON `{"offset": N}`; when the first page's token has that form, later pages are asked
/// for by offset concurrently. Any other token form falls back to one page after the other.
struct ConcurrentRunPager {
    let store: RESTStore
    var pageSize = 1_000
    var concurrency = 4

    func fetchAll(_ query: RunQuery, progress: (@Sendable (Int) -> Void)?) async throws -> [Run] {
        let cap = query.maxResults ?? Int.max
        let firstSize = min(pageSize, cap)
        guard firstSize > 0 else { return [] }
        let first = try await store.searchRuns(query, pageSize: firstSize, pageToken: nil)
        progress?(first.items.count)
        guard let token = first.nextPageToken, first.items.count < cap else { return Array(first.items.prefix(cap)) }
        guard OffsetToken.decode(token) == first.items.count, first.items.count == pageSize else {
            return try await sequential(query, after: first, cap: cap, progress: progress)
        }
        let size = pageSize
        let lastNeeded = cap == Int.max ? Int.max : (cap - 1) / size  // index of the last page the cap needs
        var pages: [Int: [Run]] = [0: first.items]
        var end = lastNeeded  // index of the last page that exists, once known
        var loaded = first.items.count
        try await withThrowingTaskGroup(of: (Int, Page<Run>).self) { group in
            var next = 1
            func launch() {
                guard next <= end else { return }
                let index = next
                next += 1
                group.addTask {
                    let page = try await store.searchRuns(query, pageSize: size, pageToken: OffsetToken.encode(index * size))
                    return (index, page)
                }
            }
            for _ in 0..<concurrency { launch() }
            while let (index, page) = try await group.next() {
                if index <= end {
                    pages[index] = page.items
                    loaded += page.items.count
                    progress?(loaded)
                    if page.items.count < size || page.nextPageToken == nil { end = min(end, index) }
                }
                launch()
            }
        }
        var seen = Set<String>()
        var result: [Run] = []
        for index in 0...min(end, pages.keys.max() ?? 0) {
            for run in pages[index] ?? [] where seen.insert(run.info.runId).inserted {
                result.append(run)
            }
        }
        return Array(result.prefix(cap))
    }

    private func sequential(_ query: RunQuery, after first: Page<Run>, cap: Int, progress: (@Sendable (Int) -> Void)?) async throws -> [Run] {
        var result = first.items
        var token = first.nextPageToken
        while let current = token, result.count < cap {
            try Task.checkCancellation()
            let page = try await store.searchRuns(query, pageSize: min(pageSize, cap - result.count), pageToken: current)
            result += page.items
            progress?(result.count)
            token = page.nextPageToken
        }
        return Array(result.prefix(cap))
    }
}

/// MLflow's offset page token: base64 of `{"offset": N}` (not a stable format, hence the checks).
enum OffsetToken {
    static func decode(_ token: String) -> Int? {
        guard let data = Data(base64Encoded: token),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              object.count == 1, let offset = object["offset"] as? Int else { return nil }
        return offset
    }

    static func encode(_ offset: Int) -> String {
        Data("{\"offset\": \(offset)}".utf8).base64EncodedString()
    }
}
