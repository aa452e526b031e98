import Foundation
import MLflowCore

/// An `mlflow server` of a test's own (for what the shared test server must not suffer: being
/// killed and started again). `Process` starts it in a process group of its own, so `kill` takes
/// its workers and job runners too.
public final class LocalMLflowServer: @unchecked Sendable {
    public let url: String
    public let port: Int
    private let backend: String
    private let artifacts: String
    private let log: String
    private var process: Process?
    private var ended: DispatchSemaphore?

    /// A server on `backend` (e.g. `sqlite:///path/mlflow.db`) serving artifacts from `artifacts`,
    /// on a free loopback port; call `start()`.
    public init(backend: String, artifacts: String, log: String) throws {
        self.backend = backend
        self.artifacts = artifacts
        self.log = log
        port = try freeLoopbackPort()
        url = "http://127.0.0.1:\(port)"
    }

    /// Starts it (again, on the same port and store) and waits until `/health` answers.
    public func start(python: String, timeout: TimeInterval = 120) async throws {
        let mlflow = (python as NSString).deletingLastPathComponent + "/mlflow"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: mlflow)
        process.arguments = [
            "server", "--backend-store-uri", backend, "--artifacts-destination", artifacts, "--serve-artifacts",
            "--host", "127.0.0.1", "--port", String(port), "--workers", "1",
        ]
        var env = ProcessInfo.processInfo.environment
        env["MLFLOW_DISABLE_TELEMETRY"] = "true"
        process.environment = env
        if !FileManager.default.fileExists(atPath: log) { _ = FileManager.default.createFile(atPath: log, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        try process.run()
        self.process = process
        self.ended = ended
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else {
                throw FixtureError.missing("mlflow server exited during start-up; see \(log)")
            }
            if await answersHealth(python: python) { return }
            try await Task.sleep(for: .milliseconds(300))
        }
        kill()
        throw FixtureError.missing("mlflow server did not answer \(url)/health within \(Int(timeout)) s; see \(log)")
    }

    /// Kills the whole server at once (SIGKILL to its process group), as a crash or a lost machine would.
    public func kill() {
        guard let process, let ended else { return }
        self.process = nil
        self.ended = nil
        Foundation.kill(-process.processIdentifier, SIGKILL)
        _ = ended.wait(timeout: .now() + 10)
    }

    private func answersHealth(python: String) async -> Bool {
        let check = "import sys, urllib.request\nwith urllib.request.urlopen(sys.argv[1], timeout=2) as r:\n    sys.exit(0 if r.read().strip() == b'OK' else 1)"
        return (try? await ChildProgram.run(python, ["-c", check, url + "/health"]).status) == 0
    }

    deinit { kill() }
}

/// A TCP port on 127.0.0.1 that nothing listens on (the kernel's pick; free when this returns).
public func freeLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw FixtureError.missing("no socket for a free port") }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
    }
    guard bound else { throw FixtureError.missing("could not bind a free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
