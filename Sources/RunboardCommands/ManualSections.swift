import ArgumentParser
import Dashboard

/// The parts of the man page that are not a command's help: the dashboard's keys (from the same
/// key tables as dispatch, the `?` screen and the README), the environment and the files, as mdoc.
/// `scripts/manual` appends them to the page swift-argument-parser's `generate-manual` writes.
enum ManualSections {
    /// The variables Runboard reads, and what each does.
    static let environment: [(names: [String], meaning: String)] = [
        (["MLFLOW_TRACKING_URI"], "The store, when no --tracking-uri (or URI argument) is given."),
        (["MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD"],
         "HTTP Basic auth for a server (also read from ~/.mlflow/credentials, section [mlflow]; the environment wins per field)."),
        (["MLFLOW_TRACKING_TOKEN"], "A bearer token for a server."),
        (["MLFLOW_TRACKING_INSECURE_TLS"], "true skips certificate verification."),
        (["MLFLOW_TRACKING_SERVER_CERT_PATH"], "A CA bundle to verify the server with."),
        (["MLFLOW_TRACKING_CLIENT_CERT_PATH"], "A PEM file with a client certificate and its key (mutual TLS)."),
        (["MLFLOW_WORKSPACE"], "Sent as the X-MLFLOW-WORKSPACE header."),
        (["MLFLOW_HTTP_REQUEST_TIMEOUT"], "Seconds per request (default 120)."),
        (["MLFLOW_HTTP_REQUEST_MAX_RETRIES", "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER",
          "MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER"], "Retries of failed requests and the waits between them, as MLflow's client does them."),
        (["DATABRICKS_HOST", "DATABRICKS_TOKEN"],
         "The workspace and personal access token of the databricks tracking URI; per setting, they win over ~/.databrickscfg."),
        (["DATABRICKS_CONFIG_FILE"], "Another file than ~/.databrickscfg."),
        (["DATABRICKS_CONFIG_PROFILE"], "The profile of a databricks URI without one (default DEFAULT)."),
        (["RUNBOARD_LOG"], "The log file (default ~/.local/state/runboard/runboard.log); nothing is logged to the terminal."),
        (["RUNBOARD_LOG_LEVEL"], "trace, debug, info (default), warning or error."),
        (["RUNBOARD_KITTY_GRAPHICS"], "0: never show images with the kitty graphics protocol; 1: always (by default where the terminal announces it)."),
        (["XDG_CONFIG_HOME"], "Where runboard/config.yaml and runboard/themes are looked for (default ~/.config)."),
        (["XDG_CACHE_HOME"], "Where runboard demo writes the demo store on first use (default ~/.cache)."),
        (["NO_COLOR", "COLORTERM", "TERM"], "The dashboard's colours: none, 24-bit, or what the terminal's description says."),
    ]

    static let files: [(path: String, meaning: String)] = [
        ("~/.config/runboard/config.yaml", "The dashboard's settings."),
        ("~/.config/runboard/themes/NAME.yaml", "User themes, for --theme NAME."),
        ("~/.mlflow/credentials", "MLflow's credentials file."),
        ("~/.databrickscfg", "Databricks profiles: host and token."),
        ("~/.cache/runboard/demo-*", "The demo store, written there by runboard demo."),
    ]

    /// The mdoc text of the KEYS, ENVIRONMENT and FILES sections.
    static func mdoc() -> String {
        var lines = [".Sh DASHBOARD KEYS", "The keys of the dashboard by pane, as its help screen shows them."]
        for context in KeyContext.allCases {
            lines += [".Ss \(quotedArgument(context.title))", ".Bl -tag -width Ds"]
            for binding in Keymap.bindings(context) {
                lines.append(".It " + binding.keys.map { "Sy " + quotedArgument($0.label) }.joined(separator: " Ns , "))
                lines.append(text(binding.help))
            }
            lines.append(".El")
        }
        lines += [".Sh ENVIRONMENT", ".Bl -tag -width Ds"]
        for variable in environment {
            lines.append(".It " + variable.names.map { "Ev " + $0 }.joined(separator: " , "))
            lines.append(text(variable.meaning))
        }
        lines += [".El", ".Sh FILES", ".Bl -tag -width Ds"]
        for file in files {
            lines.append(".It Pa " + quotedArgument(file.path))
            lines.append(text(file.meaning))
        }
        lines.append(".El")
        return lines.joined(separator: "\n") + "\n"
    }

    /// A line of running text: backslashes escaped, and a line that would start with a control
    /// character (`.` or `'`) made literal.
    static func text(_ raw: String) -> String {
        let escaped = escape(raw)
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }

    /// A macro's argument in quotes, never read as a macro name or a delimiter.
    static func quotedArgument(_ raw: String) -> String {
        "\"\\&" + escape(raw).replacingOccurrences(of: "\"", with: "\\(dq") + "\""
    }

    private static func escape(_ raw: String) -> String {
        raw.replacingOccurrences(of: "\\", with: "\\e")
    }
}

/// `runboard man-sections`: the man page's keys, environment and files sections (hidden; for scripts/manual).
struct ManSectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "man-sections", abstract: "Print the man page's keys, environment and files sections as mdoc.", shouldDisplay: false)

    func run() throws {
        emit(ManualSections.mdoc())
    }
}
