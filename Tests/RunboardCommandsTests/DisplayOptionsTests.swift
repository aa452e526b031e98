import Foundation
import Testing
@testable import RunboardCommands

@Suite("Display options of the dashboard and the demo") struct DisplayOptionsTests {
    @Test func demoTakesTheDashboardsDisplayOptions() throws {
        let demo = try DemoCommand.parse(["--theme", "light", "--ascii", "--no-mouse"])
        #expect(demo.display.theme == "light")
        #expect(demo.display.ascii)
        #expect(demo.display.noMouse)
        let open = try DashboardCommand.parse(["--theme", "monochrome", "--ascii", "--no-mouse", "sqlite:///x.db"])
        #expect(open.display.theme == "monochrome")
        #expect(open.display.ascii && open.display.noMouse)
        let plain = try DemoCommand.parse([])
        #expect(plain.display.theme == nil && !plain.display.ascii && !plain.display.noMouse)
    }

    @Test func bothHelpsListTheSameOptions() {
        for help in [DemoCommand.helpMessage(), DashboardCommand.helpMessage()] {
            #expect(help.contains("--theme <name|path>"))
            #expect(help.contains("--no-mouse"))
            #expect(help.contains("--ascii"))
        }
    }

    @Test func demoWithDisplayOptionsStillPrintsWhenNotOnATerminal() async throws {
        let result = try await CLI.run(["demo", "--theme", "light", "--ascii", "--no-mouse", "--format", "csv"], cwd: "/")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("image-classifier-sweep"))
    }
}
