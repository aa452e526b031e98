import TerminalCore

/// What every pane draws with: the theme's styles and the symbol set (Unicode or ASCII).
public struct RenderContext: Sendable {
    public var theme: Theme
    public var symbols: Symbols
    /// The terminal's colours (the image preview draws shapes with characters where there are none).
    public var colorDepth: ColorDepth

    public init(theme: Theme = .builtIn, symbols: Symbols = .unicode, colorDepth: ColorDepth = .trueColor) {
        self.theme = theme
        self.symbols = symbols
        self.colorDepth = colorDepth
    }

    subscript(role: ThemeRole) -> Style { theme[role] }

    /// Between the parts of a pane title.
    var separator: String { symbols.braille ? " · " : " | " }
}

/// Draws the whole screen for `state` into `buffer` (resized to the state's size). Pure.
public func render(_ state: DashboardState, _ context: RenderContext, into buffer: inout CellBuffer) {
    if buffer.size != state.size { buffer = CellBuffer(size: state.size) }
    buffer.clear(style: context[.text])
    guard state.size.width > 0, state.size.height > 0 else { return }
    let layout = DashboardLayout(size: state.size)
    TitleBar.draw(state, context, in: layout.title, into: &buffer)
    if state.focus == .compare {
        // The comparison takes the whole width.
        ComparePane.draw(state, context, into: &buffer)
    } else if state.focus.isRoom {
        // So do the other rooms: the body below the title bar, above the prompt and status rows.
        let body = Rect(x: 0, y: layout.title.height, width: state.size.width, height: max(0, layout.status.y - layout.title.height))
        switch state.focus {
        case .artifacts: ArtifactsView.draw(state, context, in: body, into: &buffer)
        case .pager: PagerView.draw(state, context, in: body, into: &buffer)
        case .image: ImageView.draw(state, context, in: body, into: &buffer)
        case .models: ModelsView.draw(state, context, in: body, into: &buffer)
        case .downloads: DownloadsView.draw(state, context, in: body, into: &buffer)
        default: break
        }
    } else if let side = layout.side {
        ExperimentsPane.draw(state, context, focused: state.focus == .experiments, in: side, into: &buffer)
    }
    let main = layout.mainPane(focus: state.focus)
    let focused = main == state.focus
    switch main {
    case .experiments: ExperimentsPane.draw(state, context, focused: focused, in: layout.main, into: &buffer)
    case .runs: RunsPane.draw(state, context, focused: focused, in: layout.main, into: &buffer)
    case .detail: DetailPane.draw(state, context, in: layout.main, into: &buffer)
    case .chart: ChartPane.draw(state, context, in: layout.main, into: &buffer)
    case .compare, .artifacts, .pager, .image, .models, .downloads: break
    case .overlay: OverlayView.draw(state, context, in: layout.main, into: &buffer)
    }
    PromptBar.draw(state, context, above: layout.status, into: &buffer)
    DownloadPromptBar.draw(state, context, above: layout.status, into: &buffer)
    StatusBar.draw(state, context, in: layout.status, into: &buffer)
    if let picker = state.columnPicker { ColumnPickerOverlay.draw(picker, context, in: Rect(size: state.size), into: &buffer) }
    if state.showHelp { HelpOverlay.draw(context, scroll: state.helpScroll, in: Rect(size: state.size), into: &buffer) }
}

/// The top row: the product, the store and where the user is.
enum TitleBar {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        buffer.fill(rect, style: context[.title])
        var spans = [Span("Runboard ", style: context[.title]), Span(SafeText.sanitize(state.storeURI), style: context[.dim])]
        var crumbs: [String] = []
        if state.focus != .experiments, let names = experimentNames(state) { crumbs.append(names) }
        if state.focus == .detail || state.focus == .chart, let run = state.focusedRunName { crumbs.append(run) }
        if state.focus == .chart, let key = state.chart.key { crumbs.append(key) }
        if state.focus == .compare {
            crumbs = ["compare " + (state.compare.view.comparison?.columns.map(\.header).joined(separator: ", ") ?? "")]
        }
        if let room = roomCrumbs(state) { crumbs = room }
        if state.focus == .overlay {
            crumbs.append("\(state.overlay.runIds.count) runs overlaid")
            if case .chart(let key) = state.overlay.mode { crumbs.append(key) }
        }
        if !crumbs.isEmpty {
            let separator = context.symbols.braille ? " › " : " > "
            spans.append(Span("  " + crumbs.map { SafeText.sanitize($0) }.joined(separator: separator), style: context[.paneTitle]))
        }
        buffer.put(spans, x: rect.x, y: rect.y, maxWidth: rect.width, style: context[.title])
    }

    /// Where the user is in a room: what it shows (the run it belongs to first), as the room says.
    static func roomCrumbs(_ state: DashboardState) -> [String]? {
        switch state.focus {
        case .artifacts: state.artifacts.crumbs
        case .pager: state.pager.crumbs
        case .image: state.image.crumbs
        case .models: state.models.crumbs
        case .downloads: ["downloads"]
        default: nil
        }
    }

    /// The names of the experiments whose runs are shown.
    static func experimentNames(_ state: DashboardState) -> String? {
        let ids = state.runs.experimentIds
        guard !ids.isEmpty else { return nil }
        let names = ids.compactMap { id in state.experiments.all.first { $0.experimentId == id }?.name }
        return names.count == 1 ? names[0] : "\(ids.count) experiments"
    }
}
