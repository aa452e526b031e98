import Foundation
import MLflowCore

extension SQLiteWriter {
    /// Opens `path` for writing; when there is no such file, MLflow itself creates it first
    /// (its schema and the `Default` experiment) with the first of `pythons` that has MLflow.
    ///
    /// `pythons` defaults to `pythonCandidates()`. Without a usable Python the error says how to
    /// create the store or point at a server.
    public static func open(path: String, defaultArtifactRoot: String? = nil,
                            workingDirectory: String = FileManager.default.currentDirectoryPath,
                            pythons: [String]? = nil) async throws -> SQLiteWriter {
        let file = Self.absolute(path, against: workingDirectory)
        if !FileManager.default.fileExists(atPath: file) {
            let root = Self.absolute(defaultArtifactRoot ?? "mlruns", against: workingDirectory)
            try await createStore(at: file, defaultArtifactRoot: root, workingDirectory: workingDirectory,
                                  pythons: pythons ?? pythonCandidates())
        }
        return try SQLiteWriter(path: file, defaultArtifactRoot: defaultArtifactRoot, workingDirectory: workingDirectory)
    }

    /// Interpreters that may have MLflow, in order: `RUNBOARD_PYTHON`, the active virtualenv's
    /// `python`, then `python3` and `python` on `PATH`.
    public static func pythonCandidates(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var result: [String] = []
        if let explicit = environment["RUNBOARD_PYTHON"], !explicit.isEmpty { result.append(explicit) }
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty { result.append(venv + "/bin/python") }
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            for name in ["python3", "python"] { result.append("\(folder)/\(name)") }
        }
        var seen = Set<String>()
        return result.filter { FileManager.default.isExecutableFile(atPath: $0) && seen.insert($0).inserted }
    }

    /// The Python program that makes MLflow create a database: opening its SQL store runs the
    /// migrations and adds the `Default` experiment with the given artifact root.
    static let createScript = """
        import os, sys, warnings
        warnings.filterwarnings("ignore")
        os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
        os.environ.setdefault("DO_NOT_TRACK", "true")
        try:
            from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore
        except ImportError:
            sys.exit(3)
        SqlAlchemyStore("sqlite:///" + sys.argv[1], sys.argv[2])
        """

    /// Runs MLflow to create the database at `path`.
    static func createStore(at path: String, defaultArtifactRoot: String, workingDirectory: String, pythons: [String]) async throws {
        let folder = (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: folder) else {
            throw MLflowError.notFound("folder \(folder) for the MLflow database")
        }
        var failures: [String] = []
        for python in pythons {
            let (status, output) = try await runProcess(python, ["-c", createScript, path, defaultArtifactRoot], in: workingDirectory)
            if status == 0, FileManager.default.fileExists(atPath: path) { return }
            if status == 3 { continue }  // no MLflow in this interpreter
            failures.append("\(python) exited \(status): \(output.suffix(1_500))")
        }
        if !failures.isEmpty {
            throw MLflowError.storage("MLflow could not create \(path):\n" + failures.joined(separator: "\n"))
        }
        throw MLflowError.notFound(
            "MLflow database \(path), and no Python with MLflow to create it (tried: \(pythons.isEmpty ? "none found" : pythons.joined(separator: ", "))). "
                + "Install MLflow (`pip install mlflow`) or set RUNBOARD_PYTHON to a Python that has it, "
                + "or point MLFLOW_TRACKING_URI at an MLflow server")
    }

    /// Runs a program to completion off the cooperative threads; returns its status and output
    /// (standard error after standard output, so a traceback ends it).
    static func runProcess(_ executable: String, _ arguments: [String], in directory: String) async throws -> (Int32, String) {
        let result = try await ChildProgram.run(executable, arguments, cwd: directory)
        return (result.status, result.stdoutText + result.stderrText)
    }
}
