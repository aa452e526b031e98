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
