import Foundation

/// Where the generated fixture stores and the live test server are.
///
/// `scripts/test` generates the same data set with real MLflow three times — on a live server,
/// in a `mlflow.db`, in a `./mlruns` tree — and exports `RUNBOARD_FIXTURES` (the folder) and
/// `RUNBOARD_TEST_SERVER` (the server's URL). Without them, tests that need the data are skipped,
/// except under `CI=true`, where a missing fixture is a failure.
public enum Fixtures {
    /// The repository's root folder.
    public static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The folder with `sqlite/mlflow.db`, `filestore/mlruns` and `manifest.json`.
    public static var directory: String {
        ProcessInfo.processInfo.environment["RUNBOARD_FIXTURES"]
            ?? repositoryRoot + "/.test-work/fixtures"
    }

    /// The SQLite store the generator wrote.
    public static var sqlitePath: String { directory + "/sqlite/mlflow.db" }

    /// The file store the generator wrote.
    public static var fileStorePath: String { directory + "/filestore/mlruns" }

    /// The live MLflow server holding the same data, if one is running.
    public static var serverURL: String? {
        if let url = ProcessInfo.processInfo.environment["RUNBOARD_TEST_SERVER"], !url.isEmpty { return url }
        return nil
    }

    /// Whether the tests run in CI, where missing fixtures fail rather than skip.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// Whether the generated local stores exist (true under CI, so that their absence fails loudly).
    public static var haveLocalStores: Bool {
        isCI || (FileManager.default.fileExists(atPath: sqlitePath) && FileManager.default.fileExists(atPath: fileStorePath))
    }

    /// Whether a live server is configured (true under CI, so that its absence fails loudly).
    public static var haveServer: Bool { isCI || serverURL != nil }

    /// The manifest the generator wrote: what the data set holds, for exact assertions.
    public static func manifest() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError.missing("manifest.json is not an object")
        }
        return object
    }

    /// A scratch folder for one test, removed and made anew.
    public static func scratch(_ name: String) throws -> String {
        let path = repositoryRoot + "/.test-work/scratch/" + name
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

public enum FixtureError: Error, CustomStringConvertible {
    case missing(String)

    public var description: String {
        switch self {
        case .missing(let what): return "fixture missing: \(what) (run scripts/test, or set RUNBOARD_FIXTURES)"
        }
    }
}

/// Runs blocking work (a child process, a pipe read to the end) on a thread of its own, so that
/// it never holds one of the few threads Swift's concurrency runs every test's tasks on.
public func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do {
                continuation.resume(returning: try body())
            } catch {
                continuation.resume(throwing: error)
            }
        }
        thread.start()
    }
}
