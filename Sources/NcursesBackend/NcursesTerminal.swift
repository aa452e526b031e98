import CNcurses
import Foundation
import TerminalCore

/// The real terminal, through ncursesw: setup, drawing changed cells, reading events, restore.
///
/// Not `Sendable`: every curses call happens on the thread that owns this object (the loop).
public final class NcursesTerminal: TerminalBackend {
    /// The colour depth in use.
    public let colorDepth: ColorDepth
    private var colors: ColorMapping
    private var pairs: PairCache
    /// What the screen shows; the next frame is drawn as a diff against it.
    private var shown = CellBuffer(size: .zero)
    private var pairsWrapped = false
    private var pending: [TerminalEvent] = []
    private var screen: OpaquePointer?
    private let signals: SignalWatcher
    private let mouse: Bool
    private var restored = false
    /// A pipe whose write end wakes a `readEvent` that waits (effects answering).
    private let wakePipe: WakePipe?

    /// Sets the terminal up: locale, raw mode without echo, keypad, colours, mouse, no cursor.
    public init(options: TerminalOptions) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw TerminalAppError.notATerminal }
        setlocale(LC_ALL, "")
        CrashGuard.saveSettings()
        wakePipe = WakePipe()
        signals = SignalWatcher()
        guard let screen = rb_newterm() else {
            signals.stop()
            throw TerminalAppError.cannotOpenTerminal(term: ProcessInfo.processInfo.environment["TERM"] ?? "")
        }
        self.screen = screen
        raw()
        noecho()
        nonl()
        keypad(rb_stdscr(), true)
        set_escdelay(Int32(options.escapeDelayMilliseconds))
        curs_set(0)
        CrashGuard.install()

        let environment = ProcessInfo.processInfo.environment
        var depth = options.colorDepth ?? ColorDepth.detect(environment: environment)
        if depth > .none, !has_colors() { depth = .none }
        if depth > .none {
            start_color()
            use_default_colors()
            if depth == .trueColor, !(rb_has_direct_rgb() != 0 && rb_colors() >= 0x1000000) { depth = .indexed256 }
            if depth == .indexed256, rb_colors() < 256 { depth = .ansi16 }
        }
        colorDepth = depth
        colors = ColorMapping(depth: depth, paletteSize: Int(depth > .none ? rb_colors() : 0))
        pairs = PairCache(capacity: depth > .none ? rb_color_pairs() - 1 : 0)

        mouse = options.mouse
        if mouse {
            mouseinterval(0)
            reportMouse(true)
        }
    }

    private func reportMouse(_ on: Bool) {
        mousemask(on ? rb_button1_pressed() | rb_button4_pressed() | rb_button5_pressed() : 0, nil)
    }

    deinit {
        restore()
        if let screen { delscreen(screen) }
        wakePipe?.close()
    }

    public var wakeUp: (@Sendable () -> Void)? {
        guard let wakePipe else { return nil }
        return { wakePipe.wake() }
    }

    /// Gives the terminal back as it was: mouse reporting off, cursor shown, cooked mode,
    /// main screen. Safe to call more than once.
    public func restore() {
        guard !restored else { return }
        restored = true
        leaveScreen()
        CrashGuard.uninstall()
        signals.stop()
    }

    /// Mouse reporting off, cursor shown, cooked mode, main screen.
    private func leaveScreen() {
        if mouse { reportMouse(false) }
        curs_set(1)
        endwin()
        fflush(nil)
    }

    public func suspend() {
        guard !restored else { return }
        leaveScreen()
        // In raw mode Ctrl-Z is only a key: stop as the terminal would have made us, with the
        // default action (SIGTSTP is otherwise watched, so that one from outside comes here too). Sent
        // to this thread (raise), unblocked here (threads inherit the mask of the pool thread that
        // made them): the stop takes effect before raise returns. Sent to the process instead, the
        // kernel may hand it to another thread and this one would draw on for a moment first.
        let previous = signal(SIGTSTP, SIG_DFL)
        var tstp = sigset_t()
        var mask = sigset_t()
        sigemptyset(&tstp)
        sigaddset(&tstp, SIGTSTP)
        pthread_sigmask(SIG_UNBLOCK, &tstp, &mask)
        raise(SIGTSTP)
        pthread_sigmask(SIG_SETMASK, &mask, nil)
        // Continued (fg): curses takes the terminal again at the next refresh; repaint all of it.
        signal(SIGTSTP, previous)
        curs_set(0)
        if mouse { reportMouse(true) }
        clearok(rb_curscr(), true)
        wnoutrefresh(rb_stdscr())
        doupdate()
    }

    public var size: Size {
        Size(width: max(0, Int(rb_cols())), height: max(0, Int(rb_lines())))
    }

    /// A termination signal received since setup, or nil.
    public var pendingSignal: Int32? { signals.receivedSignal }

    /// Whether a SIGTSTP from outside asked to suspend since the last call.
    public func takeStopRequest() -> Bool { signals.takeStopRequest() }

    /// Writes the cells of `buffer` that differ from the last frame (all of them after a resize).
    public func draw(_ buffer: CellBuffer) {
        pairsWrapped = false
        write(buffer.diff(from: shown))
        // Colour pairs were reassigned mid-frame: cells drawn before may show other colours.
        if pairsWrapped { write(buffer.diff(from: CellBuffer(size: .zero))) }
        shown = buffer
        wnoutrefresh(rb_stdscr())
        doupdate()
    }

    /// Writes `sequence` after ncurses has flushed its frame: straight to the terminal's file
    /// descriptor, in full, so it never mixes with ncurses's own output.
    public func passThrough(_ sequence: String) {
        fflush(nil)  // every output stream, ncurses's included
        var bytes = Array(sequence.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    private func write(_ changes: [(x: Int, y: Int, cell: Cell)]) {
        let current = self.size
        var characters = [wchar_t](repeating: 0, count: 6)
        // Neighbouring cells mostly share a style: its pair and attributes are looked up once.
        var lastStyle: Style?
        var lastPair: Int32 = 0
        var lastAttributes: attr_t = 0
        for change in changes where change.x < current.width && change.y < current.height {
            let cell = change.cell
            if cell.text.isEmpty { continue }  // right half of a wide character
            var count = 0
            for scalar in cell.text.unicodeScalars where count < 5 {
                // Cells hold sanitised text; anything else still must not reach the terminal.
                let value = SafeText.needsEscape(scalar) ? 0x3F : scalar.value
                characters[count] = wchar_t(bitPattern: value)
                count += 1
            }
            characters[count] = 0
            if cell.style != lastStyle || pairsWrapped {
                lastPair = pairNumber(for: cell.style)
                lastAttributes = attributes(cell.style.attributes)
                lastStyle = pairsWrapped ? nil : cell.style
            }
            rb_put_cell(Int32(change.y), Int32(change.x), characters, lastAttributes, lastPair)
        }
    }

    public func readEvent(timeoutMilliseconds: Int) -> TerminalEvent? {
        if !pending.isEmpty { return pending.removeFirst() }
        var units: [InputUnit] = []
        guard let first = readUnit(timeoutMilliseconds: timeoutMilliseconds) else { return nil }
        switch first {
        case .keyCode(CursesKeyCode.resize):
            return .resize(size)
        case .keyCode(CursesKeyCode.mouse):
            return readMouse()
        case .keyCode(let code) where KeyDecoder.key(forCode: code) == nil:
            // Keys with modifiers the terminal description names (kRIT5 ...).
            guard let name = keyname(code) else { return nil }
            return KeyDecoder.key(forExtendedName: String(cString: name)).map { .key($0) }
        case .char(27):
            // The rest of an escape sequence arrives with the ESC.
            units.append(first)
            while units.count < 32, let next = readUnit(timeoutMilliseconds: 0) { units.append(next) }
        default:
            units.append(first)
        }
        pending = KeyDecoder.decode(units)
        return pending.isEmpty ? nil : pending.removeFirst()
    }

    private func readUnit(timeoutMilliseconds: Int) -> InputUnit? {
        if timeoutMilliseconds != 0, let wakePipe {
            // Input ncurses already holds (or a resize) first; then wait for input or a wake-up.
            if let unit = readUnit(timeoutMilliseconds: 0) { return unit }
            switch wakePipe.wait(for: STDIN_FILENO, timeoutMilliseconds: timeoutMilliseconds) {
            case .woken, .timedOut: return nil
            case .ready, .interrupted: break
            }
        }
        wtimeout(rb_stdscr(), Int32(timeoutMilliseconds))
        var value: wint_t = 0
        switch rb_get_wch(&value) {
        case KEY_CODE_YES: return .keyCode(Int32(bitPattern: value))
        case OK: return .char(UInt32(value))
        default: return nil
        }
    }

    private func readMouse() -> TerminalEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let x = Int(event.x), y = Int(event.y)
        if event.bstate & rb_button4_pressed() != 0 { return .mouse(.scrollUp(x: x, y: y)) }
        if event.bstate & rb_button5_pressed() != 0 { return .mouse(.scrollDown(x: x, y: y)) }
        if event.bstate & (rb_button1_pressed() | rb_button1_clicked()) != 0 { return .mouse(.click(x: x, y: y)) }
        return nil
    }

    private func pairNumber(for style: Style) -> Int32 {
        guard colorDepth > .none else { return 0 }
        let fg = colors.number(for: style.fg), bg = colors.number(for: style.bg)
        let result = pairs.pair(fg: fg, bg: bg)
        if result.wrapped { pairsWrapped = true }
        if result.isNew { init_extended_pair(result.pair, fg, bg) }
        return result.pair
    }

    private func attributes(_ attributes: TextAttributes) -> attr_t {
        var result: attr_t = 0
        if attributes.contains(.bold) { result |= rb_a_bold() }
        if attributes.contains(.dim) { result |= rb_a_dim() }
        if attributes.contains(.italic) { result |= rb_a_italic() }
        if attributes.contains(.underline) { result |= rb_a_underline() }
        if attributes.contains(.reverse) { result |= rb_a_reverse() }
        return result
    }
}
