import Foundation
import MLflowCore

/// When and how long to wait before retrying a request, as MLflow's client does (urllib3's `Retry`).
public struct RetryPolicy: Sendable, Equatable {
    /// Statuses that are retried: 408, 429, 500, 502, 503, 504.
    public static let retriedStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// `MLFLOW_HTTP_REQUEST_MAX_RETRIES` (default 7, at most 10).
    public var maxRetries: Int
    /// `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR` (default 2, at most 120).
    public var backoffFactor: Double
    /// `MLFLOW_HTTP_REQUEST_BACKOFF_JITTER` (default 1.0): a random 0...jitter seconds added.
    public var jitter: Double
    /// `MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER` (default true).
    public var respectRetryAfter: Bool
    /// No single wait is longer than this.
    public var maxBackoff: Double

    public init(maxRetries: Int = 7, backoffFactor: Double = 2, jitter: Double = 1, respectRetryAfter: Bool = true, maxBackoff: Double = 120) {
        self.maxRetries = maxRetries
        self.backoffFactor = backoffFactor
        self.jitter = jitter
        self.respectRetryAfter = respectRetryAfter
        self.maxBackoff = maxBackoff
    }

    /// The most retries MLflow allows (`_MLFLOW_HTTP_REQUEST_MAX_RETRIES_LIMIT`).
    public static let maxRetriesLimit = 10
    /// The largest backoff factor MLflow allows.
    public static let backoffFactorLimit: Double = 120
    /// The largest jitter accepted: no single wait is longer than 120 s anyway.
    public static let jitterLimit: Double = 120

    static func fromEnvironment(_ env: [String: String]) throws -> RetryPolicy {
        var policy = RetryPolicy()
        if let value = try RESTConfiguration.parseInt(
            env["MLFLOW_HTTP_REQUEST_MAX_RETRIES"], name: "MLFLOW_HTTP_REQUEST_MAX_RETRIES", in: 0...maxRetriesLimit) {
            policy.maxRetries = value
        }
        if let value = try RESTConfiguration.parseDouble(
            env["MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR"], name: "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", in: 0...backoffFactorLimit,
            what: "a number from 0 to \(Int(backoffFactorLimit))") {
            policy.backoffFactor = value
        }
        if let value = try RESTConfiguration.parseDouble(
            env["MLFLOW_HTTP_REQUEST_BACKOFF_JITTER"], name: "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", in: 0...jitterLimit,
            what: "a number of seconds from 0 to \(Int(jitterLimit))") {
            policy.jitter = value
        }
        if let value = try RESTConfiguration.parseBool(env["MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER"], name: "MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER") {
            policy.respectRetryAfter = value
        }
        return policy
    }

    /// Seconds to wait before retry number `attempt` (1-based): none before the first, then
    /// `factor * 2^(attempt-1)` plus jitter, capped; a `Retry-After` header wins when honoured.
    public func delay(beforeRetry attempt: Int, retryAfter: String?, random: Double = Double.random(in: 0...1)) -> Double {
        if respectRetryAfter, let retryAfter, let seconds = RetryPolicy.parseRetryAfter(retryAfter) {
            return min(max(0, seconds), maxBackoff)
        }
        guard attempt > 1 else { return 0 }
        let base = backoffFactor * pow(2, Double(attempt - 1))
        return min(base + jitter * random, maxBackoff)
    }

    /// `Retry-After` as seconds or an HTTP date.
    static func parseRetryAfter(_ value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds.isFinite { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return date.timeIntervalSince(now)
    }
}
