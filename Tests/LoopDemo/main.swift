// runboard-loopdemo: a counter in the real terminal, driven by the end-to-end tests.
//
//   runboard-loopdemo [--no-mouse] [--slow-ms N]
import Foundation
import NcursesBackend

var state = CounterApp.State()
var options = TerminalOptions()
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--no-mouse": options.mouse = false
    case "--slow-ms": state.slowMilliseconds = arguments.popFirst().flatMap { Int($0) } ?? state.slowMilliseconds
    default:
        FileHandle.standardError.write(Data("usage: runboard-loopdemo [--no-mouse] [--slow-ms N]\n".utf8))
        exit(2)
    }
}

do {
    try runTerminalApp(CounterApp.self, initial: state, options: options)
    print("loop demo finished")
} catch TerminalAppError.signalled(let signal) {
    print("loop demo stopped by signal \(signal)")
    exit(128 + signal)
} catch {
    FileHandle.standardError.write(Data("runboard-loopdemo: \(error)\n".utf8))
    exit(1)
}
