/// The bottom line's outcome: the newest message or error, expiring. A later outcome always
/// replaces an earlier one, so an old error never hides what the last command did.
public struct StatusMessages: Sendable, Hashable {
    /// What the status line says, and whether it is an error.
    public struct Entry: Sendable, Hashable {
        public var text: String
        public var isError: Bool
        /// Milliseconds since the epoch after which it is cleared.
        public var expiresAt: Int64
    }

    public private(set) var latest: Entry?

    /// How long an error stays on screen.
    public static let errorLifetime: Int64 = 8_000
    public static let messageLifetime: Int64 = 4_000

    public init() {}

    /// The newest outcome when it is an error; nil clears it.
    public var error: String? {
        get { latest?.isError == true ? latest?.text : nil }
        set {
            if let newValue { latest = Entry(text: newValue, isError: true, expiresAt: latest?.expiresAt ?? 0) }
            else if latest?.isError == true { latest = nil }
        }
    }

    /// The newest outcome when it is not an error.
    public var message: String? { latest?.isError == false ? latest?.text : nil }

    public mutating func showError(_ text: String, now: Int64) {
        latest = Entry(text: text, isError: true, expiresAt: now + Self.errorLifetime)
    }

    public mutating func showMessage(_ text: String, now: Int64) {
        latest = Entry(text: text, isError: false, expiresAt: now + Self.messageLifetime)
    }

    /// Keeps the current error on screen at least until `time`.
    public mutating func extendError(until time: Int64) {
        guard latest?.isError == true, let expires = latest?.expiresAt, expires < time else { return }
        latest?.expiresAt = time
    }

    /// Drops the outcome once it expired at `now`; returns whether anything changed.
    @discardableResult
    public mutating func expire(now: Int64) -> Bool {
        guard let latest, now >= latest.expiresAt else { return false }
        self.latest = nil
        return true
    }
}
