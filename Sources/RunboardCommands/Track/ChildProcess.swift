import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// How a wrapped command ended.
enum ChildExit: Equatable, Sendable {
    case exited(Int32)
    case signaled(Int32)

    /// The status a shell reports: the exit code, or 128 + the signal number.
    var shellStatus: Int32 {
        switch self {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
    }
}

/// Runs a command with its output passed through to ours and copied to files.
///
/// When our standard output (or error) is a terminal, the child's is a pseudo-terminal of the
/// same size, so that programs keep their colours, progress bars and line buffering; otherwise
/// it is a pipe. stdout and stderr get separate channels so they are saved apart. The pty is set
/// not to turn `\n` into `\r\n`, so the saved bytes are the bytes the program wrote.
///
/// The child runs in its own process group, which becomes the terminal's foreground group while it
/// runs (Ctrl-C and Ctrl-\ reach it and every process it started, and it can read the terminal);
/// SIGINT, SIGTERM and SIGHUP sent to us are forwarded to that group.
final class ChildProcess: Sendable {
    let arguments: [String]
    let environment: [String: String]
    let stdoutLog: String
    let stderrLog: String
    /// Called on a reader thread with each complete line of the child's stdout (without the newline).
    let onStdoutLine: (@Sendable (String) -> Void)?

    private let forwarded = Mutex<Int32?>(nil)

    init(arguments: [String], environment: [String: String], stdoutLog: String, stderrLog: String,
         onStdoutLine: (@Sendable (String) -> Void)? = nil) {
        self.arguments = arguments
        self.environment = environment
        self.stdoutLog = stdoutLog
        self.stderrLog = stderrLog
        self.onStdoutLine = onStdoutLine
    }

    /// The first signal forwarded to the child, if any.
    var forwardedSignal: Int32? { forwarded.withLock { $0 } }

    /// Starts the command and waits for it and its output, off the cooperative thread pool.
    func run() async throws -> ChildExit {
        try await withCheckedThrowingContinuation { continuation in
            Thread { [self] in
                do { continuation.resume(returning: try runBlocking()) } catch { continuation.resume(throwing: error) }
            }.start()
        }
    }

    private func runBlocking() throws -> ChildExit {
        let out = try Channel.make(terminal: isatty(STDOUT_FILENO) == 1, sizeFrom: STDOUT_FILENO)
        let err: Channel
        do { err = try Channel.make(terminal: isatty(STDERR_FILENO) == 1, sizeFrom: STDERR_FILENO) } catch {
            out.closeBoth()
            throw error
        }
        let signals = [SIGINT, SIGTERM, SIGHUP]
        // A closed output of ours must not kill us before the run is ended.
        signal(SIGPIPE, SIG_IGN)
        for sig in signals { signal(sig, SIG_IGN) }
        let pid: pid_t
        do { pid = try spawn(stdout: out.childEnd, stderr: err.childEnd, parentEnds: [out.parentEnd, err.parentEnd]) } catch {
            for sig in signals { signal(sig, SIG_DFL) }
            out.closeBoth()
            err.closeBoth()
            throw error
        }
        close(out.childEnd)
        close(err.childEnd)

        let terminal = Foreground.take(for: pid)
        let sources = signals.map { sig -> DispatchSourceSignal in
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                forwarded.withLock { first in
                    if first == nil { first = sig }
                }
                kill(-pid, sig)
            }
            source.resume()
            return source
        }

        let exited = ExitFlag()
        let pumps = [
            Pump(from: out.parentEnd, to: STDOUT_FILENO, log: stdoutLog, onLine: onStdoutLine, exited: exited),
            Pump(from: err.parentEnd, to: STDERR_FILENO, log: stderrLog, onLine: nil, exited: exited),
        ]
        let threads = pumps.map { pump in
            let thread = Thread { pump.run() }
            thread.start()
            return thread
        }
        _ = threads
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        exited.set()
        for pump in pumps { pump.finished.wait() }
        terminal.restore()
        for source in sources { source.cancel() }
        let low = status & 0x7f
        if low == 0 { return .exited((status >> 8) & 0xff) }
        return .signaled(low)
    }

    private func spawn(stdout: Int32, stderr: Int32, parentEnds: [Int32]) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdout, STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, stderr, STDERR_FILENO)
        for fd in Set([stdout, stderr] + parentEnds) where fd > STDERR_FILENO {
            posix_spawn_file_actions_addclose(&actions, fd)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGTTOU, SIGTTIN] { sigaddset(&defaults, sig) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw CLIError.usage("cannot run '\(arguments[0])': \(String(cString: strerror(result)))")
        }
        return pid
    }
}

/// A pty or a pipe: the end the child writes to, and the end we read.
private struct Channel {
    var childEnd: Int32
    var parentEnd: Int32

    static func make(terminal: Bool, sizeFrom fd: Int32) throws -> Channel {
        if terminal, let pty = pseudoTerminal(sizeFrom: fd) { return pty }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw CLIError.usage("cannot create a pipe: \(String(cString: strerror(errno)))") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        return Channel(childEnd: fds[1], parentEnd: fds[0])
    }

    /// A new pty with the window size of `fd` and no `\n` to `\r\n` translation; nil if none can be had.
    private static func pseudoTerminal(sizeFrom fd: Int32) -> Channel? {
        guard let pty = PTYFunctions.shared else { return nil }
        let master = pty.openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { return nil }
        var name = [CChar](repeating: 0, count: 128)
        guard pty.grantpt(master) == 0, pty.unlockpt(master) == 0, pty.ptsname_r(master, &name, name.count) == 0 else {
            close(master)
            return nil
        }
        let path = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let slave = open(path, O_RDWR | O_NOCTTY)
        guard slave >= 0 else {
            close(master)
            return nil
        }
        var modes = termios()
        if tcgetattr(slave, &modes) == 0 {
            modes.c_oflag &= ~tcflag_t(ONLCR)
            _ = tcsetattr(slave, TCSANOW, &modes)
        }
        var size = winsize()
        if ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 { _ = ioctl(slave, UInt(TIOCSWINSZ), &size) }
        return Channel(childEnd: slave, parentEnd: master)
    }

    func closeBoth() {
        close(childEnd)
        close(parentEnd)
    }
}

/// The C library's pty functions, which Swift's Glibc module hides behind feature macros.
private struct PTYFunctions: Sendable {
    let openpt: @convention(c) (Int32) -> Int32
    let grantpt: @convention(c) (Int32) -> Int32
    let unlockpt: @convention(c) (Int32) -> Int32
    let ptsname_r: @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    static let shared: PTYFunctions? = {
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(nil, name) }
        guard let openpt = symbol("posix_openpt"), let grantpt = symbol("grantpt"),
              let unlockpt = symbol("unlockpt"), let ptsname = symbol("ptsname_r") else { return nil }
        typealias FD = @convention(c) (Int32) -> Int32
        typealias Name = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        return PTYFunctions(openpt: unsafeBitCast(openpt, to: FD.self), grantpt: unsafeBitCast(grantpt, to: FD.self),
                            unlockpt: unsafeBitCast(unlockpt, to: FD.self), ptsname_r: unsafeBitCast(ptsname, to: Name.self))
    }()
}

/// Makes the child's process group the terminal's foreground group, and gives it back afterwards.
private struct Foreground {
    var active: Bool

    static func take(for pid: pid_t) -> Foreground {
        guard isatty(STDIN_FILENO) == 1, tcgetpgrp(STDIN_FILENO) == getpgrp() else { return Foreground(active: false) }
        return Foreground(active: tcsetpgrp(STDIN_FILENO, pid) == 0)
    }

    func restore() {
        guard active else { return }
        // We are a background group now: changing the foreground would stop us with SIGTTOU.
        let previous = signal(SIGTTOU, SIG_IGN)
        _ = tcsetpgrp(STDIN_FILENO, getpgrp())
        signal(SIGTTOU, previous)
    }
}

/// Set once the child has exited.
final class ExitFlag: Sendable {
    private let value = Atomic<Bool>(false)

    func set() { value.store(true, ordering: .releasing) }

    var isSet: Bool { value.load(ordering: .acquiring) }
}

/// Copies one output channel of the child to our terminal and a log file, line by line to a callback.
///
/// Reading stops at end of file, or once the child has exited and nothing more arrived for a
/// second (a process the child left behind may keep the channel open).
private final class Pump: Sendable {
    let source: Int32
    let destination: Int32
    let log: FileHandle?
    let onLine: (@Sendable (String) -> Void)?
    let exited: ExitFlag
    let finished = DispatchSemaphore(value: 0)

    init(from source: Int32, to destination: Int32, log path: String, onLine: (@Sendable (String) -> Void)?, exited: ExitFlag) {
        self.source = source
        self.destination = destination
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        self.log = FileHandle(forWritingAtPath: path)
        self.onLine = onLine
        self.exited = exited
    }

    /// Reads until the channel ends; runs on a thread of its own.
    func run() {
        // The bytes of a line not yet ended.
        var partial: [UInt8] = []
        defer {
            if !partial.isEmpty { onLine?(String(decoding: partial, as: UTF8.self)) }
            try? log?.close()
            close(source)
            finished.signal()
        }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var quietSinceExit = 0
        while true {
            var poller = pollfd(fd: source, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, 100)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if ready == 0 {
                if exited.isSet {
                    quietSinceExit += 1
                    if quietSinceExit >= 10 { return }
                }
                continue
            }
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            // EOF on a pipe, EIO on a pty whose other end is closed by everyone.
            if count <= 0 { return }
            let chunk = buffer[0..<count]
            writeAll(chunk)
            log?.write(Data(chunk))
            if onLine != nil { split(chunk, into: &partial) }
        }
    }

    private func writeAll(_ chunk: ArraySlice<UInt8>) {
        chunk.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = write(destination, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    // Our own output is gone (a closed pipe): keep saving the log.
                    return
                }
                offset += written
            }
        }
    }

    private func split(_ chunk: ArraySlice<UInt8>, into partial: inout [UInt8]) {
        for byte in chunk {
            // A carriage return ends a line too: progress bars redraw one line with it.
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                if !partial.isEmpty { onLine?(String(decoding: partial, as: UTF8.self)) }
                partial.removeAll(keepingCapacity: true)
            } else {
                partial.append(byte)
            }
        }
    }
}
