/// An image's pixels as the terminal widgets take them: RGBA, 8 bits a channel, rows top to bottom
/// without padding (`width * height * 4` bytes).
public struct RGBAImage: Sendable, Hashable {
    public let width: Int
    public let height: Int
    public let pixels: [UInt8]

    /// Nil when the byte count is not `width * height * 4` or a side is not positive.
    public init?(width: Int, height: Int, pixels: [UInt8]) {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else { return nil }
        let (area, overflow) = width.multipliedReportingOverflow(by: height)
        guard !overflow, area <= Int.max / 4, pixels.count == area * 4 else { return nil }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// A copy that fits in `maxWidth` x `maxHeight` keeping the aspect (area-averaged, alpha kept
    /// premultiplied while averaging); the image itself when it already fits.
    public func fitted(maxWidth: Int, maxHeight: Int) -> RGBAImage {
        guard maxWidth > 0, maxHeight > 0, width > maxWidth || height > maxHeight else { return self }
        let scale = min(Double(maxWidth) / Double(width), Double(maxHeight) / Double(height))
        let w = min(maxWidth, max(1, Int((Double(width) * scale).rounded())))
        let h = min(maxHeight, max(1, Int((Double(height) * scale).rounded())))
        let averaged = HalfBlockImage.resample(self, width: w, height: h)
        var out = [UInt8](repeating: 0, count: w * h * 4)
        for (i, p) in averaged.enumerated() {
            let a = p.a
            out[i * 4 + 3] = UInt8(min(255, max(0, (a * 255).rounded())))
            if a > 0 {
                out[i * 4] = UInt8(min(255, max(0, (p.r / a).rounded())))
                out[i * 4 + 1] = UInt8(min(255, max(0, (p.g / a).rounded())))
                out[i * 4 + 2] = UInt8(min(255, max(0, (p.b / a).rounded())))
            }
        }
        return RGBAImage(width: w, height: h, pixels: out) ?? self
    }
}

/// A colour preview of an image in character cells.
///
/// With `.halfBlocks` each cell shows two pixels, one above the other: `▀` in the upper pixel's
/// colour over the lower pixel's (a cell is about twice as tall as wide, so pixels stay square).
/// `.colorSpaces` is for ASCII-only terminals with colours: a space whose background is the cell's
/// two pixels averaged. `.density` is for terminals without colours: characters from light to dense
/// by how far the cell stands out from the image's overall brightness, so lines and shapes still show.
///
/// The image is scaled to fit keeping its aspect (area-averaged when it shrinks, so thin plot lines
/// blend in rather than vanish), composited over `background`, and centred in the rect. Colours are
/// `Color.rgb`; the backend steps them down to the terminal's depth. So that a large preview never
/// runs a terminal out of colour pairs (ncurses' COLOR_PAIRS, and the other panes need theirs),
/// colours are coarsened a bit at a time (and, on a 16-colour terminal that still runs short, made
/// grey) until the distinct (foreground, background) pairs number at most `maxColorPairs`.
public struct HalfBlockImage: Sendable {
    public enum Mode: Sendable, Hashable {
        case halfBlocks, colorSpaces, density
    }

    public var image: RGBAImage
    public var mode: Mode
    /// What transparent pixels are composited over.
    public var background: (r: UInt8, g: UInt8, b: UInt8)
    /// Bold, dim, ... for the `.density` characters (their colours are the terminal's default).
    public var textStyle: Style
    public var maxColorPairs: Int
    /// The terminal's colours: pairs are counted as the backend will show them.
    public var depth: ColorDepth

    /// The density ramp, lightest first.
    public static let densityRamp: [Character] = [" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"]

    public init(_ image: RGBAImage, mode: Mode = .halfBlocks, background: (r: UInt8, g: UInt8, b: UInt8) = (0, 0, 0),
                textStyle: Style = .plain, maxColorPairs: Int = 2048, depth: ColorDepth = .trueColor) {
        self.image = image
        self.mode = mode
        self.background = background
        self.textStyle = textStyle
        self.maxColorPairs = maxColorPairs
        self.depth = depth
    }

    /// Pairs an image may take at a depth: a 16-colour terminal often has only 64 pairs in all.
    public static func pairBudget(for depth: ColorDepth) -> Int {
        depth >= .indexed256 ? 2048 : 32
    }

    /// The rect (cells) the image takes when fitted and centred in `rect`.
    public func placement(in rect: Rect) -> Rect {
        let grid = pixelGrid(for: rect.size)
        let rows = (grid.height + 1) / 2
        return Rect(x: rect.x + (rect.width - grid.width) / 2, y: rect.y + (rect.height - rows) / 2, width: grid.width, height: rows)
    }

    /// Columns and pixel rows (two a cell) of the fitted image in `size` cells.
    func pixelGrid(for size: Size) -> Size {
        guard size.width > 0, size.height > 0 else { return .zero }
        let maxW = Double(size.width), maxH = Double(size.height * 2)
        let scale = min(maxW / Double(image.width), maxH / Double(image.height))
        let w = min(size.width, max(1, Int((Double(image.width) * scale).rounded())))
        let h = min(size.height * 2, max(1, Int((Double(image.height) * scale).rounded())))
        return Size(width: w, height: h)
    }

    /// Draws the preview centred in `rect`; returns the cells it took.
    @discardableResult
    public func draw(in rect: Rect, into buffer: inout CellBuffer) -> Rect {
        let area = rect.intersection(buffer.area)
        guard !area.isEmpty else { return .zero }
        let grid = pixelGrid(for: area.size)
        let place = placement(in: area)
        let pixels = composited(Self.resample(image, width: grid.width, height: grid.height))
        func pixel(_ x: Int, _ y: Int) -> RGB? { y < grid.height ? pixels[y * grid.width + x] : nil }
        switch mode {
        case .density:
            let lums = pixels.map(\.luminance)
            let mean = lums.isEmpty ? 0 : lums.reduce(0, +) / Double(lums.count)
            let brightImage = mean >= 0.5
            for row in 0..<place.height {
                for col in 0..<place.width {
                    let upper = lums[2 * row * grid.width + col]
                    let lower = 2 * row + 1 < grid.height ? lums[(2 * row + 1) * grid.width + col] : upper
                    let lum = (upper + lower) / 2
                    let ink = brightImage ? 1 - lum : lum
                    let index = min(Self.densityRamp.count - 1, max(0, Int(ink * Double(Self.densityRamp.count))))
                    buffer[place.x + col, place.y + row] = Cell(String(Self.densityRamp[index]), style: textStyle)
                }
            }
        case .halfBlocks, .colorSpaces:
            var cells: [(fg: RGB?, bg: RGB?)] = []
            cells.reserveCapacity(place.width * place.height)
            for row in 0..<place.height {
                for col in 0..<place.width {
                    let upper = pixel(col, 2 * row), lower = pixel(col, 2 * row + 1)
                    if mode == .colorSpaces {
                        cells.append((nil, upper.map { u in lower.map { u.mixed($0) } ?? u }))
                    } else {
                        cells.append((upper, lower))
                    }
                }
            }
            let shift = Self.coarsening(cells, maxPairs: maxColorPairs, depth: depth)
            for row in 0..<place.height {
                for col in 0..<place.width {
                    let cell = cells[row * place.width + col]
                    let style = Style(fg: cell.fg.map { $0.coarsened(shift).color } ?? .default,
                                      bg: cell.bg.map { $0.coarsened(shift).color } ?? .default)
                    buffer[place.x + col, place.y + row] = Cell(mode == .halfBlocks ? "▀" : " ", style: style)
                }
            }
        }
        return place
    }

    /// How many low bits of each channel to drop (0 to 7; 8 to 15: greys, with `shift - 8` bits
    /// dropped) so that the distinct pairs, stepped to `depth`, are at most `maxPairs`.
    static func coarsening(_ cells: [(fg: RGB?, bg: RGB?)], maxPairs: Int, depth: ColorDepth) -> Int {
        for shift in 0...15 {
            var seen = Set<Int>()
            var fits = true
            for cell in cells {
                let fg = code(cell.fg.map { $0.coarsened(shift).color.stepped(to: depth) } ?? .default)
                let bg = code(cell.bg.map { $0.coarsened(shift).color.stepped(to: depth) } ?? .default)
                seen.insert(fg << 27 | bg)
                if seen.count > maxPairs { fits = false; break }
            }
            if fits { return shift }
        }
        return 15
    }

    /// A colour as a number below 2^27, for counting pairs.
    private static func code(_ color: Color) -> Int {
        switch color {
        case .default: 0
        case .ansi(let n): 1 << 25 | Int(n)
        case .indexed(let n): 2 << 25 | Int(n)
        case let .rgb(r, g, b): 3 << 25 | Int(r) << 16 | Int(g) << 8 | Int(b)
        }
    }

    /// Premultiplied RGBA averaged over each target pixel's footprint (0...255 colour, 0...1 alpha).
    static func resample(_ image: RGBAImage, width: Int, height: Int) -> [(r: Double, g: Double, b: Double, a: Double)] {
        guard width > 0, height > 0 else { return [] }
        let xs = footprints(source: image.width, target: width)
        let ys = footprints(source: image.height, target: height)
        var out: [(r: Double, g: Double, b: Double, a: Double)] = []
        out.reserveCapacity(width * height)
        image.pixels.withUnsafeBufferPointer { p in
            for ty in 0..<height {
                for tx in 0..<width {
                    var r = 0.0, g = 0.0, b = 0.0, a = 0.0, total = 0.0
                    for (sy, wy) in ys[ty] {
                        for (sx, wx) in xs[tx] {
                            let w = wx * wy, i = (sy * image.width + sx) * 4
                            let alpha = Double(p[i + 3]) / 255
                            r += w * alpha * Double(p[i]); g += w * alpha * Double(p[i + 1]); b += w * alpha * Double(p[i + 2])
                            a += w * alpha; total += w
                        }
                    }
                    out.append(total > 0 ? (r / total, g / total, b / total, a / total) : (0, 0, 0, 0))
                }
            }
        }
        return out
    }

    /// For each target index, the source indexes its span covers and by how much.
    static func footprints(source: Int, target: Int) -> [[(Int, Double)]] {
        let step = Double(source) / Double(target)
        return (0..<target).map { t in
            let start = Double(t) * step, end = Double(t + 1) * step
            var parts: [(Int, Double)] = []
            var s = Int(start)
            while Double(s) < end, s < source {
                let overlap = min(end, Double(s + 1)) - max(start, Double(s))
                if overlap > 1e-9 { parts.append((s, overlap)) }
                s += 1
            }
            if parts.isEmpty { parts.append((min(source - 1, Int(start)), 1)) }
            return parts
        }
    }

    func composited(_ pixels: [(r: Double, g: Double, b: Double, a: Double)]) -> [RGB] {
        let br = Double(background.r), bg = Double(background.g), bb = Double(background.b)
        return pixels.map { p in
            RGB(channel(p.r + (1 - p.a) * br), channel(p.g + (1 - p.a) * bg), channel(p.b + (1 - p.a) * bb))
        }
    }

    private func channel(_ v: Double) -> UInt8 { UInt8(min(255, max(0, v.rounded()))) }

    struct RGB: Hashable {
        var r: UInt8, g: UInt8, b: UInt8
        init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
        var color: Color { .rgb(r, g, b) }
        var packed: Int { Int(r) << 16 | Int(g) << 8 | Int(b) }
        /// 0...1, as the eye weighs the channels.
        var luminance: Double { (0.2126 * Double(r) + 0.7152 * Double(g) + 0.0722 * Double(b)) / 255 }
        func mixed(_ other: RGB) -> RGB {
            RGB(UInt8((Int(r) + Int(other.r) + 1) / 2), UInt8((Int(g) + Int(other.g) + 1) / 2), UInt8((Int(b) + Int(other.b) + 1) / 2))
        }
        /// The low `shift` bits dropped, the value put in the middle of its bucket; from 8 on, the
        /// grey of the same luminance with `shift - 8` bits dropped.
        func coarsened(_ shift: Int) -> RGB {
            if shift >= 8 {
                let grey = UInt8(min(255, max(0, (luminance * 255).rounded())))
                return RGB(grey, grey, grey).coarsened(shift - 8)
            }
            guard shift > 0 else { return self }
            func c(_ v: UInt8) -> UInt8 { UInt8((Int(v) >> shift) << shift | 1 << (shift - 1)) }
            return RGB(c(r), c(g), c(b))
        }
    }
}
