/// A terminal the loop draws frames to and reads events from; owned by one thread, so not `Sendable`.
public protocol TerminalBackend: AnyObject {
    /// The terminal's size in cells now.
    var size: Size { get }
    /// Shows `buffer`, writing only the cells that changed since the last frame.
    func draw(_ buffer: CellBuffer)
    /// The next key, mouse or resize event, or nil when none came within `timeoutMilliseconds`
    /// (negative waits for ever).
    func readEvent(timeoutMilliseconds: Int) -> TerminalEvent?
    /// Makes a `readEvent` that waits return nil at once; callable from any thread. The loop calls
    /// it when an effect posts an action, so answers are drawn without waiting for the poll timeout.
    /// Nil when the backend cannot be woken (then answers wait at most one poll interval).
    var wakeUp: (@Sendable () -> Void)? { get }
    /// Gives the terminal back to the shell and stops the process, as Ctrl-Z does to a program
    /// in cooked mode; returns once the process is continued (`fg`), with the terminal set up
    /// again and the next frame drawn in full. A backend without a process to stop returns at once.
    func suspend()
    /// Writes a terminal control sequence of the app's own (OSC 52 to set the clipboard) right after
    /// a frame, on the loop's thread, so it never lands in the middle of one. The text is the app's
    /// responsibility: it must be one well-formed sequence.
    func passThrough(_ sequence: String)
}

extension TerminalBackend {
    public var wakeUp: (@Sendable () -> Void)? { nil }
    public func suspend() {}
    public func passThrough(_ sequence: String) {}
}
