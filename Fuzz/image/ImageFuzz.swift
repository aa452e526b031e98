import Foundation
import ImageDecoding

/// Any bytes through the PNG and JPEG decoders (each tried, whatever the first bytes say, by putting
/// the other format's signature in front too): an image or a message, never a crash, and an image
/// always has its width x height x 4 bytes.
@_cdecl("LLVMFuzzerTestOneInput")
public func test(_ start: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let start else { return 0 }
    let data = Data(bytes: start, count: count)
    for input in [data, Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + data, Data([0xFF, 0xD8, 0xFF]) + data] {
        do {
            let image = try ImageDecoder.decode(input, maxPixels: 4_000_000)
            precondition(image.width > 0 && image.height > 0 && image.rgba.count == image.width * image.height * 4)
        } catch {
            precondition(!error.message.isEmpty)
        }
    }
    return 0
}
