import Foundation
import MLflowClient

/// An opened tracking store that `runboard track` writes to.
struct OpenedWriter {
    var writer: any TrackingWriter
    /// The same store for reading, to see which artifacts the command logged itself.
    var reader: (any TrackingStore)?
    /// The URI to hand to the command (`MLFLOW_TRACKING_URI`), credentials kept as given.
    var childURI: String
    /// The server's web address, for printing a link to the run.
    var webBase: String?
    /// A quick check that the store answers, run before anything is created.
    var probe: @Sendable (String) async throws -> Void
}

/// Opens writers for the tracking locations `runboard track` supports.
enum TrackWriters {
    static func open(_ location: TrackingLocation, environment: [String: String], workingDirectory: String) async throws -> OpenedWriter {
        let store = try await StoreOpener.openForWriting(
            location, environment: environment, workingDirectory: workingDirectory, onRetry: RetryLine.write)
        switch location {
        case .server(let baseURL):
            return OpenedWriter(writer: store.writer, reader: store.reader, childURI: baseURL,
                                webBase: TrackingLocation.redactingCredentials(baseURL), probe: store.probe)
        default:
            return OpenedWriter(writer: store.writer, reader: store.reader, childURI: location.displayURI, webBase: nil, probe: store.probe)
        }
    }
}

/// Messages of `runboard track` itself, on standard error so that standard output stays the command's.
enum TrackOutput {
    static func note(_ text: String) {
        FileHandle.standardError.write(Data("runboard: \(TerminalSafe.sanitize(text))\n".utf8))
    }

    static func plain(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
