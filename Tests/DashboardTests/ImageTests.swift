import Foundation
import MLflowCore
import Testing
import TerminalCore
import TerminalTestSupport
@testable import Dashboard

/// Image room scenes built through the reducer, answered with a synthetic image (Dashboard links no
/// image library; the real decoders are tested in ImageDecodingTests and RunboardCommandsTests).
enum ImageScenes {
    static let file = ArtifactFileRef(
        owner: .run("a1f0"), path: "plots/loss.png", size: 1_234, ownerLabel: "sweep", runId: "a1f0")

    /// A 16x16 gradient: red across, green down.
    static let pixels: RGBAImage = {
        var bytes: [UInt8] = []
        for y in 0..<16 { for x in 0..<16 { bytes += [UInt8(x * 16), UInt8(y * 16), 128, 255] } }
        return RGBAImage(width: 16, height: 16, pixels: bytes)!
    }()

    static func preview(kitty: Bool = false) -> ImagePreview {
        ImagePreview(format: "PNG", width: 16, height: 16, fileSize: 1_234, pixels: pixels,
                     kitty: kitty ? KittyImage(format: .png, base64: "iVBORw0KGgo=") : nil)
    }

    /// The runs pane with the image opened on `file`, its load not yet answered.
    static func opened(_ size: Size, kitty: Bool = false) -> (DashboardState, [Effect]) {
        var state = Scenes.runsScene(size)
        state.image.kittyGraphics = kitty
        let effects = openArtifactFile(&state, file)
        return (state, effects)
    }

    static func loadId(_ effects: [Effect]) -> Int? {
        for case .image(.load(let id, _, _, _)) in effects { return id }
        return nil
    }

    static func loaded(_ size: Size, kitty: Bool = false) -> (DashboardState, [Effect]) {
        var (state, effects) = opened(size, kitty: kitty)
        guard let id = loadId(effects) else { return (state, []) }
        let answer = reduce(&state, .image(.loaded(requestId: id, preview(kitty: kitty))))
        return (state, answer)
    }
}

/// Hands back what it is given, as a 1x1 image of its first byte, or fails with the bytes as text.
struct EchoDecoder: ImageFileDecoder {
    struct Failure: Error, CustomStringConvertible { var description: String }
    func decode(_ data: Data) throws -> DecodedImageFile {
        guard let first = data.first, first != UInt8(ascii: "x") else { throw Failure(description: "bad bytes: \(data.count)") }
        return DecodedImageFile(format: "PNG", pixels: RGBAImage(width: 1, height: 1, pixels: [first, 0, 0, 255])!)
    }
}

@Suite struct ImageReducerTests {
    @Test func openingAPNGAsksForTheFileAndAnswersAreMatchedById() throws {
        var (state, effects) = ImageScenes.opened(Size(width: 80, height: 24))
        #expect(state.focus == .image)
        #expect(state.image.returnTo == .runs)
        let id = try #require(ImageScenes.loadId(effects))
        #expect(effects == [.image(.load(requestId: id, ImageScenes.file, maxBytes: 64 << 20, kitty: false))])
        #expect(state.isLoading)
        // A stale answer is dropped.
        _ = reduce(&state, .image(.loaded(requestId: id + 100, ImageScenes.preview())))
        #expect(state.image.preview == nil)
        _ = reduce(&state, .image(.loaded(requestId: id, ImageScenes.preview())))
        #expect(state.image.preview == ImageScenes.preview())
        #expect(!state.isLoading)
        #expect(state.image.crumbs == ["sweep", "loss.png"])
        #expect(state.focusedRunId == "a1f0")
    }

    @Test func aFailureShowsTheMessage() throws {
        var (state, effects) = ImageScenes.opened(Size(width: 80, height: 24))
        let id = try #require(ImageScenes.loadId(effects))
        _ = reduce(&state, .image(.failed(requestId: id, "PNG: IDAT: incorrect data check")))
        #expect(state.image.load == .failed("PNG: IDAT: incorrect data check"))
        var (other, otherEffects) = ImageScenes.opened(Size(width: 80, height: 24))
        let otherId = try #require(ImageScenes.loadId(otherEffects))
        _ = reduce(&other, .requestFailed(requestId: otherId, message: "no such file"))
        #expect(other.image.load == .failed("no such file"))
    }

    @Test func aFileOverTheLimitIsNotRead() {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        var big = ImageScenes.file
        big.size = 65 << 20
        let effects = openArtifactFile(&state, big)
        #expect(effects.isEmpty)
        #expect(state.image.load == .failed("the file is 65.0 MiB, more than the 64.0 MiB the preview reads; download it with d"))
    }

    @Test func keysReloadDownloadAndGoBack() throws {
        var (state, _) = ImageScenes.loaded(Size(width: 80, height: 24))
        let reload = reduce(&state, .key(.char("r")))
        let id = try #require(ImageScenes.loadId(reload))
        #expect(state.image.load == .loading(requestId: id))
        #expect(state.image.preview != nil)  // the old one stays until the new one comes
        _ = reduce(&state, .key(.char("d")))
        #expect(state.downloads.prompt?.source == ArtifactRootRef(owner: .run("a1f0"), path: "plots/loss.png", label: "sweep", runId: "a1f0"))
        #expect(state.downloads.prompt?.isFolder == false)
        state.downloads.prompt = nil
        let back = reduce(&state, .key(.escape))
        #expect(back == [.cancel(requestId: id)])
        #expect(state.focus == .runs)
    }

    @Test func theKeysAreInTheTable() {
        #expect(Keymap.action(for: .char("d"), in: [.image, .global]) == .image(.download))
        #expect(Keymap.action(for: .char("r"), in: [.image, .global]) == .refreshNow)
    }
}

@Suite struct ImageKittyTests {
    @Test func displaySequenceByteForByte() {
        let image = KittyImage(format: .png, base64: "iVBORw0KGgo=")
        let sequence = KittyGraphics.display(image, at: KittyPlacement(imageRequestId: 1, x: 10, y: 3, columns: 20, rows: 8))
        #expect(sequence == "\u{1b}7\u{1b}[4;11H\u{1b}_Gf=100,a=T,i=7316,q=2,C=1,c=20,r=8,m=0;iVBORw0KGgo=\u{1b}\\\u{1b}8")
        #expect(KittyGraphics.delete() == "\u{1b}_Ga=d,d=I,i=7316,q=2\u{1b}\\")
    }

    @Test func largeDataGoesInChunksOf4096() {
        let base64 = String(repeating: "A", count: 4_096 * 2 + 8)
        let image = KittyImage(format: .rgba(width: 48, height: 32), base64: base64)
        let sequence = KittyGraphics.display(image, at: KittyPlacement(imageRequestId: 1, x: 0, y: 0, columns: 4, rows: 2))
        let a4096 = String(repeating: "A", count: 4_096)
        #expect(sequence == "\u{1b}7\u{1b}[1;1H"
            + "\u{1b}_Gf=32,s=48,v=32,a=T,i=7316,q=2,C=1,c=4,r=2,m=1;\(a4096)\u{1b}\\"
            + "\u{1b}_Gm=1,q=2;\(a4096)\u{1b}\\"
            + "\u{1b}_Gm=0,q=2;AAAAAAAA\u{1b}\\"
            + "\u{1b}8")
    }

    @Test func detectionFromTheEnvironment() {
        #expect(KittyGraphics.isEnabled(environment: ["TERM": "xterm-kitty"], config: nil))
        #expect(KittyGraphics.isEnabled(environment: ["TERM": "xterm-256color", "KITTY_WINDOW_ID": "1"], config: nil))
        #expect(KittyGraphics.isEnabled(environment: ["TERM": "xterm-256color", "TERM_PROGRAM": "WezTerm"], config: nil))
        #expect(KittyGraphics.isEnabled(environment: ["TERM": "xterm-ghostty"], config: nil))
        #expect(!KittyGraphics.isEnabled(environment: ["TERM": "xterm-256color"], config: nil))
        #expect(!KittyGraphics.isEnabled(environment: ["TERM": "tmux-256color", "KITTY_WINDOW_ID": "1"], config: nil))
        #expect(!KittyGraphics.isEnabled(environment: ["TERM": "xterm-kitty", "TMUX": "/tmp/tmux-0/default,1,0"], config: nil))
        #expect(!KittyGraphics.isEnabled(environment: ["TERM": "xterm-kitty"], config: false))
        #expect(!KittyGraphics.isEnabled(environment: ["TERM": "xterm-kitty", "RUNBOARD_KITTY_GRAPHICS": "0"], config: nil))
        #expect(KittyGraphics.isEnabled(environment: ["TERM": "xterm-256color", "RUNBOARD_KITTY_GRAPHICS": "1"], config: false))
        let (config, warnings) = DashboardConfig.parse("kitty_graphics: false", source: "c.yaml")
        #expect(config.kittyGraphics == false && warnings.isEmpty)
    }

    /// Shown over the preview's cells when the image comes, moved on a resize, deleted on leaving.
    @Test func theImageFollowsThePreview() {
        var (state, effects) = ImageScenes.loaded(Size(width: 80, height: 24), kitty: true)
        // 80x24: the box on rows 1..22, inside it rows 2..21 less the 3 header rows: 78x17 cells from
        // (1, 5), 34 pixel rows; 16x16 pixels fit as 34 columns by 17 rows, centred.
        let placement = KittyPlacement(imageRequestId: state.image.previewRequestId, x: 23, y: 5, columns: 34, rows: 17)
        #expect(state.image.kittyShown == placement)
        #expect(effects == [.image(.kittyGraphics(KittyGraphics.display(ImageScenes.preview(kitty: true).kitty!, at: placement)))])
        #expect(reduce(&state, .tick(now: Scenes.now + 1_000)).isEmpty)
        let resized = reduce(&state, .resize(Size(width: 100, height: 30)))
        #expect(resized.first == .image(.kittyGraphics(KittyGraphics.delete())))
        #expect(resized.count == 2)
        _ = reduce(&state, .key(.char("?")))
        #expect(state.image.kittyShown == nil)
        _ = reduce(&state, .key(.char("?")))
        #expect(state.image.kittyShown != nil)
        let back = reduce(&state, .key(.escape))
        #expect(back == [.image(.kittyGraphics(KittyGraphics.delete()))])
        #expect(state.image.kittyShown == nil)
    }

    @Test func withoutKittyNothingIsSent() {
        let (state, effects) = ImageScenes.loaded(Size(width: 80, height: 24))
        #expect(effects.isEmpty)
        #expect(state.image.kittyShown == nil)
    }
}

@Suite struct ImageRenderTests {
    func draw(_ state: DashboardState, symbols: Symbols = .unicode, depth: ColorDepth = .trueColor) -> CellBuffer {
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(theme: .builtIn, symbols: symbols, colorDepth: depth), into: &buffer)
        return buffer
    }

    @Test func loadedAt80x24() {
        let (state, _) = ImageScenes.loaded(Size(width: 80, height: 24))
        let buffer = draw(state)
        Snapshot.assert(buffer, named: "image-80x24")
        // The preview's top-left cell: the gradient's first pixel, scaled up, over the same.
        let corner = buffer[23, 5]
        #expect(corner.text == "▀")
        #expect(corner.style.fg == .rgb(0, 0, 128))
        #expect(corner.style.bg == .rgb(0, 0, 128))
        #expect(buffer[56, 21].style.bg == .rgb(240, 240, 128))
    }

    @Test func loadedAt160x48() {
        let (state, _) = ImageScenes.loaded(Size(width: 160, height: 48))
        Snapshot.assert(draw(state), named: "image-160x48")
    }

    @Test func withKittyAt80x24() {
        let (state, _) = ImageScenes.loaded(Size(width: 80, height: 24), kitty: true)
        Snapshot.assert(draw(state), named: "image-kitty-80x24")
    }

    @Test func asciiAndNoColours() {
        let (state, _) = ImageScenes.loaded(Size(width: 80, height: 24))
        Snapshot.assert(draw(state, symbols: .ascii, depth: .none), named: "image-ascii-nocolour-80x24")
    }

    /// A logged model's file: the header names the model as its label does, not as a run.
    @Test func aModelsImage() throws {
        var state = Scenes.runsScene(Size(width: 80, height: 24))
        let file = ArtifactFileRef(owner: .loggedModel("m-1"), path: "plots/loss.png", size: 1_234, ownerLabel: "model fixture-model v1", runId: "a1f0")
        let id = try #require(ImageScenes.loadId(openArtifactFile(&state, file)))
        _ = reduce(&state, .image(.loaded(requestId: id, ImageScenes.preview())))
        let buffer = draw(state)
        #expect(buffer.text(row: 2).hasPrefix("│model fixture-model v1 · plots/loss.png"))
        #expect(buffer.text(row: 0).contains("model fixture-model v1 › loss.png"))
    }

    @Test func loadingAndFailed() throws {
        var (state, effects) = ImageScenes.opened(Size(width: 80, height: 24))
        Snapshot.assert(draw(state), named: "image-loading-80x24")
        let id = try #require(ImageScenes.loadId(effects))
        _ = reduce(&state, .image(.failed(requestId: id, "PNG: IDAT: incorrect data check")))
        Snapshot.assert(draw(state), named: "image-failed-80x24")
    }
}

@Suite struct ImageEffectTests {
    @Test func thePreviewIsShrunkAndKittyGetsThePNGAsItIs() throws {
        let data = Data([200, 1, 2, 3])
        let preview = try EffectRunner.preview(data, decoder: EchoDecoder(), kitty: true)
        #expect(preview.format == "PNG")
        #expect(preview.fileSize == 4)
        #expect(preview.kitty == KittyImage(format: .png, base64: data.base64EncodedString()))
        #expect(try EffectRunner.preview(data, decoder: EchoDecoder(), kitty: false).kitty == nil)
        #expect(throws: EchoDecoder.Failure.self) { try EffectRunner.preview(Data("x".utf8), decoder: EchoDecoder(), kitty: false) }
    }
}
