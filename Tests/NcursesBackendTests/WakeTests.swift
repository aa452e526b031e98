import Foundation
import TerminalCore
import TerminalTestSupport
import Testing

@testable import NcursesBackend
@testable import runboard_loopdemo

@Suite struct WakePipeTests {
    @Test func aWakeFromAnotherThreadEndsTheWait() throws {
        let pipe = try #require(WakePipe())
        defer { pipe.close() }
        var fds: [Int32] = [0, 0]
        #expect(Glibc.pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let started = Date()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.05) { pipe.wake() }
        #expect(pipe.wait(for: fds[0], timeoutMilliseconds: 10_000) == .woken)
        #expect(Date().timeIntervalSince(started) < 5)
        // Drained: the next wait times out.
        #expect(pipe.wait(for: fds[0], timeoutMilliseconds: 20) == .timedOut)
        // Input wins over a pending wake-up.
        pipe.wake()
        var byte: UInt8 = 65
        #expect(write(fds[1], &byte, 1) == 1)
        #expect(pipe.wait(for: fds[0], timeoutMilliseconds: 1_000) == .ready)
    }

    @Test func manyWakesNeverBlockTheWriter() throws {
        let pipe = try #require(WakePipe())
        defer { pipe.close() }
        for _ in 0..<200_000 { pipe.wake() }  // more than a pipe holds
        var fds: [Int32] = [0, 0]
        #expect(Glibc.pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        #expect(pipe.wait(for: fds[0], timeoutMilliseconds: 1_000) == .woken)
        #expect(pipe.wait(for: fds[0], timeoutMilliseconds: 10) == .timedOut)
    }
}

/// A backend whose wait for input lasts the whole poll interval unless it is woken.
final class WakeableBackend: TerminalBackend {
    let size = Size(width: 40, height: 8)
    private(set) var screen = ""
    private(set) var firstFrame: String?
    private var script: [Key]
    private let semaphore = DispatchSemaphore(value: 0)
    private let quitWhen: String

    init(script: [Key], quitWhen: String) {
        self.script = script
        self.quitWhen = quitWhen
    }

    func draw(_ buffer: CellBuffer) {
        screen = buffer.text()
        if firstFrame == nil { firstFrame = screen }
    }

    func readEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        if !script.isEmpty { return .key(script.removeFirst()) }
        if screen.contains(quitWhen) { return .key(.char("q")) }
        _ = semaphore.wait(timeout: .now() + .milliseconds(timeoutMilliseconds))
        return nil
    }

    var wakeUp: (@Sendable () -> Void)? {
        let semaphore = semaphore
        return { semaphore.signal() }
    }
}

@Suite struct LoopWakeTests {
    /// An effect's answer is drawn when it arrives, not when the (here 5 s) poll times out.
    @Test func answersWakeTheLoop() throws {
        var initial = CounterApp.State()
        initial.slowMilliseconds = 30
        let backend = WakeableBackend(script: [.char("s")], quitWhen: "finished: [1]")
        let started = Date()
        let final = try runLoop(CounterApp.self, initial: initial, backend: backend,
                                options: TerminalOptions(pollMilliseconds: 5_000, tickMilliseconds: 60_000))
        #expect(final.finished == [1])
        #expect(Date().timeIntervalSince(started) < 2.5)
    }

    /// The initial action is applied before the first frame.
    @Test func theInitialActionComesBeforeTheFirstFrame() throws {
        let backend = WakeableBackend(script: [.char("q")], quitWhen: "")
        _ = try runLoop(StartedApp.self, initial: "idle", backend: backend, options: TerminalOptions(pollMilliseconds: 0))
        #expect(backend.firstFrame?.hasPrefix("started") == true)
    }
}

enum StartedApp: App {
    static func reduce(_ state: inout String, _ action: String) -> [Never] {
        state = action
        return []
    }
    static func render(_ state: String, into buffer: inout CellBuffer) {
        _ = buffer.put(state, x: 0, y: 0, maxWidth: buffer.size.width, style: Style())
    }
    static func action(for event: TerminalEvent, in state: String) -> String? {
        if case .key(.char("q")) = event { return "quit" }
        return nil
    }
    static func isQuit(_ state: String) -> Bool { state == "quit" }
    static func run(_ effect: Never, send: @escaping @Sendable (String) -> Void) async {}
    static func initialAction(_ state: String) -> String? { "started" }
}
