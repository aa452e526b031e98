import MLflowCore
import TerminalCore

/// The state of the image room.
public struct ImageState: Sendable, Hashable {
    /// Where `Esc` goes.
    public var returnTo: Pane = .runs
    /// The file shown.
    public var file: ArtifactFileRef?
    /// Reading and decoding the file.
    public var load: LoadState = .idle
    /// The decoded image, once it came.
    public var preview: ImagePreview?
    /// The request that read it.
    public var previewRequestId = 0
    /// Whether the terminal shows images with the kitty graphics protocol (set at start from the
    /// environment and the config; off in tmux and screen).
    public var kittyGraphics = false
    /// Where the kitty image sits now, to delete or move it when that changes.
    public var kittyShown: KittyPlacement?
    public init() {}

    /// What the title bar names (the run first, where there is one).
    public var crumbs: [String] {
        guard let file else { return ["image"] }
        return [file.ownerLabel, file.name]
    }
    /// Whether it waits on the store.
    public var isLoading: Bool { load.isLoading }

    /// What the status line says while the image is read and decoded.
    public var loadingText: String? {
        load.isLoading ? "reading and decoding " + (file.map { SafeText.sanitize($0.name) } ?? "the image") + "..." : nil
    }
}

/// What the room shows of a decoded image.
public struct ImagePreview: Sendable, Hashable {
    /// `PNG` or `JPEG`, as the file's first bytes say.
    public var format: String
    /// The image's own size in pixels.
    public var width: Int
    public var height: Int
    /// The file's size in bytes.
    public var fileSize: Int64
    /// The pixels the cell preview is drawn from: the image, or a copy shrunk to at most
    /// `ImagePreview.maxSide` on its longer side.
    public var pixels: RGBAImage
    /// The image for the kitty graphics protocol, base64 and its format, when asked for.
    public var kitty: KittyImage?

    public init(format: String, width: Int, height: Int, fileSize: Int64, pixels: RGBAImage, kitty: KittyImage?) {
        self.format = format
        self.width = width
        self.height = height
        self.fileSize = fileSize
        self.pixels = pixels
        self.kitty = kitty
    }

    /// No terminal shows more half-block pixels than this across.
    public static let maxSide = 640
}

/// The image room's own actions: its keys' intents and the store's answers.
public enum ImageAction: Sendable, Hashable {
    /// `d`: download the file shown.
    case download
    /// The file, read and decoded.
    case loaded(requestId: Int, ImagePreview)
    /// The file could not be read or decoded (the message says why).
    case failed(requestId: Int, String)
}

/// The image room's store work.
public enum ImageEffect: Sendable, Hashable {
    /// Reads the file (at most `maxBytes`) and decodes it; with `kitty`, also prepares it for the
    /// kitty graphics protocol.
    case load(requestId: Int, ArtifactFileRef, maxBytes: Int, kitty: Bool)
    /// A kitty graphics control sequence, written to the terminal right after the next frame.
    case kittyGraphics(String)
}
