import Foundation
import MLflowCore
import TerminalCore

/// Decodes image files for the preview. Dashboard links no image library: the program gives the
/// effect runner one (`ImageDecoding`, over libpng and libjpeg).
public protocol ImageFileDecoder: Sendable {
    /// The image in `data`, or an error whose description says why not (shown as it is).
    func decode(_ data: Data) throws -> DecodedImageFile
}

/// An image file decoded: its format's name and its pixels.
public struct DecodedImageFile: Sendable {
    public var format: String
    public var pixels: RGBAImage

    public init(format: String, pixels: RGBAImage) {
        self.format = format
        self.pixels = pixels
    }
}

extension EffectRunner {
    /// Performs the image room's store work.
    func performImage(_ effect: ImageEffect) {
        switch effect {
        case .kittyGraphics:
            break
        case let .load(id, file, maxBytes, kitty):
            let decoder = imageDecoder
            start(id) { store, send in
                let prefix = try await store.readArtifactPrefix(file.owner, path: file.path, maxBytes: maxBytes)
                try Task.checkCancellation()
                guard prefix.complete else {
                    send(.image(.failed(requestId: id, "the file is larger than \(ByteSize.human(Int64(maxBytes))), the most the preview reads; download it with d")))
                    return
                }
                guard let decoder else {
                    send(.image(.failed(requestId: id, "this build shows no images")))
                    return
                }
                do {
                    let preview = try await blocking { try Self.preview(prefix.data, decoder: decoder, kitty: kitty) }
                    send(.image(.loaded(requestId: id, preview)))
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    send(.image(.failed(requestId: id, String(describing: error))))
                }
            }
        }
    }

    /// Decodes `data` and keeps what the room draws: the pixels shrunk to `ImagePreview.maxSide`,
    /// and for kitty the PNG file as it is (up to 8 MiB) or else the pixels shrunk to 1,600 on a side.
    static func preview(_ data: Data, decoder: any ImageFileDecoder, kitty: Bool) throws -> ImagePreview {
        let decoded = try decoder.decode(data)
        let image = decoded.pixels
        var kittyImage: KittyImage?
        if kitty {
            if decoded.format == "PNG", data.count <= 8 << 20 {
                kittyImage = KittyImage(format: .png, base64: data.base64EncodedString())
            } else {
                let fitted = image.fitted(maxWidth: 1_600, maxHeight: 1_600)
                kittyImage = KittyImage(format: .rgba(width: fitted.width, height: fitted.height), base64: Data(fitted.pixels).base64EncodedString())
            }
        }
        return ImagePreview(
            format: decoded.format, width: image.width, height: image.height, fileSize: Int64(data.count),
            pixels: image.fitted(maxWidth: ImagePreview.maxSide, maxHeight: ImagePreview.maxSide), kitty: kittyImage)
    }
}
