import MLflowCore
import TerminalCore

/// Where the image room draws: the box, its two header rows and the preview area below them.
struct ImageLayout {
    var box: Rect
    var header: Rect
    var preview: Rect

    init(body: Rect) {
        box = body
        let inside = body.inset(dx: 1, dy: 1)
        let (top, rest) = inside.splitTop(min(3, inside.height))
        header = top
        preview = rest
    }

    /// The room's layout in the body below the title bar, as `render` gives it.
    init(_ state: DashboardState) {
        let layout = DashboardLayout(size: state.size)
        self.init(body: Rect(x: 0, y: layout.title.height, width: state.size.width, height: max(0, layout.status.y - layout.title.height)))
    }

    /// The cells the preview of `preview` takes, centred in the preview area.
    func previewCells(_ preview: ImagePreview) -> Rect {
        guard !self.preview.isEmpty else { return .zero }
        return HalfBlockImage(preview.pixels).placement(in: self.preview)
    }
}

/// Draws the image room.
enum ImageView {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let image = state.image
        let layout = ImageLayout(body: rect)
        let title = image.file.map { "image" + context.separator + SafeText.sanitize($0.name) } ?? "image"
        Box.draw(rect, title: title, style: context[.border], titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        guard let file = image.file, !layout.header.isEmpty else { return }
        let header = layout.header
        // A run's file names its run; a model's label already says which model it is.
        let owner: String
        switch file.owner {
        case .run: owner = "run "
        case .loggedModel: owner = ""
        }
        buffer.put([Span(owner + SafeText.sanitize(file.ownerLabel), style: context[.detailKey]), Span(context.separator),
                    Span(SafeText.sanitize(file.path))], x: header.x, y: header.y, maxWidth: header.width, style: context[.text])
        guard header.height > 1 else { return }
        let y = header.y + 1
        switch image.load {
        case .idle where image.preview == nil, .loading where image.preview == nil:
            buffer.put("reading and decoding" + context.symbols.ellipsis, x: header.x, y: y, maxWidth: header.width, style: context[.statusLoading])
        case .failed(let message):
            buffer.put("cannot show the image: " + SafeText.sanitize(message), x: header.x, y: y, maxWidth: header.width, style: context[.statusError])
        default:
            guard let preview = image.preview else { return }
            var facts = "\(preview.format)" + context.separator + "\(preview.width) x \(preview.height) px" + context.separator
                + ByteSize.human(preview.fileSize)
            if preview.fileSize >= 1024 { facts += " (\(preview.fileSize) bytes)" }
            if image.load.isLoading { facts += context.separator + "reloading" + context.symbols.ellipsis }
            buffer.put(facts, x: header.x, y: y, maxWidth: header.width, style: context[.text])
            let cells = HalfBlockImage(
                preview.pixels, mode: mode(context), background: background(context), textStyle: context[.text],
                maxColorPairs: HalfBlockImage.pairBudget(for: context.colorDepth), depth: context.colorDepth
            ).draw(in: layout.preview, into: &buffer)
            if image.kittyShown != nil, !cells.isEmpty, header.height > 2 {
                buffer.put("shown with the kitty graphics protocol", x: header.x, y: y + 1, maxWidth: header.width, style: context[.dim])
            }
        }
    }

    /// Half blocks in colour; coloured spaces where only ASCII is drawn; density characters without colours.
    static func mode(_ context: RenderContext) -> HalfBlockImage.Mode {
        if context.colorDepth == .none { return .density }
        return context.symbols.braille ? .halfBlocks : .colorSpaces
    }

    /// Transparent pixels show the theme's background where it is a known colour, else black.
    static func background(_ context: RenderContext) -> (r: UInt8, g: UInt8, b: UInt8) {
        if case let .rgb(r, g, b) = context[.text].bg { return (r, g, b) }
        return (0, 0, 0)
    }
}
