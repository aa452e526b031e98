import Dashboard
import Foundation
import Testing
import TerminalCore

@Suite struct ThemeTests {
    @Test func builtInCoversEveryRole() {
        #expect(Set(Theme.builtIn.styles.keys) == Set(ThemeRole.allCases))
    }

    @Test(arguments: ThemeFile.bundledNames)
    func bundledThemesLoadWithoutWarnings(_ name: String) {
        let (theme, warnings) = ThemeFile.load(name)
        #expect(warnings == [])
        #expect(theme.name == name)
    }

    /// The binary carries the text of `themes/*.yaml` (scripts/embed-themes writes it).
    @Test func bundledThemesAreTheFilesInThemesFolder() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(ThemeFile.bundledNames), "run scripts/embed-themes")
        for (name, text) in ThemeFile.bundled {
            let file = try String(contentsOf: folder.appendingPathComponent("\(name).yaml"), encoding: .utf8)
            #expect(file.trimmingCharacters(in: .newlines) == text, "themes/\(name).yaml differs from the built-in copy: run scripts/embed-themes")
        }
    }

    @Test func aUserThemeOfTheSameNameWins() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "name: mine\nroles:\n  sparkline: { fg: red }\n".write(to: folder.appendingPathComponent("light.yaml"), atomically: true, encoding: .utf8)
        let (theme, warnings) = ThemeFile.load("light", directories: [folder.path])
        #expect(warnings == [])
        #expect(theme.name == "mine")
        #expect(theme[.sparkline].fg == .ansi(1))
    }

    @Test func monochromeHasNoColours() {
        let theme = ThemeFile.load("monochrome").theme
        for role in ThemeRole.allCases {
            #expect(theme[role].fg == .default && theme[role].bg == .default, "\(role.rawValue)")
        }
        #expect(theme[.runsSelected].attributes == .reverse)
    }

    @Test func aFileOverridesOnlyWhatItNames() {
        let (theme, warnings) = ThemeFile.parse("""
            roles:
              sparkline: { fg: "#102030" }
              runs.selected: { bg: bright-blue, attributes: [bold, underline] }
            """, name: "mine")
        #expect(warnings == [])
        #expect(theme[.sparkline] == Style(fg: .rgb(16, 32, 48)))
        #expect(theme[.runsSelected] == Style(fg: Theme.builtIn[.runsSelected].fg, bg: .ansi(12), attributes: [.bold, .underline]))
        #expect(theme[.statusError] == Theme.builtIn[.statusError])
    }

    @Test func mistakesGiveWarningsAndTheDefault() {
        let (theme, warnings) = ThemeFile.parse("""
            roles:
              runs.nope: { fg: red }
              sparkline: { fg: chartreuse, attributes: [blink] }
            """, name: "bad")
        #expect(warnings == [
            "theme bad: unknown role runs.nope",
            "theme bad, sparkline: bad colour chartreuse",
            "theme bad, sparkline: unknown attribute blink",
        ])
        #expect(theme[.sparkline].fg == Theme.builtIn[.sparkline].fg)
    }

    @Test func aBrokenFileGivesTheDefault() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID().uuidString).yaml").path
        try "roles: { sparkline: [".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (theme, warnings) = ThemeFile.load(path)
        #expect(theme.styles == Theme.builtIn.styles)
        #expect(warnings.count == 1)
        #expect(warnings.first?.hasPrefix("theme \(path): not valid YAML") == true)
        #expect(ThemeFile.load("no-such-theme").warnings == ["theme no-such-theme: not found; using the default theme"])
    }

    @Test func coloursParse() {
        #expect(ThemeFile.color("bright_red") == .ansi(9))
        #expect(ThemeFile.color("7") == .ansi(7))
        #expect(ThemeFile.color("208") == .indexed(208))
        #expect(ThemeFile.color("#ff8000") == .rgb(255, 128, 0))
        #expect(ThemeFile.color("#ff80") == nil)
    }

    @Test func steppingToNoColourKeepsAttributesOnly() {
        let theme = Theme.builtIn.stepped(to: .none)
        #expect(theme[.runsSelected] == Style(attributes: [.bold, .reverse]))
        #expect(theme[.sparkline] == Style())
    }
}
