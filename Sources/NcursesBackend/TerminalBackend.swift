import TerminalCore

/// What the loop needs from a terminal: its size, drawing changed cells, reading events.
///
/// Implementations are not `Sendable`: the loop owns one and calls it from its thread only.
public protocol TerminalBackend: AnyObject {
    /// The current size in cells.
    var size: Size { get }
    /// Writes the changed cells of a frame of `size` and shows the result.
    func draw(_ changes: [(x: Int, y: Int, cell: Cell)], size: Size)
    /// Waits up to `timeoutMilliseconds` for an event; nil when none came.
    func readEvent(timeoutMilliseconds: Int) -> TerminalEvent?
    /// A termination signal received since setup, or nil.
    var pendingSignal: Int32? { get }
    /// Whether the next frame must be drawn in full (after a resize, or when colour pairs were
    /// reassigned); asking clears it.
    func takeNeedsFullRedraw() -> Bool
}
