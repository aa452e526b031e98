import Foundation
import MLflowClient

/// The command line's line for a retried request to a server.
enum RetryLine {
    /// `connection refused: http://127.0.0.1:5099; retry 2 of 7 in 4.0 s`, made safe for the terminal.
    static func text(_ notice: RetryNotice) -> String {
        let wait = String(format: "%.1f", notice.delaySeconds)
        return TerminalSafe.sanitize("\(notice.reason): \(notice.server); retry \(notice.retry) of \(notice.maxRetries) in \(wait) s")
    }

    /// Writes the line to standard error, after `runboard: `.
    static func write(_ notice: RetryNotice) {
        FileHandle.standardError.write(Data("runboard: \(text(notice))\n".utf8))
    }
}
