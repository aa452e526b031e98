import CImage
import Foundation

/// The image formats the preview decodes.
public enum ImageFormat: String, Sendable, Hashable {
    case png = "PNG"
    case jpeg = "JPEG"

    /// The format the first bytes announce (PNG's eight-byte signature, JPEG's SOI marker), whatever
    /// the file is named.
    public static func sniff(_ data: Data) -> ImageFormat? {
        let head = [UInt8](data.prefix(8))
        if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] { return .png }
        if head.count >= 3, head[0] == 0xFF, head[1] == 0xD8, head[2] == 0xFF { return .jpeg }
        return nil
    }
}

/// One decoded image: RGBA, 8 bits a channel, rows top to bottom (`width * height * 4` bytes).
public struct DecodedImage: Sendable, Hashable {
    public var format: ImageFormat
    public var width: Int
    public var height: Int
    public var rgba: [UInt8]

    public init(format: ImageFormat, width: Int, height: Int, rgba: [UInt8]) {
        self.format = format
        self.width = width
        self.height = height
        self.rgba = rgba
    }
}

/// Why an image could not be decoded, in the decoder's words where it had any.
public struct ImageDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Decodes PNG (libpng) and JPEG (libjpeg) from memory.
public enum ImageDecoder {
    /// 50 megapixels: an 8K frame and then some; 200 MB of RGBA at most.
    public static let defaultMaxPixels = 50_000_000

    /// Decodes `data`, sniffing its format; more than `maxPixels` pixels is refused from the header.
    public static func decode(_ data: Data, maxPixels: Int = defaultMaxPixels) throws(ImageDecodingError) -> DecodedImage {
        guard let format = ImageFormat.sniff(data) else {
            throw ImageDecodingError(data.isEmpty ? "the file is empty" : "not a PNG or JPEG file (its first bytes say neither)")
        }
        var image = rb_image()
        let limit = UInt64(max(0, maxPixels))
        let status = data.withUnsafeBytes { raw -> Int32 in
            let bytes = raw.bindMemory(to: UInt8.self)
            guard let base = bytes.baseAddress else { return -1 }
            switch format {
            case .png: return rb_image_decode_png(base, bytes.count, limit, &image)
            case .jpeg: return rb_image_decode_jpeg(base, bytes.count, limit, &image)
            }
        }
        defer { rb_image_free(&image) }
        guard status == 0, let pixels = image.pixels else {
            let message = withUnsafeBytes(of: image.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw ImageDecodingError("\(format.rawValue): \(message.isEmpty ? "could not be decoded" : message)")
        }
        let width = Int(image.width), height = Int(image.height)
        let rgba = [UInt8](UnsafeBufferPointer(start: pixels, count: width * height * 4))
        return DecodedImage(format: format, width: width, height: height, rgba: rgba)
    }
}
