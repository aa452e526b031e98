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
        "ImageDecoding": ["CImage"],
        "Dashboard": ["MLflowCore", "TerminalCore"],
        "RunboardCommands": ["CDemoStore", "MLflowCore", "MLflowClient", "MLflowTracking", "Dashboard", "ImageDecoding", "NcursesBackend", "TerminalCore"],
        "runboard": ["RunboardCommands"],
    ]
    static let stores: Set<String> = ["MLflowREST", "MLflowSQLite", "MLflowFileStore"]

    static var sources: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
    }

    /// `(target, file, imported module, exported)` for every import of one of our modules.
    static func imports() throws -> [(target: String, file: String, module: String, exported: Bool)] {
        let ours = Set(allowed.keys).union(["CNcurses", "CDemoStore", "CImage"])
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

    /// Every target declares in `Package.swift` each module of the package (ours, or a product of a
    /// dependency) that it imports: SwiftPM lets a target import what its dependencies depend on,
    /// and that silently breaks when a dependency drops one.
    @Test func everyTargetDeclaresWhatItImports() throws {
        let root = Self.sources.deletingLastPathComponent()
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        let targets = Self.declaredTargets(manifest)
        #expect(targets.count >= 15)
        let known = Set(targets.map(\.name).map { $0.replacingOccurrences(of: "-", with: "_") })
            .union(targets.flatMap(\.dependencies))
        for target in targets {
            let folder = root.appendingPathComponent(target.path)
            guard let files = FileManager.default.enumerator(atPath: folder.path) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    let words = line.split(separator: " ").map(String.init).filter { !$0.hasPrefix("@") }
                    guard words.count >= 2, words[0] == "import" else { continue }
                    let module = words[1]
                    guard known.contains(module), module != target.name else { continue }
                    #expect(target.dependencies.contains(module), "\(target.name)/\(file) imports \(module) without declaring it in Package.swift")
                }
            }
        }
    }

    /// `(name, folder, declared modules)` of each target in the manifest's text: the quoted names in
    /// its `dependencies:` list (a product's `name:` is its module's name here).
    static func declaredTargets(_ manifest: String) -> [(name: String, path: String, dependencies: Set<String>)] {
        var result: [(String, String, Set<String>)] = []
        let starts = [".target(", ".testTarget(", ".executableTarget("]
        var chunks: [Substring] = []
        var rest = manifest[...]
        while let range = starts.compactMap({ rest.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) {
            rest = rest[range.upperBound...]
            let end = starts.compactMap { rest.range(of: $0)?.lowerBound }.min() ?? rest.endIndex
            chunks.append(rest[..<end])
        }
        for chunk in chunks {
            let quoted = chunk.split(separator: "\"", omittingEmptySubsequences: false)
            guard quoted.count > 1 else { continue }
            let name = String(quoted[1])
            var path = name.hasSuffix("Tests") ? "Tests/\(name)" : "Sources/\(name)"
            if let pathRange = chunk.range(of: "path: \""), let close = chunk[pathRange.upperBound...].firstIndex(of: "\"") {
                path = String(chunk[pathRange.upperBound..<close])
            }
            var dependencies: Set<String> = []
            if let depsRange = chunk.range(of: "dependencies: ["), let close = chunk[depsRange.upperBound...].range(of: "],") ?? chunk[depsRange.upperBound...].range(of: "]") {
                let list = chunk[depsRange.upperBound..<close.lowerBound]
                let parts = list.split(separator: "\"", omittingEmptySubsequences: false)
                for (index, part) in parts.enumerated() where index % 2 == 1 {
                    // `.product(name: "X", package: "y")`: the package's name is not a module.
                    let before = parts[index - 1]
                    if before.hasSuffix("package: ") { continue }
                    dependencies.insert(String(part).replacingOccurrences(of: "-", with: "_"))
                }
            }
            result.append((name, path, dependencies))
        }
        return result
    }
}
