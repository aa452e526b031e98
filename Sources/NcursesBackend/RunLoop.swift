import Foundation
import TerminalCore

/// Runs `app` in the real terminal until it quits; the terminal is restored on every way out.
///
/// Call it from the main thread (or another thread of its own), not from a task: the loop
/// blocks while it waits for input, and effects need the task pool's threads.
/// Throws `TerminalAppError.signalled` after restoring the terminal when SIGINT, SIGTERM or
/// SIGHUP arrived, so the caller can exit with the conventional status.
public func runTerminalApp<A: App>(_ app: A.Type, initial: A.State, options: TerminalOptions) throws {
    let terminal = try NcursesTerminal(options: options)
    defer { terminal.restore() }
    try runLoop(app, initial: initial, backend: terminal, options: options, interruption: { terminal.pendingSignal },
                stopRequested: { terminal.takeStopRequest() })
}

/// The loop itself, over any backend: input and effect results become actions, each batch is
/// reduced, then one frame is rendered and handed to the backend, which writes the changed cells.
///
/// Effects run as detached tasks; their actions wait in a thread-safe queue that is drained
/// between input polls (an answer wakes a waiting poll through `backend.wakeUp`), so a slow effect
/// never holds up keys and a fast one is drawn at once. `interruption` is polled once per
/// pass; a signal number from it stops the loop with `TerminalAppError.signalled`. The app's
/// suspend request (Ctrl-Z) or `stopRequested` (a SIGTSTP from outside) suspends through the
/// backend. Returns the final state.
@discardableResult
public func runLoop<A: App, B: TerminalBackend>(
    _ app: A.Type, initial: A.State, backend: B, options: TerminalOptions,
    interruption: () -> Int32? = { nil }, stopRequested: () -> Bool = { false }
) throws -> A.State {
    var state = initial
    let queue = ActionQueue<A.Action>()
    let wakeUp = backend.wakeUp
    let send: @Sendable (A.Action) -> Void = { action in
        queue.push(action)
        wakeUp?()
    }
    var shownSize = Size.zero
    var lastTick = ContinuousClock.now
    let tickInterval = Duration.milliseconds(options.tickMilliseconds)

    /// Control sequences of the app's own, written after the next frame (never during one).
    var output: [String] = []

    func drawFrame() {
        var next = CellBuffer(size: backend.size)
        A.render(state, into: &next)
        backend.draw(next)
        shownSize = next.size
        for sequence in output { backend.passThrough(sequence) }
        output = []
        A.frameDrawn(state)
    }

    func apply(_ action: A.Action) {
        for effect in A.reduce(&state, action) {
            if let sequence = A.terminalOutput(for: effect) {
                output.append(sequence)
                continue
            }
            Task.detached { await A.run(effect, send: send) }
        }
    }

    if let action = A.initialAction(state) { apply(action) }
    drawFrame()
    while !A.isQuit(state) {
        if let signal = interruption() { throw TerminalAppError.signalled(signal) }
        var changed = false
        // The first event waits; the rest of a burst (typing, paste) joins the same frame.
        var timeout = options.pollMilliseconds
        var burst = 0
        while burst < 64, let event = backend.readEvent(timeoutMilliseconds: timeout) {
            if case .resize = event { changed = true }
            if let action = A.action(for: event, in: state) {
                apply(action)
                changed = true
            }
            if A.isQuit(state) { break }
            timeout = 0
            burst += 1
        }
        for action in queue.drain() {
            apply(action)
            changed = true
        }
        let now = ContinuousClock.now
        if now - lastTick >= tickInterval {
            lastTick = now
            if let action = A.tick(state) {
                apply(action)
                changed = true
            }
        }
        if let resumed = A.suspendRequest(state) {
            backend.suspend()
            apply(resumed)
            changed = true
        } else if stopRequested() {
            backend.suspend()
            changed = true
        }
        if changed || shownSize != backend.size || !output.isEmpty { drawFrame() }
    }
    if let signal = interruption() { throw TerminalAppError.signalled(signal) }
    return state
}
