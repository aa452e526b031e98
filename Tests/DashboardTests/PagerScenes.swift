@testable import Dashboard
import Foundation
import MLflowCore
import TerminalCore

/// Pager states built through the reducer: a file opened, its bytes answered in chunks.
enum PagerScenes {
    static let now: Int64 = 1_700_000_000_000

    static func file(_ path: String, size: Int? = nil, label: String = "train-run") -> ArtifactFileRef {
        ArtifactFileRef(owner: .run("0123456789abcdef0123456789abcdef"), path: path, size: size.map(Int64.init), ownerLabel: label,
                        runId: "0123456789abcdef0123456789abcdef")
    }

    /// The pager opened from the runs pane on `path`; returns the request id of its read.
    static func opened(_ path: String, size: Int? = nil, screen: Size = Size(width: 80, height: 24),
                       maxBytes: Int? = nil, state: inout DashboardState) -> Int {
        state = DashboardState(storeURI: "sqlite:///work/mlflow.db", size: screen, now: now)
        state.focus = .runs
        if let maxBytes { state.pager.maxBytes = maxBytes }
        let effects = openPager(&state, file(path, size: size))
        for case .pager(.read(let id, _, _, _, _)) in effects { return id }
        return -1
    }

    /// A pager showing `bytes` of `path`, answered in chunks of `chunk` and finished.
    static func showing(_ path: String, _ bytes: [UInt8], chunk: Int = 1 << 16, screen: Size = Size(width: 80, height: 24),
                        finish: Bool = true) -> DashboardState {
        var state = DashboardState(storeURI: "", size: screen, now: now)
        let id = opened(path, size: bytes.count, screen: screen, state: &state)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data(bytes[start..<end]))))
            start = end
        }
        if finish { _ = reduce(&state, .pager(.readFinished(requestId: id, complete: true))) }
        return state
    }

    static func showing(_ path: String, _ text: String, chunk: Int = 1 << 16, screen: Size = Size(width: 80, height: 24)) -> DashboardState {
        showing(path, Array(text.utf8), chunk: chunk, screen: screen)
    }

    /// `count` numbered log lines.
    static func log(_ count: Int) -> String {
        (1...count).map { "2026-12-06 10:00:\(String(format: "%02d", $0 % 60)) INFO step \($0) loss=\(Double($0) / 1000)" }.joined(separator: "\n") + "\n"
    }

    static func type(_ state: inout DashboardState, _ keys: [Key]) {
        for key in keys { _ = reduce(&state, .key(key)) }
    }

    static func type(_ state: inout DashboardState, _ text: String) {
        type(&state, text.map { .char($0) })
    }

}
