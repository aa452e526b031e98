import ArgumentParser
import Foundation
import MLflowClient

/// `runboard experiments`: lists experiments.
struct ExperimentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiments", abstract: "List experiments (active ones unless told otherwise).")

    @OptionGroup var store: StoreOptions

    @Flag(help: "Only deleted experiments.") var deleted = false
    @Flag(help: "Active and deleted experiments.") var all = false

    func validate() throws {
        if deleted && all { throw ValidationError("--deleted and --all cannot be used together") }
    }

    func run() async throws {
        let view: ViewType = all ? .all : (deleted ? .deletedOnly : .activeOnly)
        let tracking = try store.open()
        let experiments = try await withClosing(tracking) { try await tracking.allExperiments(view: view) }
        emit(try Self.render(experiments, format: store.format, width: terminalWidth()))
    }

    static func render(_ experiments: [Experiment], format: OutputFormat, width: Int) throws -> String {
        if format == .json { return String(decoding: JSONOutput.experiments(experiments), as: UTF8.self) }
        var columns = ["id", "name", "created", "updated"]
        let showStage = experiments.contains { $0.lifecycleStage == .deleted }
        if showStage { columns.append("stage") }
        columns.append("description")
        let rows = experiments.map { e -> [String] in
            var row = [e.experimentId, e.name, Format.time(e.creationTime), Format.time(e.lastUpdateTime)]
            if showStage { row.append(e.lifecycleStage.rawValue) }
            row.append(e.description ?? "")
            return row
        }
        return TextTable(columns: columns, rows: rows, droppableFrom: 2).render(format, width: width)
    }
}

/// Runs `body`, then closes the store whatever happened.
func withClosing<T>(_ store: any TrackingStore, _ body: () async throws -> T) async throws -> T {
    do {
        let result = try await body()
        await store.close()
        return result
    } catch {
        await store.close()
        throw error
    }
}
