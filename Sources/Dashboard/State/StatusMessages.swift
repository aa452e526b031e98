/// The bottom line's message and error, each expiring.
public struct StatusMessages: Sendable, Hashable {
    public var message: String?
    public var error: String?
    /// Milliseconds since the epoch after which the error is cleared.
    public var errorExpiresAt: Int64 = 0
    public var messageExpiresAt: Int64 = 0

    /// How long an error stays on screen.
    public static let errorLifetime: Int64 = 8_000
    public static let messageLifetime: Int64 = 4_000

    public init() {}

    public mutating func showError(_ text: String, now: Int64) {
        error = text
        errorExpiresAt = now + Self.errorLifetime
    }

    public mutating func showMessage(_ text: String, now: Int64) {
        message = text
        messageExpiresAt = now + Self.messageLifetime
    }

    /// Drops what has expired at `now`; returns whether anything changed.
    @discardableResult
    public mutating func expire(now: Int64) -> Bool {
        var changed = false
        if error != nil, now >= errorExpiresAt { error = nil; changed = true }
        if message != nil, now >= messageExpiresAt { message = nil; changed = true }
        return changed
    }
}
