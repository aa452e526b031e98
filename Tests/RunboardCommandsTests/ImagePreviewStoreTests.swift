import Dashboard
import Foundation
import MLflowClient
import Synchronization
import TerminalCore
import TestFixtures
import Testing
@testable import RunboardCommands

/// The image preview's effect against the fixture stores: `artifact-run`'s PNG and JPEG read from
/// the store and decoded by libpng and libjpeg through the program's decoder.
@Suite("the image preview reads the fixture images", .serialized, .enabled(if: Fixtures.haveLocalStores))
struct ImagePreviewStoreTests {
    final class Answers: Sendable {
        let actions = Mutex<[Dashboard.Action]>([])
        func append(_ action: Dashboard.Action) { actions.withLock { $0.append(action) } }
        func wait(for count: Int) async -> [Dashboard.Action] {
            for _ in 0..<1_000 {
                let now = actions.withLock { $0 }
                if now.count >= count { return now }
                try? await Task.sleep(nanoseconds: 5_000_000)
            }
            return actions.withLock { $0 }
        }
    }

    func load(_ uri: String, runKey: String, path: String, kitty: Bool) async throws -> Dashboard.Action {
        let manifest = try #require(try Fixtures.manifest()["stores"] as? [String: [String: Any]])
        let runId = try #require((manifest[runKey]?["runs"] as? [String: String])?["artifact-run"])
        let store = try StoreOpener.open(explicit: uri)
        let answers = Answers()
        let runner = EffectRunner(store: store, imageDecoder: SystemImageDecoder()) { answers.append($0) }
        let file = ArtifactFileRef(owner: .run(runId), path: path, size: nil, ownerLabel: "artifact-run", runId: runId)
        await runner.perform(.image(.load(requestId: 9, file, maxBytes: 64 << 20, kitty: kitty)))
        let actions = await answers.wait(for: 1)
        await store.close()
        return try #require(actions.first)
    }

    @Test(arguments: [("sqlite", "sqlite"), ("filestore", "filestore")])
    func thePNGAndTheJPEG(_ kind: String, _ runKey: String) async throws {
        let uri = kind == "sqlite" ? "sqlite:///" + Fixtures.sqlitePath : Fixtures.fileStorePath
        let png = try await load(uri, runKey: runKey, path: "plots/loss.png", kitty: true)
        guard case let .image(.loaded(9, preview)) = png else {
            Issue.record("unexpected answer \(png)")
            return
        }
        #expect(preview.format == "PNG" && preview.width == 16 && preview.height == 16)
        #expect(Array(preview.pixels.pixels[0..<4]) == [0, 0, 128, 255])
        #expect(preview.kitty?.format == .png)
        #expect(preview.kitty.flatMap { Data(base64Encoded: $0.base64) }?.count == Int(preview.fileSize))

        let jpeg = try await load(uri, runKey: runKey, path: "plots/gradient.jpg", kitty: true)
        guard case let .image(.loaded(9, jpegPreview)) = jpeg else {
            Issue.record("unexpected answer \(jpeg)")
            return
        }
        #expect(jpegPreview.format == "JPEG" && jpegPreview.width == 48 && jpegPreview.height == 32)
        #expect(jpegPreview.fileSize == 996)
        #expect(Array(jpegPreview.pixels.pixels[0..<4]) == [0, 4, 26, 255])
        #expect(jpegPreview.kitty?.format == .rgba(width: 48, height: 32))
        #expect(jpegPreview.kitty.flatMap { Data(base64Encoded: $0.base64) }?.count == 48 * 32 * 4)
    }

    /// A file that is not an image (a CSV named like one would be the same): the decoder's message.
    @Test func aFileThatIsNoImageIsRefusedWithAMessage() async throws {
        let answer = try await load("sqlite:///" + Fixtures.sqlitePath, runKey: "sqlite", path: "data/nested/deep/values.csv", kitty: false)
        #expect(answer == .image(.failed(requestId: 9, "not a PNG or JPEG file (its first bytes say neither)")))
    }
}
