import Dashboard
import Foundation
import Synchronization
import MLflowClient
import NcursesBackend
import TerminalCore

/// The dashboard as an `App` for the terminal loop: Dashboard's pure reduce and render, its
/// effect runner over the store, and OSC 52 for copying a run id.
enum DashboardApp: App {
    typealias State = DashboardState
    typealias Action = Dashboard.Action
    typealias Effect = Dashboard.Effect

    /// What the static entry points need: the store's effect runner and how to draw.
    final class Context: Sendable {
        private struct Parts {
            var runner: EffectRunner?
            var render = RenderContext()
            var store: (any TrackingStore)?
            /// The loop's `send`, once the first effect ran (a store's retry notices go through it).
            var send: (@Sendable (Action) -> Void)?
        }

        private let parts = Mutex(Parts())

        func configure(store: any TrackingStore, render: RenderContext) {
            parts.withLock { parts in
                parts.store = store
                parts.render = render
                parts.runner = nil
            }
        }

        /// The runner, made on first use with the loop's `send`.
        func runner(send: @escaping @Sendable (Action) -> Void) -> EffectRunner? {
            let benchmark = benchmark
            return parts.withLock { parts in
                if parts.send == nil { parts.send = send }
                if parts.runner == nil, let store = parts.store {
                    parts.runner = EffectRunner(store: store, imageDecoder: SystemImageDecoder(), send: { action in
                        benchmark?.arrived(action)
                        send(action)
                    })
                }
                return parts.runner
            }
        }

        var renderContext: RenderContext { parts.withLock { $0.render } }

        /// Stops the store work still running when the dashboard has quit (downloads remove their
        /// temporary files as they stop), waiting at most a few seconds.
        func stopWork() async {
            let runner = parts.withLock { $0.runner }
            await runner?.cancelAllAndWait(atMost: .seconds(3))
        }

        /// Posts an action from outside an effect (a store's retry notice); dropped before the loop
        /// has started any effect (no request can be retried then).
        func post(_ action: Action) {
            let send = parts.withLock { $0.send }
            send?(action)
        }

        /// Set from `RUNBOARD_BENCH_REPORT` (see `DashboardBenchmark`).
        let benchmark = DashboardBenchmark.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    static let context = Context()

    static func reduce(_ state: inout DashboardState, _ action: Action) -> [Effect] {
        Dashboard.reduce(&state, action)
    }

    static func render(_ state: DashboardState, into buffer: inout CellBuffer) {
        Dashboard.render(state, context.renderContext, into: &buffer)
    }

    static func action(for event: TerminalEvent, in state: DashboardState) -> Action? {
        switch event {
        case .key(let key): return .key(key)
        case .mouse(let mouse): return .mouse(mouse)
        case .resize(let size): return .resize(size)
        }
    }

    static func suspendRequest(_ state: DashboardState) -> Action? { state.suspendRequested ? .resumed : nil }

    static func isQuit(_ state: DashboardState) -> Bool { state.quitting || context.benchmark?.done == true }

    /// OSC 52 for a copy: the terminal (or tmux with set-clipboard) puts the text on the clipboard,
    /// over SSH too. The loop writes it between frames.
    static func terminalOutput(for effect: Effect) -> String? {
        if case .image(.kittyGraphics(let sequence)) = effect { return sequence }
        guard case .copyToClipboard(let text) = effect else { return nil }
        return "\u{1b}]52;c;" + Data(text.utf8).base64EncodedString() + "\u{07}"
    }

    static func run(_ effect: Effect, send: @escaping @Sendable (Action) -> Void) async {
        switch effect {
        case .copyToClipboard, .quit:
            break
        case .loadRuns:
            context.benchmark?.runsRequested()
            await context.runner(send: send)?.perform(effect)
        case .loadOverlayHistories:
            context.benchmark?.overlayRequested()
            await context.runner(send: send)?.perform(effect)
        default:
            await context.runner(send: send)?.perform(effect)
        }
    }

    /// Loading starts before the first frame.
    static func initialAction(_ state: DashboardState) -> Action? { .start }

    static func tick(_ state: DashboardState) -> Action? {
        .tick(now: Int64(Date().timeIntervalSince1970 * 1000))
    }

    static func frameDrawn(_ state: DashboardState) {
        context.benchmark?.frameDrawn(state)
    }
}
