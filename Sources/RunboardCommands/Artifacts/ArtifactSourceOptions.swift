import ArgumentParser
import Foundation
import MLflowClient

/// Which artifacts a command reads: a source URI, or a run id and a path as `mlflow artifacts` takes them.
struct ArtifactSourceOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "runs:/<run_id>/<path>, models:/<name>/<version>, models:/<name>@<alias>, models:/<model_id> or mlflow-artifacts:/...",
        valueName: "source"))
    var source: String?

    @Option(name: [.customShort("r"), .customLong("run-id")], help: ArgumentHelp("A run's artifacts (instead of a source).", valueName: "id"))
    var runId: String?

    @Option(name: [.customShort("a"), .customLong("path"), .customLong("artifact-path")],
            help: ArgumentHelp("With --run-id: the path inside the run's artifacts (default: all of them).", valueName: "path"))
    var path: String?

    func validate() throws {
        switch (source, runId) {
        case (nil, nil): throw ValidationError("name the artifacts: a source such as runs:/<run_id>/model, or --run-id")
        case (.some, .some): throw ValidationError("give a source or --run-id, not both")
        case (.some, nil) where path != nil: throw ValidationError("--path goes with --run-id; put the path in the source instead")
        default: break
        }
    }

    /// The parsed source (its paths already checked).
    func parsed() throws -> ArtifactSource {
        if let runId {
            let trimmed = runId.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.contains("/") else { throw MLflowError.invalidArgument("invalid run id '\(runId)'") }
            return try ArtifactSource.parse("runs:/\(trimmed)/" + (path ?? ""))
        }
        return try ArtifactSource.parse(source ?? "")
    }
}

/// The `--jobs` of downloads: 1 to 64 files at a time.
enum JobsOption {
    static func parse(_ text: String) throws -> Int {
        try WholeNumberOption.parse(text, in: 1...64, of: "parallel downloads")
    }
}

extension ExistingFilePolicy: ExpressibleByArgument {}
