import Foundation
import ImageDecoding
import TerminalCore
import TerminalTestSupport
import Testing

/// The half-block previews of the fixture PNG and JPEG, decoded by libpng and libjpeg: the cells'
/// characters, then each row's colours (upper pixel / lower pixel as hex).
@Suite struct PreviewSnapshotTests {
    func pixels(_ data: Data) throws -> RGBAImage {
        let decoded = try ImageDecoder.decode(data)
        return try #require(RGBAImage(width: decoded.width, height: decoded.height, pixels: decoded.rgba))
    }

    /// The buffer's text, then one line per row of `fg/bg` colours of the cells the preview took.
    static func cellsWithColours(_ buffer: CellBuffer, _ placed: Rect) -> String {
        func hex(_ color: Color) -> String {
            switch color {
            case let .rgb(r, g, b): [r, g, b].map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            case .default: "------"
            case .ansi(let n): "ansi\(n)"
            case .indexed(let n): "idx\(n)"
            }
        }
        var lines = [buffer.text(), "colours of \(placed.width)x\(placed.height) cells at (\(placed.x), \(placed.y)):"]
        for y in placed.y..<placed.maxY {
            lines.append((placed.x..<placed.maxX).map { x in hex(buffer[x, y].style.fg) + "/" + hex(buffer[x, y].style.bg) }.joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }

    @Test func thePNGPreview() throws {
        var buffer = CellBuffer(size: Size(width: 20, height: 8))
        let placed = HalfBlockImage(try pixels(FixtureImages.lossPNG)).draw(in: buffer.area, into: &buffer)
        #expect(placed == Rect(x: 2, y: 0, width: 16, height: 8))
        Snapshot.assert(text: Self.cellsWithColours(buffer, placed), named: "png-16x16-in-20x8")
    }

    @Test func theJPEGPreviewShrunk() throws {
        var buffer = CellBuffer(size: Size(width: 24, height: 8))
        let placed = HalfBlockImage(try pixels(FixtureImages.gradientJPEG)).draw(in: buffer.area, into: &buffer)
        #expect(placed == Rect(x: 0, y: 0, width: 24, height: 8))
        Snapshot.assert(text: Self.cellsWithColours(buffer, placed), named: "jpeg-48x32-in-24x8")
    }

    @Test func theJPEGWithoutColours() throws {
        var buffer = CellBuffer(size: Size(width: 24, height: 8))
        let placed = HalfBlockImage(try pixels(FixtureImages.gradientJPEG), mode: .density).draw(in: buffer.area, into: &buffer)
        Snapshot.assert(text: Self.cellsWithColours(buffer, placed), named: "jpeg-48x32-density")
    }
}
