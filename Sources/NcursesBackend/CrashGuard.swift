import CNcurses
#if canImport(Glibc)
import Glibc
#endif

/// Gives the terminal back when the program dies of a fatal signal inside the loop (a Swift runtime
/// trap is SIGILL or SIGTRAP; also SIGSEGV, SIGBUS, SIGFPE, SIGABRT), which would otherwise leave
/// the shell in raw mode on the alternate screen with the mouse reporting.
///
/// The handler does only async-signal-safe work on data prepared beforehand: it writes the
/// terminal's own "leave" sequences (read from terminfo at install), puts back the terminal settings
/// saved before curses changed them, restores the signal's earlier action (the Swift runtime's crash
/// report, or the default) and raises the signal again, so the crash proceeds as it would have.
enum CrashGuard {
    static let signals: [Int32] = [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT]

    /// Everything the handler reads, allocated once and never freed while installed.
    struct Saved {
        var settings = termios()
        var haveSettings = false
        var sequence: UnsafeMutablePointer<UInt8>?
        var sequenceLength = 0
        /// The earlier action of each signal, indexed by its number.
        var previous: UnsafeMutablePointer<sigaction> = {
            let pointer = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
            pointer.initialize(repeating: sigaction(), count: 65)
            return pointer
        }()
        var installed = false
    }

    nonisolated(unsafe) static let saved: UnsafeMutablePointer<Saved> = {
        let pointer = UnsafeMutablePointer<Saved>.allocate(capacity: 1)
        pointer.initialize(to: Saved())
        return pointer
    }()

    /// Saves the terminal settings as they are now; call before curses changes them.
    static func saveSettings() {
        saved.pointee.haveSettings = tcgetattr(STDIN_FILENO, &saved.pointee.settings) == 0
    }

    /// Installs the handlers; call once curses is set up (its terminfo gives the sequences).
    static func install() {
        guard !saved.pointee.installed else { return }
        // Mouse reporting off, keypad off, cursor shown, attributes reset, main screen.
        var text = "\u{1b}[?1000l\u{1b}[?1002l\u{1b}[?1003l\u{1b}[?1006l"
        for capability in ["rmkx", "cnorm", "sgr0", "rmcup"] {
            text += terminfoString(capability) ?? fallback(capability)
        }
        text += "\r\n"
        let bytes = Array(text.utf8)
        let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
        buffer.initialize(from: bytes, count: bytes.count)
        saved.pointee.sequence = buffer
        saved.pointee.sequenceLength = bytes.count
        for number in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags = 0
            sigaction(number, &action, saved.pointee.previous + Int(number))
        }
        saved.pointee.installed = true
    }

    /// Puts the earlier handlers back (the terminal was restored the normal way).
    static func uninstall() {
        guard saved.pointee.installed else { return }
        for number in signals {
            sigaction(number, saved.pointee.previous + Int(number), nil)
        }
        saved.pointee.installed = false
    }

    /// What the handler does, callable directly for tests: writes the sequences, restores the settings.
    static func restoreTerminal() {
        let state = saved
        if let sequence = state.pointee.sequence {
            var written = 0
            while written < state.pointee.sequenceLength {
                let count = write(STDOUT_FILENO, sequence + written, state.pointee.sequenceLength - written)
                if count <= 0 { break }
                written += count
            }
        }
        if state.pointee.haveSettings { tcsetattr(STDIN_FILENO, TCSANOW, &state.pointee.settings) }
    }

    private static func terminfoString(_ name: String) -> String? {
        guard let value = tigetstr(name), Int(bitPattern: value) != -1 else { return nil }
        return String(cString: value)
    }

    private static func fallback(_ capability: String) -> String {
        switch capability {
        case "rmkx": "\u{1b}[?1l\u{1b}>"
        case "cnorm": "\u{1b}[?25h"
        case "sgr0": "\u{1b}[0m"
        default: "\u{1b}[?1049l"
        }
    }
}

private func crashHandler(_ number: Int32) {
    CrashGuard.restoreTerminal()
    sigaction(number, CrashGuard.saved.pointee.previous + Int(number), nil)
    raise(number)
}
