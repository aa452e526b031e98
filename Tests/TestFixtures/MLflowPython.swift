import Foundation

/// The one way tests find the Python interpreter that has MLflow installed.
///
/// `RUNBOARD_PYTHON` names it (`scripts/test` and `scripts/test-server` set it); without it, the
/// repository's `.venv/bin/python` (the venv `scripts/test` creates by default) if there is one.
/// A test that needs it is gated with `.enabled(if: MLflowPython.available, MLflowPython.skipReason)`:
/// on a developer's machine without the interpreter it is skipped with that reason; under `CI=true`
/// it runs anyway and fails at `MLflowPython.path()`, so that a missing interpreter never passes.
public enum MLflowPython {
    /// The interpreter, or nil when `RUNBOARD_PYTHON` (else the repository's venv) is not an executable file.
    public static var found: String? {
        if let named = ProcessInfo.processInfo.environment["RUNBOARD_PYTHON"], !named.isEmpty {
            return FileManager.default.isExecutableFile(atPath: named) ? named : nil
        }
        let venv = Fixtures.repositoryRoot + "/.venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : nil
    }

    /// Whether tests that need MLflow's Python run: when it is found, and always under `CI=true`.
    public static var available: Bool { Fixtures.isCI || found != nil }

    /// Why such a test is skipped.
    public static let skipReason = "needs MLflow's Python: set RUNBOARD_PYTHON (scripts/test does) or create .venv"

    /// The interpreter, or an error saying what is missing (what a test under `CI=true` fails with).
    public static func path() throws -> String {
        guard let python = found else {
            let named = ProcessInfo.processInfo.environment["RUNBOARD_PYTHON"] ?? ""
            throw FixtureError.missing(named.isEmpty
                ? "MLflow's Python (RUNBOARD_PYTHON is not set and \(Fixtures.repositoryRoot)/.venv/bin/python does not exist)"
                : "MLflow's Python: RUNBOARD_PYTHON='\(named)' is not an executable file")
        }
        return python
    }
}
