import Foundation
import NcursesBackend
import TerminalCore

/// A backend that plays a script of events and keeps what was drawn, for loop tests.
final class ScriptedBackend: TerminalBackend {
    enum Step {
        case event(TerminalEvent)
        /// Waits until the screen shows `text` (fails the script after `seconds`).
        case waitFor(String, seconds: Double = 5)
        case resize(Size)
        case signal(Int32)
    }

    private(set) var size: Size
    private(set) var screen: CellBuffer
    /// The screen's text after each draw.
    private(set) var frames: [String] = []
    /// How many cells each draw wrote.
    private(set) var changeCounts: [Int] = []
    private(set) var failures: [String] = []
    private(set) var pendingSignal: Int32?
    /// How many times the loop suspended the process through this backend.
    private(set) var suspensions = 0
    private var steps: [Step]
    private var waitStarted: Date?
    private let deadline = Date().addingTimeInterval(20)

    init(size: Size, steps: [Step]) {
        self.size = size
        self.screen = CellBuffer(size: size)
        self.steps = steps
    }

    private var last = CellBuffer(size: .zero)

    func draw(_ buffer: CellBuffer) {
        let changes = buffer.diff(from: last)
        last = buffer
        if screen.size != buffer.size { screen = CellBuffer(size: buffer.size) }
        for change in changes {
            screen[change.x, change.y] = change.cell
            // A wide character covers the cell to its right, as in a terminal.
            if DisplayWidth.of(change.cell.text) == 2, change.x + 1 < buffer.size.width {
                screen[change.x + 1, change.y] = Cell("", style: change.cell.style)
            }
        }
        frames.append(screen.text())
        changeCounts.append(changes.count)
    }

    func suspend() { suspensions += 1 }

    func readEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard Date() < deadline else {
            failures.append("script did not finish")
            return .key(.char("q"))
        }
        guard let step = steps.first else {
            Thread.sleep(forTimeInterval: Double(timeoutMilliseconds) / 1000)
            return nil
        }
        switch step {
        case .event(let event):
            steps.removeFirst()
            return event
        case .resize(let newSize):
            steps.removeFirst()
            size = newSize
            return .resize(newSize)
        case .signal(let number):
            steps.removeFirst()
            pendingSignal = number
            return nil
        case .waitFor(let text, let seconds):
            if screen.text().contains(text) {
                steps.removeFirst()
                waitStarted = nil
                return nil
            }
            let started = waitStarted ?? Date()
            waitStarted = started
            if Date().timeIntervalSince(started) > seconds {
                failures.append("timed out waiting for \(text.debugDescription)")
                steps.removeAll()
                return .key(.char("q"))
            }
            Thread.sleep(forTimeInterval: Double(timeoutMilliseconds) / 1000)
            return nil
        }
    }

    /// Runs the loop on its own thread, as the executable does on its main thread: the loop
    /// blocks while it polls, and must not hold a thread of the pool the effects run on.
    @discardableResult
    func run<A: App>(_ app: A.Type, initial: A.State, options: TerminalOptions) async throws -> A.State
    where A.State: Sendable {
        nonisolated(unsafe) let backend = self
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try runLoop(app, initial: initial, backend: backend, options: options, interruption: { backend.pendingSignal })
                })
            }
            thread.start()
        }
    }

    /// The index of the first frame containing `text`.
    func firstFrame(containing text: String) -> Int? {
        frames.firstIndex { $0.contains(text) }
    }
}
