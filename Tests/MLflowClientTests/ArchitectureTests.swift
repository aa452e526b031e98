import Foundation
import Testing

/// The dependency rule of ARCHITECTURE.md, checked on the sources: each target imports only the
/// targets of ours it may, nothing but `MLflowClient` names a concrete store, and no target
/// re-exports a store (`@_exported import MLflowREST` would let everything above see it).
@Suite struct ArchitectureTests {
    /// Our targets and the targets of ours each may import.
    static let allowed: [String: Set<String>] = [
        "MLflowCore": [],
        "MLflowREST": ["MLflowCore"],
        "MLflowSQLite": ["MLflowCore"],
        "MLflowFileStore": ["MLflowCore"],
        "MLflowTracking": ["MLflowCore"],
        "MLflowClient": ["MLflowCore", "MLflowREST", "MLflowSQLite", "MLflowFileStore"],
        "TerminalCore": [],
        "TerminalTestSupport": ["TerminalCore"],
        "NcursesBackend": ["CNcurses", "TerminalCore"],
        "Dashboard": ["MLflowCore", "TerminalCore"],
        "RunboardCommands": ["MLflowCore", "MLflowClient", "MLflowTracking", "Dashboard", "NcursesBackend", "TerminalCore"],
        "runboard": ["RunboardCommands"],
    ]
    static let stores: Set<String> = ["MLflowREST", "MLflowSQLite", "MLflowFileStore"]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
    }

    /// `(target, file, imported module, exported)` for every import of one of our modules.
    static func imports() throws -> [(target: String, file: String, module: String, exported: Bool)] {
        let ours = Set(allowed.keys).union(["CNcurses"])
        var found: [(String, String, String, Bool)] = []
        let targets = try FileManager.default.contentsOfDirectory(atPath: sources.path)
        for target in targets {
            guard let files = FileManager.default.enumerator(atPath: sources.appendingPathComponent(target).path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: sources.appendingPathComponent(target).appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ").map(String.init)
                    let exported = words.first == "@_exported"
                    let rest = exported ? Array(words.dropFirst()) : words
                    guard rest.count >= 2, rest[0] == "import" || (rest[0].hasPrefix("@") && rest.count >= 3 && rest[1] == "import") else { continue }
                    let module = rest[0] == "import" ? rest[1] : rest[2]
                    if ours.contains(module) { found.append((target, file, module, exported)) }
                }
            }
        }
        return found
    }

    @Test func everyTargetImportsOnlyWhatTheRuleAllows() throws {
        let imports = try Self.imports()
        #expect(!imports.isEmpty)
        #expect(Set(imports.map(\.target)).isSuperset(of: ["Dashboard", "RunboardCommands", "MLflowClient"]))
        for entry in imports {
            let allowed = Self.allowed[entry.target] ?? []
            #expect(allowed.contains(entry.module), "\(entry.target)/\(entry.file) imports \(entry.module)")
        }
    }

    @Test func noTargetReExportsAStore() throws {
        for entry in try Self.imports() where entry.exported {
            #expect(!Self.stores.contains(entry.module), "\(entry.target)/\(entry.file) re-exports \(entry.module)")
        }
    }
}
