import Dashboard
import Foundation
import MLflowCore
import Testing
import TerminalCore

@Suite struct ConfigTests {
    @Test func everySettingIsRead() {
        let (config, warnings) = DashboardConfig.parse("""
            theme: light
            mouse: false
            ascii: yes
            refresh_seconds: 2.5
            auto_refresh: false
            columns: [metrics.val_loss, params.lr]
            """, source: "c.yaml")
        #expect(warnings == [])
        #expect(config.theme == "light")
        #expect(config.mouse == false)
        #expect(config.ascii == true)
        #expect(config.refreshSeconds == 2.5)
        #expect(config.autoRefresh == false)
        #expect(config.columns == [.metric("val_loss"), .param("lr")])
    }

    @Test func mistakesWarnAndKeepTheDefaults() {
        let (config, warnings) = DashboardConfig.parse("""
            mouse: sometimes
            refresh_seconds: 0
            columns: [metrics.loss, tags.x, attributes.status]
            colour: red
            """, source: "c.yaml")
        #expect(config.mouse == nil)
        #expect(config.refreshSeconds == nil)
        #expect(config.columns == [.metric("loss"), .tag("x")])
        #expect(warnings == [
            "config c.yaml: mouse: expected true or false",
            "config c.yaml: refresh_seconds: 0 s is too short; the minimum is 1 s (a number of seconds from 1 to 86400)",
            "config c.yaml: columns: 'attributes.status' is not metrics.NAME, params.NAME or tags.NAME",
            "config c.yaml: colour: unknown setting (known: theme, mouse, ascii, refresh_seconds, auto_refresh, kitty_graphics, columns)",
        ])
    }

    @Test func brokenOrEmptyFiles() throws {
        #expect(DashboardConfig.parse("", source: "c").warnings == [])
        #expect(DashboardConfig.parse("# only a comment\n", source: "c").warnings == [])
        let broken = DashboardConfig.parse("theme: [light", source: "c")
        #expect(broken.config == DashboardConfig())
        #expect(broken.warnings.first?.hasPrefix("config c: not valid YAML") == true)
        #expect(DashboardConfig.parse("- a\n- b\n", source: "c").warnings == ["config c: expected a mapping of settings; using the defaults"])
        #expect(DashboardConfig.load(path: "/nonexistent/runboard/config.yaml") == (DashboardConfig(), []))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString).yaml").path
        try Data([0xff, 0xfe, 0x00]).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(DashboardConfig.load(path: path).warnings == ["config \(path): cannot be read as UTF-8 text; using the defaults"])
    }

    @Test func thePathFollowsXDG() {
        #expect(DashboardConfig.path(["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/home/a"]) == "/x/cfg/runboard/config.yaml")
        #expect(DashboardConfig.path(["XDG_CONFIG_HOME": "", "HOME": "/home/a"]) == "/home/a/.config/runboard/config.yaml")
        // A relative XDG_CONFIG_HOME is invalid by the spec and ignored.
        #expect(DashboardConfig.path(["XDG_CONFIG_HOME": "rel", "HOME": "/home/a"]) == "/home/a/.config/runboard/config.yaml")
    }

    @Test func preferredColumnsReplaceTheMostVaryingOnesWhenPresent() {
        var config = DashboardConfig()
        config.columns = [.param("lr"), .metric("missing")]
        config.refreshSeconds = 2
        config.autoRefresh = false
        var state = loadedState()
        config.apply(to: &state)
        #expect(state.live.interval == 2_000)
        #expect(state.live.auto == false)
        let runs = (0..<5).map { makeRun("r\($0)", metrics: ["acc": Double($0)], params: ["lr": "0.\($0)", "seed": "\($0)"]) }
        if let id = openRuns(&state) {
            _ = reduce(&state, .runsPageLoaded(requestId: id, runs, done: true))
        }
        #expect(state.runs.columns == [.param("lr")])
        // None of them present: the most varying ones.
        #expect(RunColumns.defaults(runs, preferred: [.metric("nope")]) == RunColumns.mostVarying(runs))
        // `:columns` with no names goes back to the defaults.
        _ = reduce(&state, .runCommand("columns metrics.acc"))
        #expect(state.runs.columns == [.metric("acc")])
        _ = reduce(&state, .runCommand("columns"))
        #expect(state.runs.columns == [.param("lr")])
    }
}
