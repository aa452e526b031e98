import Dashboard
import Foundation
import ImageDecoding
import TerminalCore

/// The dashboard's image preview decodes with `ImageDecoding` (libpng and libjpeg).
struct SystemImageDecoder: ImageFileDecoder {
    func decode(_ data: Data) throws -> DecodedImageFile {
        let image = try ImageDecoder.decode(data)
        guard let pixels = RGBAImage(width: image.width, height: image.height, pixels: image.rgba) else {
            throw ImageDecodingError("\(image.format.rawValue): the decoder gave \(image.rgba.count) bytes for \(image.width)x\(image.height)")
        }
        return DecodedImageFile(format: image.format.rawValue, pixels: pixels)
    }
}
