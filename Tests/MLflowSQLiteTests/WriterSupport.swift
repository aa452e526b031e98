import Foundation
import MLflowCore
import MLflowSQLite
import TestFixtures

/// A fresh `mlflow.db` created by MLflow itself for each writer test, copied from one template.
enum WriterStore {
    /// The template, created once by `SQLiteWriter.open` running MLflow.
    static let template = Task<String, any Error> {
        let python = try MLflowPython.path()
        let folder = try Fixtures.scratch("sqlite-writer-template")
        _ = try await SQLiteWriter.open(path: folder + "/mlflow.db", workingDirectory: folder, pythons: [python])
        return folder + "/mlflow.db"
    }

    /// A folder with a copy of the template as `mlflow.db`, and a writer whose working directory it is.
    static func make(_ name: String) async throws -> (folder: String, writer: SQLiteWriter) {
        let template = try await template.value
        let folder = try Fixtures.scratch("sqlite-writer-\(name)")
        try FileManager.default.copyItem(atPath: template, toPath: folder + "/mlflow.db")
        return (folder, try SQLiteWriter(path: folder + "/mlflow.db", workingDirectory: folder))
    }
}
