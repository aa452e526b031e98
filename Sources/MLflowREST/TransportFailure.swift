import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// Short, plain reasons for transport failures (NIO's `IOError` and connection errors,
/// AsyncHTTPClient's errors, TLS errors), and whether each is worth another try.
enum TransportFailure {
    /// A few words for a transport error: `connection refused`, `host not found: NAME`,
    /// `connect timed out`, `TLS handshake failed: certificate verify failed`. Never a type dump.
    static func describe(_ error: Error) -> String {
        switch error {
        case let http as HTTPClientError: return describe(http)
        case let io as IOError: return describe(errno: io.errnoCode)
        case let parser as HTTPParserError:
            switch parser {
            case .invalidEOFState, .closedConnection: return closedEarly
            default: return "the server's answer is not valid HTTP (\(parser))"
            }
        case let unknown as SocketAddressError.UnknownHost: return "host not found: \(unknown.host)"
        case let ssl as NIOSSLError: return describe(ssl)
        case let extra as NIOSSLExtraError: return "TLS failed: \(words(extra.description))"
        case is NIOSSLCloseTimedOutError: return "TLS connection did not close in time"
        case let channel as ChannelError: return describe(channel)
        default:
            if let connection = ConnectionErrors(error) { return describe(connection) }
            return words(String(describing: error))
        }
    }

    /// Whether a transport error is worth another try: connection and read errors are; TLS,
    /// bad-URL and redirect errors are not.
    static func isRetriable(_ error: Error) -> Bool {
        if error is NIOSSLError || error is NIOSSLExtraError { return false }
        if let http = error as? HTTPClientError {
            let permanent: [HTTPClientError] = [
                .invalidURL, .emptyHost, .emptyScheme, .redirectLimitReached, .redirectCycleDetected, .bodyLengthMismatch,
            ]
            return !permanent.contains(http) && !String(describing: http).contains("unsupportedScheme")
        }
        return true
    }

    static let closedEarly = "connection closed by the server before the response was complete"

    static func describe(_ http: HTTPClientError) -> String {
        switch http {
        case .deadlineExceeded, .readTimeout, .writeTimeout: return "timed out"
        case .connectTimeout, .getConnectionFromPoolTimeout: return "connect timed out"
        case .tlsHandshakeTimeout: return "TLS handshake timed out"
        case .remoteConnectionClosed, .uncleanShutdown: return closedEarly
        case .emptyHost: return "the URL has no host"
        default:
            if String(describing: http).contains("unsupportedScheme") { return "unsupported URL scheme (use http or https)" }
            let text = http.shortDescription
            return text.prefix(1).lowercased() + text.dropFirst()
        }
    }

    /// The reason for a socket error number, as the system words it when it is not one of ours.
    static func describe(errno code: Int32) -> String {
        switch code {
        case ECONNREFUSED: return "connection refused"
        case ECONNRESET, EPIPE: return "connection reset by the server"
        case ETIMEDOUT: return "connect timed out"
        case EHOSTUNREACH: return "host unreachable"
        case ENETUNREACH: return "network unreachable"
        case ECONNABORTED: return "connection aborted"
        default:
            guard let text = strerror(code) else { return "socket error \(code)" }
            let message = String(cString: text)
            return message.prefix(1).lowercased() + message.dropFirst()
        }
    }

    static func describe(_ channel: ChannelError) -> String {
        switch channel {
        case .connectTimeout: return "connect timed out"
        case .eof, .ioOnClosedChannel, .alreadyClosed, .inputClosed, .outputClosed: return closedEarly
        default: return words(String(describing: channel))
        }
    }

    static func describe(_ ssl: NIOSSLError) -> String {
        switch ssl {
        case .handshakeFailed(let inner): return "TLS handshake failed" + reason(inner).map { ": \($0)" }.orEmpty
        case .shutdownFailed(let inner): return "TLS shutdown failed" + reason(inner).map { ": \($0)" }.orEmpty
        case .noCertificateToValidate: return "TLS failed: the server sent no certificate"
        case .unableToValidateCertificate: return "TLS failed: the server's certificate could not be validated"
        case .cannotMatchULabel: return "TLS failed: the host name cannot be matched against the certificate"
        case .uncleanShutdown: return closedEarly
        case .failedToLoadCertificate: return "TLS failed: cannot load the certificate"
        case .failedToLoadPrivateKey: return "TLS failed: cannot load the private key"
        default: return "TLS failed: " + words(String(describing: ssl))
        }
    }

    /// BoringSSL's reason in words (`CERTIFICATE_VERIFY_FAILED` -> `certificate verify failed`).
    static func reason(_ error: BoringSSLError) -> String? {
        switch error {
        case .sslError(let stack), .unknownError(let stack), .invalidSNIName(let stack), .failedToSetALPN(let stack):
            let reasons = stack.compactMap { reasonCode(String(describing: $0)) }
            return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
        case .syscallError: return "the connection was closed"
        default: return words(String(describing: error))
        }
    }

    /// The reason code of a BoringSSL error string (`error:100000f7:SSL routines:OPENSSL_internal:WRONG_VERSION_NUMBER at ...`).
    static func reasonCode(_ text: String) -> String? {
        let head = text.components(separatedBy: " at ").first ?? text
        guard let code = head.split(separator: ":").last?.trimmingCharacters(in: .whitespaces), !code.isEmpty,
              code.allSatisfy({ $0.isUppercase || $0.isNumber || $0 == "_" }) else { return nil }
        return code.replacingOccurrences(of: "_", with: " ").lowercased()
    }

    static func describe(_ connection: ConnectionErrors) -> String {
        if let first = connection.attempts.first {
            // The most telling failure: a refusal says more than a timeout on another address.
            let reasons = connection.attempts.map(describe)
            return reasons.first { $0 == "connection refused" } ?? describe(first)
        }
        if connection.dnsFailed { return "host not found: \(connection.host)" }
        return "cannot connect to \(connection.host)"
    }

    /// A description without Swift's type prefixes: `Foo.Bar.someCase(x)` becomes `some case`.
    static func words(_ text: String) -> String {
        let name = text.prefix { $0 != "(" && $0 != ":" && $0 != " " }
        guard name.contains("."), let last = name.split(separator: ".").last, !last.isEmpty else { return text }
        var out = ""
        for character in last {
            if character.isUppercase, !out.isEmpty { out.append(" ") }
            out.append(Character(character.lowercased()))
        }
        let rest = text.dropFirst(name.count).drop { $0 == ":" || $0 == " " }
        return rest.isEmpty || rest.hasPrefix("(") ? out : out + ": " + rest
    }
}

/// NIOPosix's `NIOConnectionError` (every address tried, and the DNS lookups), read by reflection:
/// this target does not import NIOPosix, where the type lives.
struct ConnectionErrors {
    var host: String
    var dnsFailed: Bool
    var attempts: [Error]

    init?(_ error: Error) {
        guard String(describing: type(of: error)) == "NIOConnectionError" else { return nil }
        let mirror = Mirror(reflecting: error)
        host = mirror.descendant("host") as? String ?? "the server"
        dnsFailed = mirror.descendant("dnsAError") is Error || mirror.descendant("dnsAAAAError") is Error
        let failures = mirror.descendant("connectionErrors").map { Mirror(reflecting: $0).children.map(\.value) } ?? []
        attempts = failures.compactMap { Mirror(reflecting: $0).descendant("error") as? Error }
    }
}

extension Optional where Wrapped == String {
    /// The string, or nothing.
    fileprivate var orEmpty: String { self ?? "" }
}
