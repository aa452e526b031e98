import Foundation
import MLflowCore

/// The workspace and token of a `databricks` or `databricks://PROFILE` tracking URI, found as MLflow
/// (through the Databricks SDK) and the Databricks CLI find them: per setting, `DATABRICKS_HOST` and
/// `DATABRICKS_TOKEN` first, else the profile in `~/.databrickscfg` (`DATABRICKS_CONFIG_FILE` names
/// another file; the profile is the URI's, else `DATABRICKS_CONFIG_PROFILE`, else `DEFAULT`).
///
/// Only personal access tokens are supported; the token is sent as a bearer token and never appears
/// in a message: errors name the variables and the file, never a value.
public enum DatabricksAuth {
    /// The server configuration for the workspace; the other MLflow settings (timeouts, retries,
    /// TLS) come from the environment as for any server. MLflow's own username, password and token
    /// variables are for other servers and are not sent to Databricks.
    public static func configuration(profile: String?, environment env: [String: String]) throws -> RESTConfiguration {
        let home = env["HOME"] ?? NSHomeDirectory()
        let file = nonEmpty(env["DATABRICKS_CONFIG_FILE"]) ?? home + "/.databrickscfg"
        let shownFile = file.hasPrefix(home + "/") ? "~" + file.dropFirst(home.count) : file
        let name = profile ?? nonEmpty(env["DATABRICKS_CONFIG_PROFILE"]) ?? "DEFAULT"
        let envHost = nonEmpty(env["DATABRICKS_HOST"])
        let envToken = nonEmpty(env["DATABRICKS_TOKEN"])

        var settings: [String: String] = [:]
        var fromFile = false
        if envHost == nil || envToken == nil || profile != nil {
            let text = try? String(contentsOfFile: file, encoding: .utf8)
            if let section = text.map({ INIFile(text: $0) })?.section(name) {
                settings = section
                fromFile = true
            } else if profile != nil || envHost == nil || envToken == nil {
                let problem = text == nil ? "\(shownFile) cannot be read" : "\(shownFile) has no [\(name)] profile"
                throw MLflowError.invalidArgument(missingMessage(problem, profile: name))
            }
        }
        guard let host = envHost ?? nonEmpty(settings["host"]) else {
            throw MLflowError.invalidArgument(missingMessage("no host in DATABRICKS_HOST or the [\(name)] profile of \(shownFile)", profile: name))
        }
        guard let token = envToken ?? nonEmpty(settings["token"]) else {
            var problem = "no token in DATABRICKS_TOKEN or the [\(name)] profile of \(shownFile)"
            let others = ["client_id", "username", "azure_client_id", "auth_type", "google_service_account"].filter { settings[$0] != nil }
            if fromFile, !others.isEmpty {
                problem += " (it has \(others.joined(separator: ", ")): only personal access tokens are supported yet)"
            }
            throw MLflowError.invalidArgument(missingMessage(problem, profile: name))
        }
        let base = try workspaceURL(host, source: envHost != nil ? "DATABRICKS_HOST" : "host in the [\(name)] profile of \(shownFile)")
        var others = env
        for variable in ["MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "MLFLOW_TRACKING_TOKEN"] { others[variable] = nil }
        var config = try RESTConfiguration.fromEnvironment(baseURL: base, environment: others, credentialsFile: "/dev/null")
        config.token = token
        config.credentialSources = [envToken != nil ? "DATABRICKS_TOKEN" : "token in the [\(name)] profile of \(shownFile)"]
        return config
    }

    /// `https://` and the host as written (`adb-1.azuredatabricks.net` or a whole URL), without a
    /// trailing slash.
    static func workspaceURL(_ host: String, source: String) throws -> String {
        var url = host.trimmingCharacters(in: .whitespaces)
        let lower = url.lowercased()
        if !lower.hasPrefix("https://") && !lower.hasPrefix("http://") {
            guard !url.contains("://") else {
                throw MLflowError.invalidArgument("the Databricks host (\(source)) must be an https:// address")
            }
            url = "https://" + url
        }
        while url.hasSuffix("/") { url.removeLast() }
        let afterScheme = url.drop(while: { $0 != ":" }).dropFirst(3)
        guard !afterScheme.isEmpty, !afterScheme.hasPrefix("/"), !afterScheme.contains(where: \.isWhitespace) else {
            throw MLflowError.invalidArgument("the Databricks host (\(source)) is not a host name or address")
        }
        return url
    }

    static func missingMessage(_ problem: String, profile: String) -> String {
        "Databricks workspace not configured: \(problem). Set DATABRICKS_HOST and DATABRICKS_TOKEN, or write host and token "
            + "under [\(profile)] in ~/.databrickscfg (DATABRICKS_CONFIG_FILE names another file; databricks://PROFILE another profile)"
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }
}
