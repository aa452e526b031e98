import Foundation

/// A self-pipe: `wake` (any thread) makes `wait` (the loop's thread) return at once.
final class WakePipe: Sendable {
    private let readEnd: Int32
    private let writeEnd: Int32

    enum Outcome { case ready, woken, timedOut, interrupted }

    /// Nil when no pipe can be made; the loop then relies on its poll timeout.
    init?() {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return nil }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    /// Posts a wake-up; a full pipe already holds one, so the failed write is harmless.
    func wake() {
        var byte: UInt8 = 1
        _ = Glibc.write(writeEnd, &byte, 1)
    }

    /// Waits until `fd` is readable, `wake` was called, the timeout passed (negative: no timeout) or a
    /// signal arrived. Pending wake-ups are drained.
    func wait(for fd: Int32, timeoutMilliseconds: Int) -> Outcome {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
        let count = poll(&fds, 2, Int32(clamping: timeoutMilliseconds))
        if count < 0 { return .interrupted }
        if count == 0 { return .timedOut }
        if fds[0].revents != 0 { return .ready }
        var sink = [UInt8](repeating: 0, count: 64)
        while Glibc.read(readEnd, &sink, sink.count) > 0 {}
        return .woken
    }

    func close() {
        _ = Glibc.close(readEnd)
        _ = Glibc.close(writeEnd)
    }
}
