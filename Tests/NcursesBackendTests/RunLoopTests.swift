import NcursesBackend
import TerminalCore
import TerminalTestSupport
import Testing

@testable import runboard_loopdemo

@Suite(.serialized) struct RunLoopTests {
    let options = TerminalOptions(pollMilliseconds: 5, tickMilliseconds: 20)

    @Test func keysKeepWorkingWhileAnEffectIsPending() async throws {
        var initial = CounterApp.State()
        initial.slowMilliseconds = 400
        let backend = ScriptedBackend(size: Size(width: 40, height: 8), steps: [
            .event(.key(.char("s"))),
            .waitFor("pending: 1"),
            .event(.key(.char("+"))),
            .event(.key(.up)),
            .waitFor("count: 2  pending: 1"),
            .waitFor("finished: [1]"),
            .event(.key(.char("q"))),
        ])
        let final = try await backend.run(CounterApp.self, initial: initial, options: options)
        #expect(backend.failures == [])
        #expect(final.count == 2)
        #expect(final.pending == 0)
        #expect(final.finished == [1])
        let counted = try #require(backend.firstFrame(containing: "count: 2  pending: 1"))
        let finished = try #require(backend.firstFrame(containing: "finished: [1]"))
        #expect(counted < finished)
        // The spinner turned while the effect was pending.
        #expect(backend.frames.contains { $0.contains("pending: 1 /") })
    }

    /// Ctrl-Z: the loop suspends through the backend once, then the app hears it is back and goes on.
    @Test func suspendingGoesThroughTheBackendAndTheAppResumes() async throws {
        let backend = ScriptedBackend(size: Size(width: 40, height: 8), steps: [
            .waitFor("count: 0"),
            .event(.key(.ctrl("z"))),
            .waitFor("last: resumed"),
            .event(.key(.char("+"))),
            .waitFor("count: 1"),
            .event(.key(.char("q"))),
        ])
        let final = try await backend.run(CounterApp.self, initial: CounterApp.State(), options: options)
        #expect(backend.failures == [])
        #expect(backend.suspensions == 1)
        #expect(!final.suspendRequested)
    }

    @Test func twoEffectsCanBePendingAtOnce() async throws {
        var initial = CounterApp.State()
        initial.slowMilliseconds = 300
        let backend = ScriptedBackend(size: Size(width: 40, height: 8), steps: [
            .event(.key(.char("s"))),
            .event(.key(.char("s"))),
            .waitFor("pending: 2"),
            .waitFor("pending: 0"),
            .event(.key(.char("q"))),
        ])
        let final = try await backend.run(CounterApp.self, initial: initial, options: options)
        #expect(backend.failures == [])
        // Both ran at once; equally slow effects may finish in either order.
        #expect(final.finished.sorted() == [1, 2])
        #expect(final.pending == 0)
    }

    @Test func onlyChangedCellsAreDrawn() async throws {
        let backend = ScriptedBackend(size: Size(width: 40, height: 8), steps: [
            .waitFor("count: 0"),
            .event(.key(.char("+"))),
            .waitFor("count: 1"),
            .event(.key(.char("q"))),
        ])
        try await backend.run(CounterApp.self, initial: CounterApp.State(), options: options)
        #expect(backend.failures == [])
        // First frame: every cell but the right half of "色". After "+": "0"→"1" and
        // "none"→"key +" (5 cells).
        #expect(backend.changeCounts.first == 319)
        #expect(backend.changeCounts[1] == 6)
        #expect(backend.frames[1].split(separator: "\n")[3] == "last: key +" + String(repeating: " ", count: 29))
    }

    @Test func resizeRendersAFullFrameAtTheNewSize() async throws {
        let backend = ScriptedBackend(size: Size(width: 40, height: 8), steps: [
            .waitFor("[40x8]"),
            .resize(Size(width: 30, height: 5)),
            .waitFor("[30x5]"),
            .event(.key(.char("q"))),
        ])
        try await backend.run(CounterApp.self, initial: CounterApp.State(), options: options)
        #expect(backend.failures == [])
        #expect(backend.changeCounts[1] == 149)
        let last = try #require(backend.frames.last)
        #expect(last.split(separator: "\n").last == "+/- count  s slow  q qui[30x5]")
    }

    @Test func aSignalStopsTheLoopWithItsNumber() async throws {
        let backend = ScriptedBackend(size: Size(width: 20, height: 4), steps: [.signal(15)])
        await #expect(throws: TerminalAppError.signalled(15)) {
            try await backend.run(CounterApp.self, initial: CounterApp.State(), options: options)
        }
    }
}

@Suite struct HeadlessLoopTests {
    @Test func theLoopDrivesTheHeadlessBackend() throws {
        let backend = HeadlessBackend(size: Size(width: 40, height: 6))
        backend.type(.char("+"), .char("+"), .down, .char("+"))
        backend.resize(to: Size(width: 32, height: 4))
        backend.type(.char("q"))
        let final = try runLoop(CounterApp.self, initial: CounterApp.State(), backend: backend, options: TerminalOptions(pollMilliseconds: 0))
        #expect(final.count == 2)
        #expect(final.quit)
        #expect(backend.screen.text() == [
            "Loop demo 色" + String(repeating: " ", count: 20),
            "count: 2  pending: 0" + String(repeating: " ", count: 12),
            "finished: []" + String(repeating: " ", count: 20),
            "+/- count  s slow  q quit [32x4]",
        ].joined(separator: "\n"))
        // Events already waiting are one batch, so one frame: at the new size, every cell but
        // the right half of 色.
        #expect(backend.cellsWritten == [239, 127])
    }
}
