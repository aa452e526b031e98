import Foundation
import Dashboard
import Testing
import TerminalCore

@Suite struct KeymapTests {
    @Test(arguments: KeyContext.allCases)
    func noKeyIsBoundTwiceInAContext(_ context: KeyContext) {
        var seen: [Key: Int] = [:]
        for binding in Keymap.bindings(context) { for key in binding.keys { seen[key, default: 0] += 1 } }
        #expect(seen.filter { $0.value > 1 }.isEmpty)
    }

    @Test func paneTablesComeBeforeTheGlobalOne() {
        #expect(Keymap.action(for: .escape, in: .chart) == .goBack)
        #expect(Keymap.action(for: .char("q"), in: .chart) == .quit)
        #expect(Keymap.action(for: .char("/"), in: .experiments) == .beginExperimentFilter)
        #expect(Keymap.action(for: .char("/"), in: .runs) == .beginRunSearchFilter)
        #expect(Keymap.action(for: .char("Q"), in: .runs) == nil)
    }

    @Test func footerHintsComeFromTheTable() {
        let hints = Keymap.hints(for: .experiments).map { "\($0.keys) \($0.hint)" }
        #expect(hints == ["Enter/l/→ open", "space mark", "/ filter", "d deleted", "M models", "? help", "q/C-c quit"])
    }

    /// The README's key tables are the key tables: `runboard keys --markdown` with its headings two
    /// levels down, pasted under "### Keys". A key added, changed or dropped fails here until it is.
    @Test func theReadmesKeyTablesAreTheKeyTables() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let text = try String(contentsOf: readme, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let start = try #require(lines.firstIndex(of: "#### Everywhere"))
        let end = lines[start...].firstIndex { $0.hasPrefix("## ") || $0.hasPrefix("### ") } ?? lines.endIndex
        let inReadme = lines[start..<end].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let generated = Keymap.markdown().components(separatedBy: "\n").dropFirst()
            .map { $0.hasPrefix("## ") ? "##" + $0 : $0 }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(inReadme == generated, "run scripts/readme-keys (it pastes `runboard keys --markdown` under the README's ### Keys)")
    }

    @Test func markdownListsEveryBinding() {
        let markdown = Keymap.markdown()
        #expect(markdown.contains("## Runs\n\n| keys | action |\n| --- | --- |\n| `↑`, `k` | Move up |\n"))
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| `") }
        #expect(rows.count == KeyContext.allCases.map { Keymap.bindings($0).count }.reduce(0, +))
    }

    @Test func helpLinesHaveATitlePerContext() {
        let lines = Keymap.helpLines()
        #expect(lines.first == "Everywhere")
        #expect(lines.contains("Metric chart"))
        #expect(lines.contains("  S-Tab            Previous pane"))
    }
}
