import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Notes SIGINT, SIGTERM and SIGHUP (and SIGTSTP) without acting on them, so the loop can
/// restore the terminal and stop (or suspend) in its own time.
///
/// The signals are ignored at the process level and observed through dispatch sources, which
/// run their handlers on a queue, not in signal context; the handler only stores the number.
final class SignalWatcher {
    /// The signals that stop the loop.
    static let watched: [Int32] = [SIGINT, SIGTERM, SIGHUP]
    /// Every signal observed: those, and SIGTSTP, which suspends.
    static let observed = watched + [SIGTSTP]

    /// The first terminating signal received (0 until then), and whether a SIGTSTP waits to be
    /// acted on; written from the dispatch queue.
    private final class Received: Sendable {
        let value = Atomic<Int32>(0)
        let stopRequested = Atomic<Bool>(false)
    }

    private let received = Received()
    private let sources: [any DispatchSourceSignal]

    init() {
        let queue = DispatchQueue(label: "runboard.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in Self.observed {
            signal(number, SIG_IGN)
            sources.append(DispatchSource.makeSignalSource(signal: number, queue: queue))
        }
        self.sources = sources
        for (number, source) in zip(Self.observed, sources) {
            source.setEventHandler { [received] in
                if number == SIGTSTP {
                    received.stopRequested.store(true, ordering: .relaxed)
                } else {
                    _ = received.value.compareExchange(expected: 0, desired: number, ordering: .relaxed)
                }
            }
            source.resume()
        }
    }

    /// The first signal received, or nil.
    var receivedSignal: Int32? {
        let value = received.value.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Whether a SIGTSTP (`kill -TSTP`, a job-control stop from outside) came since the last call.
    func takeStopRequest() -> Bool {
        received.stopRequested.exchange(false, ordering: .relaxed)
    }

    /// Stops watching and gives the signals back their default actions.
    func stop() {
        for source in sources { source.cancel() }
        for number in Self.observed { signal(number, SIG_DFL) }
    }
}
