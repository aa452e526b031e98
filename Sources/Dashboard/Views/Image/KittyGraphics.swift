/// An image ready for the kitty graphics protocol: its data in base64 and how to read it.
public struct KittyImage: Sendable, Hashable {
    public enum Format: Sendable, Hashable {
        /// The PNG file as it is (`f=100`).
        case png
        /// Raw RGBA pixels of this size (`f=32`).
        case rgba(width: Int, height: Int)
    }

    public var format: Format
    public var base64: String

    public init(format: Format, base64: String) {
        self.format = format
        self.base64 = base64
    }
}

/// Where a kitty image sits: cells from the top-left corner (0-based), and which load it shows.
public struct KittyPlacement: Sendable, Hashable {
    public var imageRequestId: Int
    public var x: Int
    public var y: Int
    public var columns: Int
    public var rows: Int

    public init(imageRequestId: Int, x: Int, y: Int, columns: Int, rows: Int) {
        self.imageRequestId = imageRequestId
        self.x = x
        self.y = y
        self.columns = columns
        self.rows = rows
    }
}

/// The kitty graphics protocol (`ESC _ G ... ESC \`): whether the terminal speaks it, and the
/// sequences that show and delete the preview's image.
public enum KittyGraphics {
    /// The one image id the dashboard uses.
    public static let imageId = 7_316
    /// Base64 bytes in one escape sequence (the protocol's limit).
    public static let chunkSize = 4_096

    /// Whether to use it: `RUNBOARD_KITTY_GRAPHICS=0` (or `off`, `false`, `no`) or the config's
    /// `kitty_graphics: false` turn it off, `=1` turns it on; otherwise it is on where the terminal
    /// announces itself (`TERM=xterm-kitty` or `xterm-ghostty`, `KITTY_WINDOW_ID`, `TERM_PROGRAM` of
    /// WezTerm or ghostty) and never inside tmux or screen, which do not pass the sequences on.
    public static func isEnabled(environment env: [String: String], config: Bool?) -> Bool {
        switch env["RUNBOARD_KITTY_GRAPHICS"]?.lowercased() {
        case "0", "off", "false", "no": return false
        case "1", "on", "true", "yes": return true
        default: break
        }
        if config == false { return false }
        let term = (env["TERM"] ?? "").lowercased()
        if !(env["TMUX"] ?? "").isEmpty || !(env["STY"] ?? "").isEmpty || term.hasPrefix("screen") || term.hasPrefix("tmux") {
            return false
        }
        if term == "xterm-kitty" || term == "xterm-ghostty" || !(env["KITTY_WINDOW_ID"] ?? "").isEmpty { return true }
        let program = (env["TERM_PROGRAM"] ?? "").lowercased()
        return program == "wezterm" || program == "ghostty"
    }

    /// Shows `image` over the cells of `placement`: the cursor saved, moved to the corner, the image
    /// transmitted in chunks and placed scaled to the cells (`C=1`: the cursor does not move; `q=2`:
    /// the terminal answers nothing into the input), the cursor restored.
    public static func display(_ image: KittyImage, at placement: KittyPlacement) -> String {
        var control = "a=T,i=\(imageId),q=2,C=1,c=\(placement.columns),r=\(placement.rows)"
        switch image.format {
        case .png: control = "f=100," + control
        case let .rgba(width, height): control = "f=32,s=\(width),v=\(height)," + control
        }
        var out = "\u{1b}7\u{1b}[\(placement.y + 1);\(placement.x + 1)H"
        let bytes = Array(image.base64.utf8)
        var start = 0
        repeat {
            let end = min(bytes.count, start + chunkSize)
            let more = end < bytes.count ? 1 : 0
            let chunk = String(decoding: bytes[start..<end], as: UTF8.self)
            out += start == 0 ? "\u{1b}_G\(control),m=\(more);\(chunk)\u{1b}\\" : "\u{1b}_Gm=\(more),q=2;\(chunk)\u{1b}\\"
            start = end
        } while start < bytes.count
        return out + "\u{1b}8"
    }

    /// Deletes the image and frees its data.
    public static func delete() -> String {
        "\u{1b}_Ga=d,d=I,i=\(imageId),q=2\u{1b}\\"
    }
}
