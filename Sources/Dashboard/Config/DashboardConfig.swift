import Foundation
import Yams

/// The user's settings from `$XDG_CONFIG_HOME/runboard/config.yaml` (or `~/.config/runboard/config.yaml`):
///
/// ```yaml
/// theme: light              # a theme name or a YAML file (--theme wins)
/// mouse: false              # capture the mouse (--no-mouse wins)
/// ascii: false              # plain ASCII instead of braille and blocks (--ascii wins)
/// refresh_seconds: 10       # how often running runs are refreshed
/// auto_refresh: true        # refresh running runs on their own (R toggles)
/// kitty_graphics: false     # no full-resolution images in kitty, WezTerm or ghostty
/// columns: [metrics.val_loss, params.lr]   # shown when the runs have them
/// ```
/// Nothing here throws: a missing file is no settings; a broken file, an unknown key or a bad value
/// gives a warning and leaves that setting at its default.
public struct DashboardConfig: Sendable, Equatable {
    public var theme: String?
    public var mouse: Bool?
    public var ascii: Bool?
    public var refreshSeconds: Double?
    public var autoRefresh: Bool?
    public var kittyGraphics: Bool?
    public var columns: [RunColumn] = []

    public init() {}

    public static let keys = ["theme", "mouse", "ascii", "refresh_seconds", "auto_refresh", "kitty_graphics", "columns"]

    /// The config file's path for an environment.
    public static func path(_ env: [String: String]) -> String {
        configDirectory(env) + "/runboard/config.yaml"
    }

    /// `$XDG_CONFIG_HOME`, or `~/.config`.
    public static func configDirectory(_ env: [String: String]) -> String {
        if let xdg = env["XDG_CONFIG_HOME"], xdg.hasPrefix("/") { return xdg }
        return (env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()) + "/.config"
    }

    /// Reads the file at `path`; no file is no settings and no warning.
    public static func load(path: String) -> (config: DashboardConfig, warnings: [String]) {
        guard FileManager.default.fileExists(atPath: path) else { return (DashboardConfig(), []) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return (DashboardConfig(), ["config \(path): cannot be read as UTF-8 text; using the defaults"])
        }
        return parse(text, source: path)
    }

    /// Settings from YAML text; `source` names it in warnings.
    public static func parse(_ text: String, source: String) -> (config: DashboardConfig, warnings: [String]) {
        var config = DashboardConfig()
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            let line = String(describing: error).split(separator: "\n").first.map(String.init) ?? "error"
            return (config, ["config \(source): not valid YAML (\(line)); using the defaults"])
        }
        guard let node else { return (config, []) }
        guard let root = node.mapping else { return (config, ["config \(source): expected a mapping of settings; using the defaults"]) }
        var warnings: [String] = []
        func warn(_ key: String, _ what: String) { warnings.append("config \(source): \(key): \(what)") }
        func bool(_ key: String, _ value: Node) -> Bool? {
            guard let scalar = value.scalar, let parsed = Bool.construct(from: scalar) else {
                warn(key, "expected true or false")
                return nil
            }
            return parsed
        }
        for (keyNode, value) in root {
            let key = keyNode.string ?? "?"
            switch key {
            case "theme":
                if let name = value.string, !name.isEmpty { config.theme = name } else { warn(key, "expected a theme name or path") }
            case "mouse": config.mouse = bool(key, value)
            case "ascii": config.ascii = bool(key, value)
            case "kitty_graphics": config.kittyGraphics = bool(key, value)
            case "auto_refresh": config.autoRefresh = bool(key, value)
            case "refresh_seconds":
                switch LiveSettings.interval(seconds: value.scalar?.string ?? "") {
                case .success(let milliseconds): config.refreshSeconds = Double(milliseconds) / 1_000
                case .failure(let error): warn(key, "\(error) (a number of seconds from 1 to 86400)")
                }
            case "columns":
                let words = value.sequence?.compactMap(\.string) ?? value.string.map { $0.split(separator: " ").map(String.init) }
                guard let words else {
                    warn(key, "expected a list such as [metrics.val_loss, params.lr]")
                    continue
                }
                for word in words {
                    if let column = RunColumn(qualifiedName: word) {
                        config.columns.append(column)
                    } else {
                        warn(key, "'\(word)' is not metrics.NAME, params.NAME or tags.NAME")
                    }
                }
            default:
                warn(key, "unknown setting (known: \(keys.joined(separator: ", ")))")
            }
        }
        return (config, warnings)
    }
}

extension DashboardConfig {
    /// Applies the settings that live in the state (refresh and columns).
    public func apply(to state: inout DashboardState) {
        if let refreshSeconds, let milliseconds = Int64(exactly: (refreshSeconds * 1_000).rounded()), milliseconds > 0 {
            state.live.interval = milliseconds
        }
        if let autoRefresh { state.live.auto = autoRefresh }
        state.runs.preferredColumns = columns
    }
}

extension RunColumn {
    /// A column from its name in MLflow's grammar: `metrics.NAME`, `params.NAME` or `tags.NAME`.
    public init?(qualifiedName: String) {
        if qualifiedName.hasPrefix("metrics."), qualifiedName.count > 8 {
            self = .metric(String(qualifiedName.dropFirst(8)))
        } else if qualifiedName.hasPrefix("params."), qualifiedName.count > 7 {
            self = .param(String(qualifiedName.dropFirst(7)))
        } else if qualifiedName.hasPrefix("tags."), qualifiedName.count > 5 {
            self = .tag(String(qualifiedName.dropFirst(5)))
        } else {
            return nil
        }
    }
}
