import Dashboard
import Foundation
import MLflowCore
import MLflowSQLite
import TerminalCore

/// The pager on a real local store (a `mlflow.db`), in process, with the real `EffectRunner`: from the open action to
/// the first rendered frame that shows the file's first line (the reducer and a render after each
/// answer, as the loop does), then on to the whole file read (or the pager's memory bound), then
/// the search typed with the whole file in (each key to its frame). `rounds` times; prints one
/// JSON line with the median and max of each.
func benchmarkPager(uri: String, runId: String, path: String, size: Size, rounds: Int) {
    final class Box: @unchecked Sendable { var line = "" }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    Task {
        do {
            box.line = try await pagerFigures(uri: uri, runId: runId, path: path, size: size, rounds: rounds)
        } catch {
            FileHandle.standardError.write(Data("runboard-framebench: \(error)\n".utf8))
        }
        done.signal()
    }
    done.wait()
    guard !box.line.isEmpty else { exit(1) }
    print(box.line)
}

private func pagerFigures(uri: String, runId: String, path: String, size: Size, rounds: Int) async throws -> String {
    // A local store, opened as the dashboard opens it (a bounded page cache, no memory map).
    guard case .sqlite(let dbPath) = try TrackingURIResolver(environment: [:]).resolve(explicit: uri) else {
        throw BenchError.failed("\(uri) is not a sqlite:/// store (the pager's figure is taken from a local store)")
    }
    let store = try SQLiteStore(path: dbPath, memoryMap: false)
    let owner = ArtifactOwner.run(runId)
    // What the first frame must show, and the size the artifact tree would have listed.
    let head = try await store.readArtifactPrefix(owner, path: path, maxBytes: 4_096)
    let firstLine = String(decoding: head.data.prefix { $0 != 0x0A }.prefix(40), as: UTF8.self)
    let parent = path.split(separator: "/").dropLast().joined(separator: "/")
    let listed = try await store.listArtifacts(owner, path: parent).first { $0.path == path }?.fileSize
    let file = ArtifactFileRef(owner: owner, path: path, size: listed, ownerLabel: "run \(runId)", runId: runId)
    let context = RenderContext()
    var firstFrames: [Double] = []
    var wholeFile: [Double] = []
    var searchKeys: [Double] = []
    var bytes = 0
    var lines = 0
    for _ in 0..<rounds {
        let (stream, continuation) = AsyncStream.makeStream(of: Action.self)
        let runner = EffectRunner(store: store) { continuation.yield($0) }
        var state = DashboardState(storeURI: uri, size: size, now: 0)
        state.focus = .runs
        var buffer = CellBuffer(size: size)
        let start = DispatchTime.now().uptimeNanoseconds
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 }
        for effect in openPager(&state, file) { await runner.perform(effect) }
        render(state, context, into: &buffer)
        var shown = false
        for await action in stream {
            for effect in reduce(&state, action) { await runner.perform(effect) }
            var next = CellBuffer(size: size)
            render(state, context, into: &next)
            _ = next.diff(from: buffer)
            buffer = next
            if !shown, buffer.text().contains(SafeText.sanitize(firstLine)) {
                shown = true
                firstFrames.append(elapsed())
            }
            if !state.pager.isLoading { break }
        }
        guard shown, state.pager.load == .loaded else { throw BenchError.failed("the pager did not show \(path): \(state.pager.load)") }
        wholeFile.append(elapsed())
        bytes = state.pager.text.bytes.count
        lines = state.pager.text.fileLineCount
        // The search typed with the whole file in: each key to its frame.
        for key in [Key.char("/")] + "loss=0.5".map({ Key.char($0) }) {
            let keyStart = DispatchTime.now().uptimeNanoseconds
            _ = reduce(&state, .key(key))
            var next = CellBuffer(size: size)
            render(state, context, into: &next)
            _ = next.diff(from: buffer)
            buffer = next
            searchKeys.append(Double(DispatchTime.now().uptimeNanoseconds - keyStart) / 1e6)
        }
        for effect in reduce(&state, .key(.escape)) + reduce(&state, .key(.escape)) { await runner.perform(effect) }
        await runner.cancelAll()
        continuation.finish()
    }
    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    return String(format: "{\"first_frame_median_ms\":%.2f,\"first_frame_max_ms\":%.2f,\"whole_median_ms\":%.1f,\"whole_max_ms\":%.1f,"
                  + "\"search_key_median_ms\":%.2f,\"search_key_max_ms\":%.2f,\"bytes\":%d,\"lines\":%d,\"rounds\":%d,\"size\":\"%dx%d\"}",
                  median(firstFrames), firstFrames.max() ?? 0, median(wholeFile), wholeFile.max() ?? 0,
                  median(searchKeys), searchKeys.max() ?? 0, bytes, lines, rounds, size.width, size.height)
}

enum BenchError: Error {
    case failed(String)
}
