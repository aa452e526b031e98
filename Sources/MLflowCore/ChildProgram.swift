import Foundation

/// Runs a program to completion and keeps what it wrote: the one way Runboard (git for a tracked
/// run's source tags, MLflow's Python to create a database) and its tests start a program and wait
/// for it. (`runboard track`'s wrapped command is another matter: its output is passed through live.)
///
/// The output goes to temporary files, not pipes, so a program that writes a lot to one stream while
/// nobody reads the other never stalls; the wait blocks a thread of its own, never one of the few
/// threads Swift's concurrency runs every task on.
public enum ChildProgram {
    /// How the program ended and what it wrote.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data

        public init(status: Int32, stdout: Data, stderr: Data) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }

        public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// Runs `executable` with `arguments`; `environment` is added to (and overrides) this process's,
    /// `removing` names are taken out; `cwd` is its working folder. Throws when it cannot start.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
        cwd: String? = nil
    ) async throws -> Result {
        try await onOwnThread {
            try runBlocking(executable, arguments, environment: environment, removing: removing, cwd: cwd)
        }
    }

    /// `run`, blocking the calling thread.
    public static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], removing: [String] = [],
        cwd: String? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for name in removing { env.removeValue(forKey: name) }
        env.merge(environment) { _, new in new }
        process.environment = env
        if let cwd { process.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let files = FileManager.default
        let folder = files.temporaryDirectory.appendingPathComponent("runboard-child-\(UUID().uuidString)")
        do {
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw MLflowError.storage("cannot create a temporary folder in \(files.temporaryDirectory.path): \(error.localizedDescription)")
        }
        defer { try? files.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("stdout")
        let errPath = folder.appendingPathComponent("stderr")
        guard files.createFile(atPath: outPath.path, contents: nil), files.createFile(atPath: errPath.path, contents: nil),
              let out = try? FileHandle(forWritingTo: outPath), let err = try? FileHandle(forWritingTo: errPath) else {
            throw MLflowError.storage("cannot create a temporary file in \(folder.path)")
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // `Process.waitUntilExit` spins the thread's run loop: a busy wait on a thread without one.
        let ended = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in ended.signal() }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            try? out.close()
            try? err.close()
            throw MLflowError.storage("cannot run \(executable): \(error.localizedDescription)")
        }
        ended.wait()
        try? out.close()
        try? err.close()
        return Result(
            status: process.terminationStatus, stdout: (try? Data(contentsOf: outPath)) ?? Data(),
            stderr: (try? Data(contentsOf: errPath)) ?? Data())
    }
}
