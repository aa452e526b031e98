import Foundation
import MLflowCore

/// How to reach an MLflow server: the URL, credentials, TLS and retry settings,
/// read from the same environment variables MLflow's own client honours.
public struct RESTConfiguration: Sendable {
    /// `http(s)://host[:port][/prefix]`, without a trailing slash.
    public var baseURL: String
    public var username: String?
    public var password: String?
    public var token: String?
    /// `MLFLOW_TRACKING_INSECURE_TLS`: skip certificate verification.
    public var insecureTLS: Bool
    /// `MLFLOW_TRACKING_SERVER_CERT_PATH`: a CA bundle to verify the server with.
    public var serverCertPath: String?
    /// `MLFLOW_TRACKING_CLIENT_CERT_PATH`: a PEM with the client certificate (and key) for mutual TLS.
    public var clientCertPath: String?
    /// `MLFLOW_WORKSPACE`, sent as `X-MLFLOW-WORKSPACE`.
    public var workspace: String?
    /// `MLFLOW_HTTP_REQUEST_TIMEOUT` in seconds (default 120).
    public var requestTimeout: Double
    public var retry: RetryPolicy
    /// `RUNBOARD_DOWNLOAD_SEGMENTS`: how many ranges a large file is fetched in at once (1: one
    /// request per file; default 4). See `HTTPTransport.download`.
    public var downloadSegments: Int
    /// Where each credential came from, by name only (for error messages; never the values).
    public var credentialSources: [String]

    public init(
        baseURL: String, username: String? = nil, password: String? = nil, token: String? = nil,
        insecureTLS: Bool = false, serverCertPath: String? = nil, clientCertPath: String? = nil,
        workspace: String? = nil, requestTimeout: Double = 120, retry: RetryPolicy = RetryPolicy(),
        downloadSegments: Int = RESTConfiguration.defaultDownloadSegments, credentialSources: [String] = []
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.username = username
        self.password = password
        self.token = token
        self.insecureTLS = insecureTLS
        self.serverCertPath = serverCertPath
        self.clientCertPath = clientCertPath
        self.workspace = workspace
        self.requestTimeout = requestTimeout
        self.retry = retry
        self.downloadSegments = min(max(1, downloadSegments), RESTConfiguration.maxDownloadSegments)
        self.credentialSources = credentialSources
    }

    public static let defaultDownloadSegments = 4
    public static let maxDownloadSegments = 16

    /// Reads the configuration for `baseURL` from environment variables and `~/.mlflow/credentials`.
    ///
    /// Per field the environment wins over the credentials file; Basic auth wins over a token when
    /// both are set, as in MLflow.
    public static func fromEnvironment(
        baseURL: String,
        environment env: [String: String] = ProcessInfo.processInfo.environment,
        credentialsFile: String? = nil
    ) throws -> RESTConfiguration {
        let home = env["HOME"] ?? NSHomeDirectory()
        let fileCreds = CredentialsFile.read(path: credentialsFile ?? "\(home)/.mlflow/credentials")
        var sources: [String] = []
        func pick(_ name: String, _ fileKey: String) -> String? {
            if let value = env[name], !value.isEmpty {
                sources.append(name)
                return value
            }
            if let value = fileCreds[fileKey], !value.isEmpty {
                sources.append("~/.mlflow/credentials (\(fileKey))")
                return value
            }
            return nil
        }
        let username = pick("MLFLOW_TRACKING_USERNAME", "mlflow_tracking_username")
        let password = pick("MLFLOW_TRACKING_PASSWORD", "mlflow_tracking_password")
        var token: String?
        if let value = env["MLFLOW_TRACKING_TOKEN"], !value.isEmpty {
            token = value
            sources.append("MLFLOW_TRACKING_TOKEN")
        }
        let insecure = try parseBool(env["MLFLOW_TRACKING_INSECURE_TLS"], name: "MLFLOW_TRACKING_INSECURE_TLS") ?? false
        let serverCert = env["MLFLOW_TRACKING_SERVER_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 }
        if insecure, serverCert != nil {
            throw MLflowError.invalidArgument(
                "MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH cannot both be set")
        }
        let timeout = try parseDouble(
            env["MLFLOW_HTTP_REQUEST_TIMEOUT"], name: "MLFLOW_HTTP_REQUEST_TIMEOUT", in: 0...maxRequestTimeout,
            above: 0, what: "a number of seconds above 0 and at most \(Int(maxRequestTimeout))") ?? 120
        return RESTConfiguration(
            baseURL: baseURL, username: username, password: password, token: token,
            insecureTLS: insecure, serverCertPath: serverCert,
            clientCertPath: env["MLFLOW_TRACKING_CLIENT_CERT_PATH"].flatMap { $0.isEmpty ? nil : $0 },
            workspace: env["MLFLOW_WORKSPACE"].flatMap { $0.isEmpty ? nil : $0 },
            requestTimeout: timeout, retry: try RetryPolicy.fromEnvironment(env),
            downloadSegments: try parseInt(env["RUNBOARD_DOWNLOAD_SEGMENTS"], name: "RUNBOARD_DOWNLOAD_SEGMENTS", in: 1...maxDownloadSegments)
                ?? defaultDownloadSegments,
            credentialSources: sources
        )
    }

    /// The `Authorization` header value, if any: Basic when a username and password are set, else Bearer.
    var authorizationHeader: String? {
        if let username, let password {
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        }
        if let token { return "Bearer \(token)" }
        return nil
    }

    static func parseBool(_ raw: String?, name: String) throws -> Bool? {
        guard let raw, !raw.isEmpty else { return nil }
        switch raw.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw MLflowError.invalidArgument("\(name) must be true or false, not '\(raw)'")
        }
    }

    /// The longest `MLFLOW_HTTP_REQUEST_TIMEOUT` accepted: a day.
    public static let maxRequestTimeout: Double = 86_400

    /// A number from an environment variable, or nil when unset or empty. A value that is not a
    /// finite number inside `range` (and above `above`, when given) is an error naming the
    /// variable, its value and `what` it must be.
    static func parseDouble(_ raw: String?, name: String, in range: ClosedRange<Double>, above: Double? = nil, what: String) throws -> Double? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Double(raw.trimmingCharacters(in: .whitespaces)), value.isFinite, range.contains(value),
              above.map({ value > $0 }) ?? true else {
            throw MLflowError.invalidArgument("\(name) must be \(what), not \(quoted(raw))")
        }
        return value
    }

    /// A whole number from an environment variable, or nil when unset or empty; anything else
    /// than a whole number inside `range` is an error naming the variable and its value.
    static func parseInt(_ raw: String?, name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let raw, !raw.isEmpty else { return nil }
        guard let value = Int(raw.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw MLflowError.invalidArgument(
                "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \(quoted(raw))")
        }
        return value
    }

    /// A value for an error message: quoted, and cut when long.
    static func quoted(_ raw: String) -> String {
        "'" + (raw.count > 40 ? raw.prefix(40) + "…" : raw) + "'"
    }
}

/// MLflow's `~/.mlflow/credentials`: an INI file with a `[mlflow]` section.
enum CredentialsFile {
    static func read(path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        return INIFile(text: text).section("mlflow") ?? [:]
    }
}
