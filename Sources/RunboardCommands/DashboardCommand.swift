import ArgumentParser
import Dashboard
import Foundation
import MLflowClient
import NcursesBackend
import TerminalCore

/// `runboard [URI]`: the dashboard (the default command).
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open", abstract: "Open the dashboard (the default when no command is given).")

    @Argument(help: ArgumentHelp("A tracking URI or path (same forms as --tracking-uri).", valueName: "uri"), completion: .file())
    var uri: String?

    @Option(name: .customLong("tracking-uri"), help: ArgumentHelp("The store to open.", valueName: "uri"), completion: .file())
    var trackingURI: String?

    @Option(name: .customLong("experiment"), help: ArgumentHelp("Open with this experiment selected.", valueName: "name|id"),
            completion: .custom(Completions.experiments))
    var experiment: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("Open with this run selected.", valueName: "run-id"))
    var run: String?

    @OptionGroup(title: "Display") var display: DisplayOptions

    func validate() throws {
        if uri != nil && trackingURI != nil { throw ValidationError("give the store either as an argument or with --tracking-uri, not both") }
    }

    func run() async throws {
        // A retried request is said on the status line at once, with the attempt.
        let store = try StoreOpener.open(explicit: uri ?? trackingURI, longSession: true, onRetry: { notice in
            DashboardApp.context.post(.storeRetrying(notice))
        })
        try await DashboardLauncher.open(store: store, experiment: experiment, run: run, display: display)
    }
}

/// Starts the terminal loop for a store, on a thread of its own (the loop blocks while it waits for input).
enum DashboardLauncher {
    static func open(store: any TrackingStore, experiment: String?, run: String?, display: DisplayOptions) async throws {
        let theme = display.theme, mouse = !display.noMouse, ascii = display.ascii
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            await store.close()
            throw CLIError.usage("the dashboard needs a terminal; for scripts use `runboard experiments` or `runboard runs`")
        }
        let env = ProcessInfo.processInfo.environment
        let (config, configWarnings) = DashboardConfig.load(path: DashboardConfig.path(env))
        let depth = ColorDepth.detect(environment: env)
        let themeName = theme ?? config.theme
        var loaded = ThemeFile.load(themeName ?? "default", directories: ThemeDirectories.search(env))
        if themeName == nil, !loaded.warnings.isEmpty { loaded = (Theme.builtIn, []) }
        let warnings = configWarnings + loaded.warnings
        for warning in warnings { FileHandle.standardError.write(Data("runboard: \(warning)\n".utf8)) }
        let symbols = ascii || config.ascii == true ? Symbols.ascii : Symbols.detect(environment: env)
        DashboardApp.context.configure(store: store, render: RenderContext(theme: loaded.theme.stepped(to: depth), symbols: symbols, colorDepth: depth))
        let size = TerminalSize.of(STDOUT_FILENO) ?? Size(width: 80, height: 24)
        var state = DashboardState(storeURI: store.displayURI, size: size, now: Int64(Date().timeIntervalSince1970 * 1000))
        state.openExperimentOnLoad = experiment
        state.openRunOnLoad = run
        config.apply(to: &state)
        state.image.kittyGraphics = KittyGraphics.isEnabled(environment: env, config: config.kittyGraphics)
        if let first = warnings.first {
            state.status.showError(warnings.count == 1 ? first : "\(first) (and \(warnings.count - 1) more; see them after quitting)", now: state.now)
        }
        let options = TerminalOptions(mouse: mouse && config.mouse != false)
        let initial = state
        let outcome: Result<Void, Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                do {
                    try runTerminalApp(DashboardApp.self, initial: initial, options: options)
                    continuation.resume(returning: .success(()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        await DashboardApp.context.stopWork()
        await store.close()
        if case .failure(let error) = outcome {
            if case TerminalAppError.signalled(let signal) = error { exit(128 + signal) }
            throw error
        }
    }
}

/// Where user themes live: `$XDG_CONFIG_HOME/runboard/themes` (or `~/.config/runboard/themes`).
enum ThemeDirectories {
    static func search(_ env: [String: String]) -> [String] {
        let config = DashboardConfig.configDirectory(env)
        return [config + "/runboard/themes", config + "/runboard"]
    }
}
