import TerminalCore

/// How the terminal is set up and how often the loop wakes.
public struct TerminalOptions: Sendable, Hashable {
    /// Mouse clicks and wheel events are reported.
    public var mouse: Bool
    /// Colour depth to use; nil detects it from the terminal (and `NO_COLOR`).
    public var colorDepth: ColorDepth?
    /// Longest wait for input before queued effect results are drawn, in milliseconds.
    public var pollMilliseconds: Int
    /// Interval between `App.tick` calls, in milliseconds.
    public var tickMilliseconds: Int
    /// How long a lone ESC waits for the rest of an escape sequence, in milliseconds.
    public var escapeDelayMilliseconds: Int

    public init(
        mouse: Bool = true, colorDepth: ColorDepth? = nil, pollMilliseconds: Int = 30,
        tickMilliseconds: Int = 100, escapeDelayMilliseconds: Int = 25
    ) {
        self.mouse = mouse
        self.colorDepth = colorDepth
        self.pollMilliseconds = pollMilliseconds
        self.tickMilliseconds = tickMilliseconds
        self.escapeDelayMilliseconds = escapeDelayMilliseconds
    }
}

/// Why the terminal loop stopped early.
public enum TerminalAppError: Error, Sendable, Equatable {
    /// stdin or stdout is not a terminal.
    case notATerminal
    /// ncurses could not open the terminal (unknown `TERM`, for one).
    case cannotOpenTerminal(term: String)
    /// A SIGINT, SIGTERM or SIGHUP arrived; the terminal has been restored.
    case signalled(Int32)
}

extension TerminalAppError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .notATerminal: return "standard input and output must be a terminal"
        case .cannotOpenTerminal(let term): return "cannot open the terminal (TERM=\(term.isEmpty ? "unset" : term))"
        case .signalled(let number): return "stopped by signal \(number)"
        }
    }
}
