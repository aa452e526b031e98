import Foundation
import MLflowCore

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
        try parsedManifest.get()
    }

    /// The manifest is read and parsed once (it lists every artifact byte: some 400 KB); tests ask
    /// for ids hundreds of times. Never changed after it is made.
    nonisolated(unsafe) private static let parsedManifest: Result<[String: Any], any Error> = Result {
        let data = try Data(contentsOf: URL(fileURLWithPath: directory + "/manifest.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw FixtureError.missing("manifest.json is not an object")
        }
        return object
    }

    /// The id a store (`server`, `sqlite` or `filestore`) gave the fixture run named `name`.
    public static func runId(_ name: String, in store: String) throws -> String {
        guard let stores = try manifest()["stores"] as? [String: [String: Any]],
              let id = (stores[store]?["runs"] as? [String: String])?[name]
        else { throw FixtureError.missing("run \(name) in the \(store) fixture store") }
        return id
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

/// What the fixture manifest says about metric summaries and samples.
public enum FixtureSummaries {
    /// The exact summary the generator computed for `key` of run `run` (a run name).
    public static func expected(run: String, key: String) throws -> MetricSummary {
        let manifest = try Fixtures.manifest()
        guard let data = manifest["data"] as? [String: Any], let runs = data["runs"] as? [String: Any],
              let runInfo = runs[run] as? [String: Any], let metrics = runInfo["metrics"] as? [String: Any],
              let metric = metrics[key] as? [String: Any], let summary = metric["summary"] as? [String: Any] else {
            throw FixtureError.missing("manifest summary of \(run)/\(key) (regenerate the fixtures)")
        }
        func int(_ name: String) throws -> Int {
            guard let value = summary[name] as? Int else { throw FixtureError.missing("summary field \(name) of \(run)/\(key)") }
            return value
        }
        func extreme(_ name: String) throws -> MetricExtreme? {
            guard let object = summary[name] as? [String: Any] else { return nil }
            guard let step = object["step"] as? Int, let timestamp = object["timestamp"] as? Int,
                  let value = (object["value"] as? NSNumber)?.doubleValue else {
                throw FixtureError.missing("summary field \(name) of \(run)/\(key)")
            }
            return MetricExtreme(value: value, step: Int64(step), timestamp: Int64(timestamp))
        }
        return MetricSummary(
            count: try int("count"), min: try extreme("min"), max: try extreme("max"), nanCount: try int("nan_count"),
            positiveInfinityCount: try int("positive_infinity_count"), negativeInfinityCount: try int("negative_infinity_count"))
    }

    /// The lowest and highest finite values of a sample (nil when none is finite).
    public static func range(of sample: [Metric]) -> (min: Double, max: Double)? {
        let finite = sample.map(\.value).filter { MetricSummary.kind(of: $0) == .finite }
        guard let low = finite.min(), let high = finite.max() else { return nil }
        return (low, high)
    }

    /// Counts progress reports, from any thread.
    public final class ProgressLog: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int] = []

        public init() {}

        public var report: @Sendable (Int) -> Void { { [self] value in lock.withLock { values.append(value) } } }

        public var reports: [Int] { lock.withLock { values } }
    }
}

/// SHA-256 of a file, by `sha256sum` (coreutils), as the manifest records it.
public enum SHA256File {
    public static func hex(_ path: String) throws -> String {
        try ChildProgram.runBlocking("/usr/bin/sha256sum", [path]).stdoutText.split(separator: " ").first.map(String.init) ?? ""
    }
}

/// The files a test wrote or downloaded.
public enum LocalFiles {
    /// Every regular file under `folder`, relative to it, hidden ones (temporary names) included, sorted.
    public static func under(_ folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var found: [String] = []
        for case let path as String in walker {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                found.append(path)
            }
        }
        return found.sorted()
    }

    /// Bytes of every regular file under `folder`.
    public static func bytes(under folder: String) -> Int {
        under(folder).reduce(0) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: folder + "/" + path)[.size] as? Int) ?? 0)
        }
    }
}
