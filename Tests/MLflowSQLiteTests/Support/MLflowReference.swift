import Foundation
import MLflowCore
import TestFixtures

/// What MLflow itself answers on a database: the reference every store result is compared with.
///
/// Runs `ReferenceScript` with MLflow's Python (`MLflowPython`), one process for a batch of queries.
enum MLflowReference {

    /// One answer: MLflow's value as JSON, or the error it raised.
    struct Answer: @unchecked Sendable {
        let value: Any?
        let error: String?

        /// The value decoded as `T` (MLflowCore's entities are Codable in this shape).
        func decode<T: Decodable>(_ type: T.Type = T.self) throws -> T {
            guard let value else { throw ReferenceError.failed("MLflow raised: \(error ?? "?")") }
            let data = try JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed])
            let decoder = JSONDecoder()
            decoder.nonConformingFloatDecodingStrategy = .convertFromString(
                positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
            return try decoder.decode(T.self, from: data)
        }
    }

    /// MLflow's answers to `queries` on the database at `db`, in order.
    static func answers(db: String, _ queries: [[String: Any]]) async throws -> [Answer] {
        let python = try MLflowPython.path()
        let folder = try Fixtures.scratch("reference-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = folder + "/reference.py"
        let request = folder + "/request.json"
        let response = folder + "/answers.json"
        try ReferenceScript.source.write(toFile: script, atomically: true, encoding: .utf8)
        try JSONSerialization.data(withJSONObject: ["db": db, "queries": queries]).write(to: URL(fileURLWithPath: request))
        try await PythonRunner.run(python, [script, request, response])
        let data = try Data(contentsOf: URL(fileURLWithPath: response))
        guard let list = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) as? [[String: Any]] else {
            throw ReferenceError.failed("answers are not a list")
        }
        return list.map { Answer(value: $0["ok"], error: $0["error"] as? String) }
    }
}

enum ReferenceError: Error, CustomStringConvertible {
    case failed(String)

    var description: String {
        switch self {
        case .failed(let what): return what
        }
    }
}

/// Runs a Python program to completion, failing with its output when it fails.
///
/// The wait happens off Swift's cooperative threads, so that other tests keep running.
enum PythonRunner {
    static func run(_ python: String, _ arguments: [String], environment: [String: String] = [:]) async throws {
        var env = ["MLFLOW_DISABLE_TELEMETRY": "true", "DO_NOT_TRACK": "true"]
        env.merge(environment) { _, new in new }
        let result = try await ChildProgram.run(python, arguments, environment: env)
        guard result.status == 0 else {
            let output = result.stdoutText + result.stderrText
            throw ReferenceError.failed("python \(arguments.first ?? "") exited \(result.status):\n\(output.suffix(4000))")
        }
    }
}
