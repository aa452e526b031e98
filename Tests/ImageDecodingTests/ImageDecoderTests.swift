import Foundation
import ImageDecoding
import Testing

@Suite struct ImageDecoderTests {
    /// The pixel at (x, y) as RGBA.
    func pixel(_ image: DecodedImage, _ x: Int, _ y: Int) -> [UInt8] {
        let i = (y * image.width + x) * 4
        return Array(image.rgba[i..<i + 4])
    }

    @Test func formatsAreSniffedFromTheFirstBytes() {
        #expect(ImageFormat.sniff(FixtureImages.lossPNG) == .png)
        #expect(ImageFormat.sniff(FixtureImages.gradientJPEG) == .jpeg)
        #expect(ImageFormat.sniff(Data("GIF89a".utf8)) == nil)
        #expect(ImageFormat.sniff(Data([0x89, 0x50])) == nil)
        #expect(ImageFormat.sniff(Data()) == nil)
    }

    /// The values Pillow reads from the same files.
    @Test func decodesThePNGFixture() throws {
        let image = try ImageDecoder.decode(FixtureImages.lossPNG)
        #expect(image.format == .png)
        #expect(image.width == 16 && image.height == 16)
        #expect(image.rgba.count == 16 * 16 * 4)
        #expect(pixel(image, 0, 0) == [0, 0, 128, 255])
        #expect(pixel(image, 15, 15) == [240, 240, 128, 255])
        #expect(pixel(image, 8, 8) == [128, 128, 128, 255])
        #expect(pixel(image, 3, 12) == [48, 192, 128, 255])
    }

    @Test func decodesTheJPEGFixture() throws {
        let image = try ImageDecoder.decode(FixtureImages.gradientJPEG)
        #expect(image.format == .jpeg)
        #expect(image.width == 48 && image.height == 32)
        #expect(image.rgba.count == 48 * 32 * 4)
        #expect(pixel(image, 0, 0) == [0, 4, 26, 255])
        #expect(pixel(image, 47, 0) == [252, 2, 126, 255])
        #expect(pixel(image, 0, 31) == [10, 249, 129, 255])
        #expect(pixel(image, 47, 31) == [253, 254, 36, 255])
        #expect(pixel(image, 24, 16) == [134, 135, 95, 255])
    }

    func message(_ data: Data, maxPixels: Int = ImageDecoder.defaultMaxPixels) -> String? {
        do {
            _ = try ImageDecoder.decode(data, maxPixels: maxPixels)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func truncatedFilesAreRefusedWithTheDecodersMessage() {
        #expect(message(FixtureImages.lossPNG.prefix(FixtureImages.lossPNG.count / 2)) == "PNG: read beyond end of data")
        #expect(message(FixtureImages.lossPNG.prefix(8)) != nil)
        #expect(message(FixtureImages.gradientJPEG.prefix(900)) == "JPEG: the JPEG data ends early (15 of 32 rows)")
        #expect(message(FixtureImages.gradientJPEG.prefix(FixtureImages.gradientJPEG.count / 2)) == "JPEG: Invalid JPEG file structure: missing SOS marker")
        #expect(message(FixtureImages.gradientJPEG.prefix(3)) != nil)
    }

    @Test func corruptFilesAreRefused() {
        var png = FixtureImages.lossPNG
        let middle = png.startIndex + png.count / 3
        png[middle] ^= 0x55
        png[middle + 1] ^= 0x55
        #expect(message(png) == "PNG: IDAT: incorrect data check")
        var jpeg = FixtureImages.gradientJPEG
        // The frame header's precision byte (SOF0 at 0x9E: length, then precision).
        if let sof = jpeg.firstRange(of: Data([0xFF, 0xC0])) { jpeg[sof.lowerBound + 4] = 3 }
        #expect(message(jpeg)?.hasPrefix("JPEG: Unsupported JPEG data precision 3") == true)
        #expect(message(Data("not an image".utf8)) == "not a PNG or JPEG file (its first bytes say neither)")
        #expect(message(Data()) == "the file is empty")
    }

    @Test func oversizedImagesAreRefusedFromTheirHeader() {
        #expect(message(FixtureImages.lossPNG, maxPixels: 255) == "PNG: 16x16 is 256 pixels, more than the 255 this preview decodes")
        #expect(message(FixtureImages.lossPNG, maxPixels: 256) == nil)
        #expect(message(FixtureImages.gradientJPEG, maxPixels: 1_000) == "JPEG: 48x32 is 1536 pixels, more than the 1000 this preview decodes")
        // A PNG header claiming 100,000 x 100,000 pixels: refused before anything is allocated.
        var bomb = [UInt8](FixtureImages.lossPNG)
        bomb.replaceSubrange(16..<24, with: [0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0])
        let crc = Self.crc32(bomb[12..<29])
        bomb.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        #expect(message(Data(bomb)) == "PNG: 100000x100000 is 10000000000 pixels, more than the 50000000 this preview decodes")
    }

    /// PNG's CRC-32 of a chunk's type and data.
    static func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
