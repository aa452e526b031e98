import Dashboard
import Foundation
import Synchronization

/// Timings of a real dashboard session for `scripts/bench`, written as JSON lines to the file named
/// by `RUNBOARD_BENCH_REPORT`:
///
/// - `first_full_frame`: the first frame on the terminal that shows the experiments and the first
///   page of runs (or the runs pane's answer, when it is empty or failed): `ms` since `RUNBOARD_BENCH_T0`
///   (nanoseconds since the epoch, taken by the caller just before starting runboard), and
///   `runs_ms`, from asking for the runs to that frame, and `page_ms`, from asking to the page's
///   arrival from the store (the rest is the loop's: reduce, render, draw);
/// - `all_runs_loaded`: the first frame after the last page of runs, with `runs` and the memory
///   (see `memory()`).
///
/// - `first_overlay_chart`: the first frame of the overlay view (`p`) that shows its first metric
///   for every run, with `overlay_ms` from asking the store for the histories to that frame, and
///   `batch_ms`, from asking to the arrival of the last batch (the rest is the loop's), and `runs`.
///
/// `RUNBOARD_BENCH_EXIT=first_full_frame|all_runs_loaded|first_overlay_chart` quits after that event.
final class DashboardBenchmark: Sendable {
    private let path: String
    private let t0: UInt64
    private let exitAfter: String?
    /// What happened so far, written from the loop's thread and from effects.
    private let marks = Mutex(Marks())

    private struct Marks {
        var firstRunsRequest: UInt64?
        var firstPageArrived: UInt64?
        var overlayRequest: UInt64?
        var overlayLastBatch: UInt64?
        var reported: Set<String> = []
        var finished = false
    }

    static func fromEnvironment(_ env: [String: String]) -> DashboardBenchmark? {
        guard let path = env["RUNBOARD_BENCH_REPORT"], !path.isEmpty else { return nil }
        return DashboardBenchmark(path: path, t0: env["RUNBOARD_BENCH_T0"].flatMap(UInt64.init) ?? Self.nowNanos(), exitAfter: env["RUNBOARD_BENCH_EXIT"])
    }

    private init(path: String, t0: UInt64, exitAfter: String?) {
        self.path = path
        self.t0 = t0
        self.exitAfter = exitAfter
    }

    var done: Bool { marks.withLock { $0.finished } }

    func runsRequested() {
        let now = Self.nowNanos()
        marks.withLock { if $0.firstRunsRequest == nil { $0.firstRunsRequest = now } }
    }

    func overlayRequested() {
        let now = Self.nowNanos()
        marks.withLock { if $0.overlayRequest == nil { $0.overlayRequest = now } }
    }

    /// Notes when the first page of runs came back from the store (before the loop handles it),
    /// and each batch of the overlay's histories.
    func arrived(_ action: Action) {
        switch action {
        case .runsPageLoaded:
            let now = Self.nowNanos()
            marks.withLock { if $0.firstPageArrived == nil { $0.firstPageArrived = now } }
        case .overlay(.batchLoaded):
            let now = Self.nowNanos()
            marks.withLock { $0.overlayLastBatch = now }
        default:
            break
        }
    }

    func frameDrawn(_ state: DashboardState) {
        let now = Self.nowNanos()
        if state.experiments.load == .loaded, !state.runs.experimentIds.isEmpty,
           !state.runs.runs.isEmpty || !state.runs.load.isLoading {
            let (since, arrived) = marks.withLock { ($0.firstRunsRequest, $0.firstPageArrived) }
            var extra = ["runs": Double(state.runs.runs.count)]
            extra["runs_ms"] = since.map { Self.milliseconds(now - min(now, $0)) } ?? -1
            // From asking to the page handed to the loop: the store, the transfer and decoding.
            if let since, let arrived { extra["page_ms"] = Self.milliseconds(arrived - min(arrived, since)) }
            report("first_full_frame", now: now, extra: extra)
        }
        if state.focus == .overlay, let key = state.overlay.keys.first, state.overlay.overlays[key]?.isComplete == true {
            let (since, batch) = marks.withLock { ($0.overlayRequest, $0.overlayLastBatch) }
            var extra = ["runs": Double(state.overlay.runIds.count)]
            extra["overlay_ms"] = since.map { Self.milliseconds(now - min(now, $0)) } ?? -1
            if let since, let batch { extra["batch_ms"] = Self.milliseconds(batch - min(batch, since)) }
            report("first_overlay_chart", now: now, extra: extra)
        }
        if state.runs.complete {
            var extra = Self.memory()
            extra["runs"] = Double(state.runs.runs.count)
            report("all_runs_loaded", now: now, extra: extra)
        }
    }

    private func report(_ event: String, now: UInt64, extra: [String: Double]) {
        let exitAfter = self.exitAfter, t0 = self.t0
        let line: String? = marks.withLock { marks in
            guard !marks.reported.contains(event) else { return nil }
            marks.reported.insert(event)
            if event == exitAfter { marks.finished = true }
            var fields = ["\"event\":\"\(event)\"", "\"ms\":\(Self.milliseconds(now - min(now, t0)))"]
            for (key, value) in extra.sorted(by: { $0.key < $1.key }) { fields.append("\"\(key)\":\(value)") }
            return "{" + fields.joined(separator: ",") + "}\n"
        }
        guard let line, let handle = FileHandle(forWritingAtPath: path) ?? Self.create(path) else { return }
        handle.seekToEndOfFile()
        handle.write(Data(line.utf8))
        try? handle.close()
    }

    private static func create(_ path: String) -> FileHandle? {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        return FileHandle(forWritingAtPath: path)
    }

    static func nowNanos() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    static func milliseconds(_ nanos: UInt64) -> Double { (Double(nanos) / 1_000_000 * 100).rounded() / 100 }

    /// Peak and current resident memory of this process in kB, from /proc/self/status: `vm_hwm_kb`
    /// (the peak), `rss_anon_kb` (the heap) and `rss_file_kb` (mapped files, such as an mlflow.db).
    static func memory() -> [String: Double] {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return [:] }
        let fields = ["VmHWM:": "vm_hwm_kb", "RssAnon:": "rss_anon_kb", "RssFile:": "rss_file_kb"]
        var result: [String: Double] = [:]
        for line in text.split(separator: "\n") {
            for (prefix, name) in fields where line.hasPrefix(prefix) {
                result[name] = Double(line.split(separator: " ").dropFirst().first.map(String.init) ?? "")
            }
        }
        return result
    }
}
