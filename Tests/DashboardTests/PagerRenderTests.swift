@testable import Dashboard
import Foundation
import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport

/// Screens of the pager at 80x24 and 160x48, compared with text snapshots.
@Suite struct PagerRenderTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 160, height: 48)]

    @Test(arguments: sizes)
    func aLogWithASearch(_ size: Size) {
        var state = PagerScenes.showing("logs/train.log", PagerScenes.log(500), screen: size)
        PagerScenes.type(&state, [.char("/")])
        PagerScenes.type(&state, "step 4")
        PagerScenes.type(&state, [.enter, .char("n")])
        #expect(Scenes.draw(state).text().contains("2/111 matches"))
        Scenes.snapshot(state, "pager-log-search")
    }

    @Test(arguments: sizes)
    func aLogStillArriving(_ size: Size) {
        var state = DashboardState(storeURI: "", size: size, now: PagerScenes.now)
        let id = PagerScenes.opened("bulk/train.log", size: 52_428_800, screen: size, state: &state)
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data(PagerScenes.log(60).utf8))))
        Scenes.snapshot(state, "pager-log-arriving")
    }

    @Test(arguments: sizes)
    func jsonLaidOut(_ size: Size) {
        let json = #"{"run_id":"abc","metrics":{"acc":0.9100,"loss":1e-7,"big":123456789012345678901234567890},"tags":["a","b\u00e9"],"empty":{},"none":null}"#
        Scenes.snapshot(PagerScenes.showing("eval/metrics.json", json, screen: size), "pager-json")
    }

    @Test(arguments: sizes)
    func invalidJSON(_ size: Size) {
        Scenes.snapshot(PagerScenes.showing("config.json", "{\n  \"lr\": 0.01,\n  \"layers\": [64, 32,],\n}\n", screen: size), "pager-json-invalid")
    }

    @Test(arguments: sizes)
    func csvAsATable(_ size: Size) {
        let csv = "step,acc,val_loss,note\n0,0.50,1.00,\"first, with comma\"\n1,0.51,0.98,\"multi\nline\"\n2,0.52,0.96,\"say \"\"hi\"\"\"\n3,0.53\n4,0.54,0.92,x,extra\n"
        var state = PagerScenes.showing("data/nested/deep/values.csv", csv, screen: size)
        Scenes.snapshot(state, "pager-csv")
        PagerScenes.type(&state, [.char("l"), .char("l")])
        Scenes.snapshot(state, "pager-csv-sideways")
    }

    @Test(arguments: sizes)
    func binaryPanel(_ size: Size) {
        var state = DashboardState(storeURI: "", size: size, now: PagerScenes.now)
        let id = PagerScenes.opened("model/model.pkl", size: 1_234_567, screen: size, state: &state)
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data([0x80, 0x04, 0x95, 0x1B, 0x5B, 0x32, 0x4A, 0x00]))))
        Scenes.snapshot(state, "pager-binary")
    }

    @Test(arguments: sizes)
    func hostileText(_ size: Size) {
        var bytes = Array("clear:\u{1b}[2J title:\u{1b}]0;pwned\u{07} bidi:\u{202e}cba\u{202c} nul:".utf8) + [0x00]
        bytes += Array(" bad:".utf8) + [0xFF, 0xC3, 0x28] + Array("\ttab\tstops\r\n".utf8)
        bytes += Array("wide: 名前 emoji 😀 combining e\u{301}\n\u{301}leading mark\nC1:\u{85}\u{9b}31m\n".utf8)
        // Opened as a text file by name: its NUL would make an unknown file binary.
        var state = DashboardState(storeURI: "", size: size, now: PagerScenes.now)
        let id = PagerScenes.opened("notes/hostile.md", size: bytes.count, screen: size, state: &state)
        state.pager.mode = .text
        _ = reduce(&state, .pager(.bytesLoaded(requestId: id, Data(bytes))))
        _ = reduce(&state, .pager(.readFinished(requestId: id, complete: true)))
        let text = Scenes.draw(state).text()
        #expect(text.contains("\\x1b[2J") && text.contains("\\u202e") && text.contains("\\x00") && text.contains("\u{FFFD}"))
        Scenes.snapshot(state, "pager-hostile")
    }

    @Test(arguments: sizes)
    func longLinesWrapped(_ size: Size) {
        var state = PagerScenes.showing("out.txt", String(repeating: "0123456789", count: 40) + "\nshort line\n", screen: size)
        PagerScenes.type(&state, [.char("w")])
        Scenes.snapshot(state, "pager-wrapped")
    }

    /// Tiny screens: nothing drawn outside the buffer, no crash, keys still move.
    @Test(arguments: [Size(width: 1, height: 1), Size(width: 6, height: 4), Size(width: 12, height: 6), Size(width: 30, height: 3)])
    func tinyScreens(_ size: Size) {
        let files: [(String, String)] = [("a.log", PagerScenes.log(50)), ("t.csv", "a,b\n1,2\n"), ("w.txt", String(repeating: "名", count: 40))]
        for (path, text) in files {
            var state = PagerScenes.showing(path, text, screen: size)
            PagerScenes.type(&state, [.char("w"), .char("G"), .char("l"), .char("k"), .char("/"), .char("1"), .enter, .char("n")])
            #expect(Scenes.draw(state).size == size)
        }
    }

    @Test func emptyAndFailed() {
        var state = PagerScenes.showing("empty.txt", "")
        #expect(Scenes.draw(state).text().contains("(empty file)"))
        #expect(Scenes.draw(state).text().contains("text · 0 B · 0 lines"))
        let id = PagerScenes.opened("x.txt", state: &state)
        _ = reduce(&state, .requestFailed(requestId: id, message: "permission denied \u{1b}[31m"))
        #expect(Scenes.draw(state).text().contains("could not read the file: permission denied \\x1b[31m"))
    }
}
