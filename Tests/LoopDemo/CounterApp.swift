import NcursesBackend
import TerminalCore

/// A counter with a slow effect: the smallest app that shows the loop keeps handling keys
/// while an effect is pending. A test fixture for the loop and the end-to-end harness.
enum CounterApp: App {
    struct State: Sendable {
        var count = 0
        var pending = 0
        var finished: [Int] = []
        var lastEvent = "none"
        var spinner = 0
        var slowMilliseconds = 1500
        var nextRequest = 1
        var quit = false
        var suspendRequested = false
    }

    enum Action: Sendable {
        case input(TerminalEvent)
        case slowFinished(request: Int)
        case tick
        case resumed
    }

    enum Effect: Sendable, Equatable {
        case slow(request: Int, milliseconds: Int)
    }

    static let spinnerFrames = ["|", "/", "-", "\\"]

    static func reduce(_ state: inout State, _ action: Action) -> [Effect] {
        switch action {
        case .tick:
            state.spinner = (state.spinner + 1) % spinnerFrames.count
            return []
        case .resumed:
            state.suspendRequested = false
            state.lastEvent = "resumed"
            return []
        case .slowFinished(let request):
            state.pending -= 1
            state.finished.append(request)
            return []
        case .input(let event):
            state.lastEvent = describe(event)
            guard case .key(let key) = event else { return [] }
            switch key {
            case .char("q"), .ctrl("c"): state.quit = true
            case .ctrl("z"): state.suspendRequested = true
            case .char("+"), .up: state.count += 1
            case .char("-"), .down: state.count -= 1
            case .char("!"):
                // A crash inside the loop, for the test that the terminal is given back anyway.
                fatalError("loop demo crashed on purpose")
            case .char("s"):
                state.pending += 1
                defer { state.nextRequest += 1 }
                return [.slow(request: state.nextRequest, milliseconds: state.slowMilliseconds)]
            default: break
            }
            return []
        }
    }

    static func render(_ state: State, into buffer: inout CellBuffer) {
        let width = buffer.size.width, height = buffer.size.height
        let title = Style(fg: .rgb(255, 200, 0), attributes: .bold)
        buffer.put("Loop demo 色", x: 0, y: 0, maxWidth: width, style: title)
        let spinner = state.pending > 0 ? " " + spinnerFrames[state.spinner] : ""
        buffer.put("count: \(state.count)  pending: \(state.pending)\(spinner)", x: 0, y: 1, maxWidth: width, style: .plain)
        let done = state.finished.map(String.init).joined(separator: ",")
        buffer.put("finished: [\(done)]", x: 0, y: 2, maxWidth: width, style: Style(fg: .green))
        buffer.put("last: \(state.lastEvent)", x: 0, y: 3, maxWidth: width, style: Style(fg: .indexed(75)))
        guard height > 1 else { return }
        let footer = Style(fg: .black, bg: .cyan)
        buffer.fill(Rect(x: 0, y: height - 1, width: width, height: 1), style: footer)
        buffer.put("+/- count  s slow  q quit", x: 0, y: height - 1, maxWidth: width, style: footer)
        let corner = "[\(width)x\(height)]"
        let cornerWidth = corner.count
        if width > cornerWidth { buffer.put(corner, x: width - cornerWidth, y: height - 1, maxWidth: cornerWidth, style: footer) }
    }

    static func action(for event: TerminalEvent, in state: State) -> Action? { .input(event) }

    static func isQuit(_ state: State) -> Bool { state.quit }

    static func suspendRequest(_ state: State) -> Action? { state.suspendRequested ? .resumed : nil }

    static func run(_ effect: Effect, send: @escaping @Sendable (Action) -> Void) async {
        switch effect {
        case .slow(let request, let milliseconds):
            try? await Task.sleep(for: .milliseconds(milliseconds))
            send(.slowFinished(request: request))
        }
    }

    static func tick(_ state: State) -> Action? { state.pending > 0 ? .tick : nil }

    /// The event as the screen shows it: `key Shift-Tab`, `click 3,4`, `resize 100x30`.
    static func describe(_ event: TerminalEvent) -> String {
        switch event {
        case .key(let key): return "key \(key)"
        case .mouse(.click(let x, let y)): return "click \(x),\(y)"
        case .mouse(.scrollUp(let x, let y)): return "wheel up \(x),\(y)"
        case .mouse(.scrollDown(let x, let y)): return "wheel down \(x),\(y)"
        case .resize(let size): return "resize \(size.width)x\(size.height)"
        }
    }
}
