import TerminalCore

/// A terminal in memory: replays scripted events and records every frame drawn.
///
/// Each frame is applied to `screen` through `CellBuffer.diff`, the way a real backend writes
/// only changed cells, so a test can check the diff leaves the same picture as a full redraw.
public final class HeadlessBackend: TerminalBackend {
    public private(set) var size: Size
    /// Every buffer drawn, oldest first.
    public private(set) var frames: [CellBuffer] = []
    /// How many cells each frame's diff wrote.
    public private(set) var cellsWritten: [Int] = []
    /// What the terminal shows after applying the diffs.
    public private(set) var screen: CellBuffer
    /// Events still to be read, first one next.
    public var pendingEvents: [TerminalEvent]
    /// Control sequences passed through, each after the frame count it followed.
    public private(set) var passedThrough: [(afterFrame: Int, sequence: String)] = []

    public init(size: Size, events: [TerminalEvent] = []) {
        self.size = size
        self.screen = CellBuffer(size: size)
        self.pendingEvents = events
    }

    public func draw(_ buffer: CellBuffer) {
        let previous = frames.last ?? CellBuffer(size: .zero)
        let changes = buffer.diff(from: previous)
        if screen.size != buffer.size { screen = CellBuffer(size: buffer.size) }
        for change in changes { Self.write(change.cell, x: change.x, y: change.y, into: &screen) }
        frames.append(buffer)
        cellsWritten.append(changes.count)
    }

    /// Records `sequence` with the number of frames drawn before it.
    public func passThrough(_ sequence: String) {
        passedThrough.append((frames.count, sequence))
    }

    /// Pops the next scripted event; a resize also changes `size`. Never waits.
    public func readEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        guard !pendingEvents.isEmpty else { return nil }
        let event = pendingEvents.removeFirst()
        if case .resize(let newSize) = event { size = newSize }
        return event
    }

    /// Queues a resize to `newSize`, as SIGWINCH would.
    public func resize(to newSize: Size) {
        pendingEvents.append(.resize(newSize))
    }

    /// Queues key presses.
    public func type(_ keys: Key...) {
        pendingEvents.append(contentsOf: keys.map { .key($0) })
    }

    /// The last frame's text, or "" before the first frame.
    public var lastFrameText: String { frames.last?.text() ?? "" }

    /// Writes one cell as a terminal would: a wide character covers the next column, and
    /// overwriting half of a wide character erases its other half.
    static func write(_ cell: Cell, x: Int, y: Int, into screen: inout CellBuffer) {
        let width = max(1, DisplayWidth.of(cell.text))
        if screen[x, y].isContinuation, x > 0 { screen[x - 1, y] = Cell(" ", style: screen[x - 1, y].style) }
        if screen[x + width, y].isContinuation, x + width < screen.size.width {
            screen[x + width, y] = Cell(" ", style: screen[x + width, y].style)
        }
        screen[x, y] = cell
        if width == 2 { screen[x + 1, y] = Cell("", style: cell.style) }
    }
}
