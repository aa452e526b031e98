import Dashboard
import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport

/// Screens of the models room at 80x24 and 160x48, compared with text snapshots.
@Suite struct ModelsRenderTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]

    @Test(arguments: sizes)
    func theModels(_ size: Size) {
        let text = Scenes.snapshot(ModelsScenes.opened(size), "models").text()
        #expect(text.contains("models") && text.contains("Registered models (4)"))
        #expect(text.contains(size.width >= 160 ? "@champion → v3, @staging → v4" : "@champion → v3"))
        #expect(text.contains("fixture-model") && text.contains("v4"))
        #expect(!text.contains("second line"), "one line of a description")
        if size.width >= 160 {
            #expect(text.contains("Description") && text.contains("Tags"))
        } else {
            #expect(!text.contains("Description"), "the description gives way first")
        }
    }

    @Test(arguments: sizes)
    func theVersionsOfAModel(_ size: Size) {
        let text = Scenes.snapshot(ModelsScenes.versionsOpened(size), "models-versions").text()
        #expect(text.contains("models › fixture-model"))
        #expect(text.contains("sweep"), "a source run by its name")
        #expect(text.contains("gone1 (gone)"))
        #expect(text.contains("Archived"), "the stage column, since a version has one")
        if size.width >= 160 { #expect(text.contains("m-0123456789abcdef0123456789abcdef")) }
    }

    @Test(arguments: sizes)
    func aHostileModelSelected(_ size: Size) {
        var state = ModelsScenes.opened(size)
        ModelsScenes.type(&state, [.char("j")])
        let text = Scenes.snapshot(state, "models-hostile").text()
        #expect(text.contains("EVIL"))
    }

    @Test(arguments: sizes)
    func loadingThenFailed(_ size: Size) {
        var state = ModelsScenes.opened(size, answer: false)
        #expect(Scenes.snapshot(state, "models-loading").text().contains("loading the registered models"))
        if let id = state.models.modelsLoad.pendingRequestId {
            _ = reduce(&state, .requestFailed(requestId: id, message: "connection refused\u{1b}[2J"))
        }
        #expect(Scenes.snapshot(state, "models-failed").text().contains("could not load the registered models: connection refused"))
    }

    @Test func theFilterBeingTyped() {
        var state = ModelsScenes.opened(Size(width: 80, height: 24))
        ModelsScenes.type(&state, [.char("/"), .char("m"), .char("o"), .char("d")])
        let text = Scenes.snapshot(state, "models-filter").text()
        #expect(text.contains("Registered models (1 of 4) /mod"))
        #expect(text.contains("/ mod"))
    }

    @Test func aJumpInProgressAndFailed() {
        var state = ModelsScenes.versionsOpened(Size(width: 80, height: 24))
        let effects = reduce(&state, .key(.enter))
        #expect(Scenes.draw(state).text().contains("reading the source run..."))
        for case .models(.loadSourceRun(let id, _)) in effects {
            _ = reduce(&state, .requestFailed(requestId: id, message: "not found: run f6a5"))
        }
        let text = Scenes.snapshot(state, "models-jump-failed").text()
        #expect(text.contains("could not read the source run: not found: run f6a5"))
    }

    @Test func asciiSymbols() {
        let buffer = Scenes.draw(ModelsScenes.opened(Size(width: 80, height: 24)), symbols: .ascii)
        #expect(buffer.text().contains("@champion -> v3"))
    }
}
