import ArgumentParser
import Foundation
import MLflowClient

/// Errors the CLI reports itself, with their exit status.
enum CLIError: Error, CustomStringConvertible {
    /// Bad usage: exit status 2.
    case usage(String)
    /// A filter or order_by that does not parse: exit status 2, with a caret under the position.
    case syntax(SearchSyntaxError)

    var description: String {
        switch self {
        case .usage(let message): return message
        case .syntax(let error): return "\(error.description)\n\(SafeTextPointer.pointer(error))"
        }
    }
}

/// The caret line under a filter, made safe for the terminal.
enum SafeTextPointer {
    static func pointer(_ error: SearchSyntaxError) -> String {
        // Escapes change lengths; measure the prefix after escaping so the caret lines up.
        let characters = Array(error.input)
        let cut = min(max(0, error.position), characters.count)
        let before = TerminalSafe.sanitize(String(characters[..<cut]))
        let whole = TerminalSafe.sanitize(error.input)
        return "  " + whole + "\n  " + String(repeating: " ", count: TerminalSafe.width(before)) + "^"
    }
}

/// The process entry point: parses, runs, and maps errors to exit statuses
/// (0 success, 1 a failed request, 2 bad usage).
public enum RunboardMain {
    public static func main() async -> Int32 {
        Logging.bootstrapFileLogging()
        do {
            var command = try Runboard.parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            return report(error)
        }
    }

    /// Prints the error to standard error and returns the exit status.
    static func report(_ error: Error) -> Int32 {
        let status: Int32
        let message: String
        switch error {
        case let error as CLIError:
            status = 2
            message = "runboard: " + error.description
        case let error as SearchSyntaxError:
            status = 2
            message = "runboard: " + CLIError.syntax(error).description
        case let error as MLflowError:
            switch error {
            case .invalidArgument, .notFound: status = 2
            default: status = 1
            }
            message = "runboard: " + TerminalSafe.sanitize(error.description)
        case let code as ExitCode where code != .success && code != .validationFailure:
            // The command has said what went wrong already.
            return code.rawValue
        case is CancellationError:
            status = 130
            message = "runboard: cancelled"
        default:
            let code = Runboard.exitCode(for: error)
            if code == .success {
                // --help and --version
                emit(Runboard.fullMessage(for: error) + "\n")
                return 0
            }
            status = code == .validationFailure ? 2 : code.rawValue
            message = Runboard.fullMessage(for: error)
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return status
    }
}
