import NcursesBackend
import TerminalCore
import TerminalTestSupport
import Testing

/// An app whose `c` key asks for a control sequence (as a copy asks for OSC 52) and whose `q` quits.
private enum CopyApp: App {
    struct State: Sendable { var copies = 0; var quit = false }
    enum Action: Sendable { case copy, quit }
    enum Effect: Sendable { case clipboard(String), other }

    static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .copy:
            state.copies += 1
            return [.clipboard("id-\(state.copies)"), .other]
        case .quit:
            state.quit = true
            return []
        }
    }

    static func render(_ state: State, into buffer: inout CellBuffer) {
        buffer.put("copies: \(state.copies)", x: 0, y: 0, maxWidth: buffer.size.width, style: Style())
    }

    static func action(for event: TerminalEvent, in state: State) -> Action? {
        switch event {
        case .key(.char("c")): .copy
        case .key(.char("q")): .quit
        default: nil
        }
    }

    static func isQuit(_ state: State) -> Bool { state.quit }
    static func run(_ effect: Effect, send: @escaping @Sendable (Action) -> Void) async {}

    static func terminalOutput(for effect: Effect) -> String? {
        if case .clipboard(let text) = effect { return "\u{1b}]52;c;\(text)\u{07}" }
        return nil
    }
}

@Suite struct PassThroughTests {
    /// The sequence is written by the loop right after the frame that follows the key, never from
    /// an effect's task while a frame is being drawn.
    @Test func controlSequencesAreWrittenBetweenFrames() throws {
        let backend = HeadlessBackend(size: Size(width: 20, height: 2), events: [.key(.char("c")), .key(.char("c")), .key(.char("q"))])
        let final = try runLoop(CopyApp.self, initial: CopyApp.State(), backend: backend,
                                options: TerminalOptions(pollMilliseconds: 1, tickMilliseconds: 1_000))
        #expect(final.copies == 2)
        #expect(backend.passedThrough.map(\.sequence) == ["\u{1b}]52;c;id-1\u{07}", "\u{1b}]52;c;id-2\u{07}"])
        // Both after the frame that shows the second copy (the keys came in one burst).
        #expect(backend.passedThrough.allSatisfy { $0.afterFrame >= 2 })
        #expect(backend.frames.last?.text().contains("copies: 2") == true)
    }
}
