import ArgumentParser
import Dashboard
import Foundation
import MLflowClient
import Synchronization

/// Values the shell completions offer beyond swift-argument-parser's own (formats and other fixed
/// lists come from the options' types): theme names, and experiment names from the tracking store.
enum Completions {
    /// `--theme`: the built-in themes and the user's own (`~/.config/runboard/themes/*.yaml`).
    static func themes(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        var names = ThemeFile.bundled.map(\.name)
        for folder in ThemeDirectories.search(ProcessInfo.processInfo.environment) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            names += files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }
        }
        var seen = Set<String>()
        return names.filter { $0.hasPrefix(prefix) && ExperimentNames.isCompletable($0) && seen.insert($0).inserted }
    }

    /// `--experiment`: the names of the active experiments of the store the command line names
    /// (`--tracking-uri`, the dashboard's URI argument, else MLflow's usual lookup).
    ///
    /// Synchronous on purpose: swift-argument-parser refuses the synchronous `parse` of a command
    /// with an async completion, and commands are parsed that way in tests. The wait is bounded by
    /// the listing's own deadline.
    static func experiments(_ words: [String], _ index: Int, _ prefix: String) -> [String] {
        let names = NamesBox()
        let done = DispatchSemaphore(value: 0)
        let uri = trackingURI(in: words)
        Task {
            names.set(await ExperimentNames.list(trackingURI: uri, prefix: prefix))
            done.signal()
        }
        done.wait()
        return names.get()
    }

    /// The `--tracking-uri` value in the words of a command line, if any.
    static func trackingURI(in words: [String]) -> String? {
        for (index, word) in words.enumerated() {
            if word == "--tracking-uri", index + 1 < words.count { return words[index + 1] }
            if word.hasPrefix("--tracking-uri=") { return String(word.dropFirst("--tracking-uri=".count)) }
        }
        // `runboard [open] URI --experiment …`: the dashboard's store as its argument.
        let rest = words.dropFirst().drop { $0 == "open" }
        if let first = rest.first, !first.hasPrefix("-"), first != "open" {
            let commands = Runboard.configuration.subcommands.map { $0.configuration.commandName ?? "" }
            if !commands.contains(first) { return first }
        }
        return nil
    }
}

/// The experiment names a completion offers, read quickly or not at all.
enum ExperimentNames {
    /// How long a completion may wait for the store before it gives up silently.
    static let deadline: Duration = .seconds(1)

    /// The active experiments' names that start with `prefix`; nothing when the store cannot be
    /// opened or has not answered within the deadline (a completion never prints an error, never
    /// retries and never hangs the shell). `read` gives other names of the store (the registered models').
    static func list(trackingURI: String?, prefix: String = "", environment: [String: String] = ProcessInfo.processInfo.environment,
                     deadline: Duration = deadline,
                     read: @escaping @Sendable (any TrackingStore) async throws -> [String] = { try await $0.allExperiments(view: .activeOnly).map(\.name) }) async -> [String] {
        var quick = environment
        quick["MLFLOW_HTTP_REQUEST_MAX_RETRIES"] = "0"
        quick["MLFLOW_HTTP_REQUEST_TIMEOUT"] = "1"
        let store: any TrackingStore
        do {
            store = try StoreOpener.open(explicit: trackingURI, environment: quick)
        } catch {
            return []
        }
        // Not a task group: that would wait for a request stuck in connecting before returning.
        let answered = FirstClaim()
        let names: [String] = await withCheckedContinuation { continuation in
            let work = Task {
                let names = (try? await read(store)) ?? []
                if answered.claim() { continuation.resume(returning: names) }
            }
            Task {
                try? await Task.sleep(for: deadline)
                if answered.claim() {
                    work.cancel()
                    continuation.resume(returning: [])
                }
            }
        }
        return names.filter { $0.hasPrefix(prefix) && isCompletable($0) }
    }

    /// A name a shell can be offered: no control characters (a line break would split it in two).
    static func isCompletable(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" }
    }
}

/// The names a completion's task hands back to the waiting thread.
final class NamesBox: Sendable {
    private let names = Mutex<[String]>([])
    func set(_ value: [String]) { names.withLock { $0 = value } }
    func get() -> [String] { names.withLock { $0 } }
}

/// True for the first caller of `claim()` only.
final class FirstClaim: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

/// `runboard experiment-names`: what `--experiment` completes to, one name a line (hidden; the shell
/// completions call the same code in process).
struct ExperimentNamesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment-names", abstract: "Print the active experiments' names, for shell completion.",
        discussion: "Prints nothing, and exits with 0, when the store cannot be read within a second.",
        shouldDisplay: false)

    @Option(name: .customLong("tracking-uri"), help: ArgumentHelp("The store.", valueName: "uri"))
    var trackingURI: String?

    @Option(help: ArgumentHelp("Only names that start with this.", valueName: "text")) var prefix = ""

    func run() async throws {
        let names = await ExperimentNames.list(trackingURI: trackingURI, prefix: prefix)
        emit(names.map { $0 + "\n" }.joined())
    }
}
