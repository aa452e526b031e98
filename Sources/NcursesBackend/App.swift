import TerminalCore

/// An application the terminal loop can drive: a pure reducer, a pure renderer and effects.
///
/// The loop owns the state. `reduce` and `render` run on the loop thread and must not block;
/// anything slow is an `Effect`, run as a task that never sees the state and reports back
/// through `send`.
public protocol App: SendableMetatype {
    associatedtype State
    associatedtype Action: Sendable
    associatedtype Effect: Sendable

    /// Applies one action; returns the effects to start.
    static func reduce(_ state: inout State, _ action: Action) -> [Effect]
    /// Draws the whole screen for `state`; the buffer arrives blank at the terminal's size.
    static func render(_ state: State, into buffer: inout CellBuffer)
    /// The action for an input event, or nil to ignore it.
    static func action(for event: TerminalEvent, in state: State) -> Action?
    /// Whether the loop should stop after the current batch.
    static func isQuit(_ state: State) -> Bool
    /// Runs an effect off the loop; results come back through `send`.
    static func run(_ effect: Effect, send: @escaping @Sendable (Action) -> Void) async
    /// An action to apply on each tick (spinners, expiring messages), or nil when nothing animates.
    static func tick(_ state: State) -> Action?
    /// An action applied before the first frame (to start loading at once), or nil.
    static func initialAction(_ state: State) -> Action?
    /// Called after each frame reached the terminal, with the state it shows (for measurements).
    static func frameDrawn(_ state: State)
    /// Non-nil when the state asks to suspend (Ctrl-Z): the loop gives the terminal back, stops the
    /// process until it is continued, then applies this action, which must clear the request.
    static func suspendRequest(_ state: State) -> Action?
    /// A control sequence the backend writes after the next frame instead of running `effect`
    /// (OSC 52 for a copy), or nil for an effect `run` performs.
    static func terminalOutput(for effect: Effect) -> String?
}

extension App {
    public static func tick(_ state: State) -> Action? { nil }
    public static func initialAction(_ state: State) -> Action? { nil }
    public static func frameDrawn(_ state: State) {}
    public static func suspendRequest(_ state: State) -> Action? { nil }
    public static func terminalOutput(for effect: Effect) -> String? { nil }
}
