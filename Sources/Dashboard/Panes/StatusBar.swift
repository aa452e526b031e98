import MLflowCore
import TerminalCore

/// The bottom row: what is loading, the last error or message, the store; key hints on the right.
enum StatusBar {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        var left: [Span] = []
        if let loading = loadingText(state) {
            left.append(Span(Spinner.frame(state.spinnerFrame, symbols: context.symbols) + " " + loading + " ", style: context[.statusLoading]))
        }
        if let error = state.status.error {
            left.append(Span(" " + SafeText.sanitize(error) + " ", style: context[.statusError]))
        } else if let message = state.status.message {
            left.append(Span(" " + SafeText.sanitize(message) + " ", style: context[.statusMessage]))
        }
        if !state.marks.isEmpty { left.append(Span(" \(Format.count(state.marks.count)) marked ", style: context[.statusMessage])) }
        if state.runs.hasActiveRuns { left.append(Span(state.live.auto ? " live " : " paused ", style: context[.statusLoading])) }
        if let downloading = DownloadPromptBar.indicator(state.downloads, symbols: context.symbols) { left.append(Span(" \(downloading) ", style: context[.statusLoading])) }
        // Loading, errors and messages always show; key hints give way to them (the pane's own
        // first, then `quit`, `? help` last), and the store URI (also in the title bar) takes what is left.
        let room = rect.width - StatusLine.width(left) - 1
        var hints = state.columnPicker != nil
            ? Keymap.hints(for: [.columnPicker], ascii: !context.symbols.braille)
            : state.downloads.prompt != nil ? DownloadPromptBar.hints(state.downloads.prompt)
            : state.focus == .artifacts && state.artifacts.filtering ? [("Enter", "keep filter"), ("Esc", "clear")]
            : state.focus == .downloads && state.downloads.reportOf != nil ? [("j/k", "scroll"), ("Esc", "back to the list")]
            : state.focus == .overlay ? Keymap.hints(for: [state.overlay.keyContext, .global], ascii: !context.symbols.braille)
            : Keymap.hints(for: state.focus, ascii: !context.symbols.braille)
        func spans(_ hints: [(keys: String, hint: String)]) -> [Span] {
            hints.flatMap { [Span($0.keys, style: context[.statusHintKey]), Span(" \($0.hint)  ")] }
        }
        // Each hint's width is measured once; dropping one takes its width off the total.
        var widths = hints.map { StatusLine.width(spans([$0])) }
        var total = widths.reduce(0, +)
        while !hints.isEmpty, total > room {
            let drop = hints.lastIndex { $0.hint != "help" && $0.hint != "quit" } ?? hints.lastIndex { $0.hint != "help" }
            guard let drop else {
                hints = []
                break
            }
            hints.remove(at: drop)
            total -= widths.remove(at: drop)
        }
        left.append(Span(" " + SafeText.sanitize(state.storeURI)))
        StatusLine(left: left, right: spans(hints), style: context[.statusBar], symbols: context.symbols).draw(in: rect, into: &buffer)
    }

    /// `loading runs 1,100…` for whatever waits on the store: the room in focus first.
    static func loadingText(_ state: DashboardState) -> String? {
        let rooms: [(Pane, String?)] = [
            (.artifacts, state.artifacts.loadingText), (.models, state.models.loadingText), (.pager, state.pager.loadingText),
            (.image, state.image.loadingText), (.overlay, state.overlay.loadingText),
        ]
        if let focused = rooms.first(where: { $0.0 == state.focus })?.1 { return focused }
        return browsingText(state) ?? rooms.lazy.compactMap(\.1).first
    }

    /// What the browsing panes and the comparison wait for.
    static func browsingText(_ state: DashboardState) -> String? {
        if state.runs.load.isLoading, let reloading = state.runs.reloading {
            return reloading.isEmpty ? "refreshing runs..." : "refreshing runs \(Format.count(reloading.count))..."
        }
        if state.runs.load.isLoading {
            return state.runs.runs.isEmpty ? "loading runs..." : "loading runs \(Format.count(state.runs.runs.count))..."
        }
        if state.experiments.load.isLoading { return "loading experiments..." }
        if state.detail.load.isLoading { return "loading run..." }
        if state.detail.historiesLoad.isLoading { return "loading histories..." }
        if state.detail.summariesLoad.isLoading {
            let total = state.detail.run?.metrics.count ?? 0
            let done = state.detail.summaries.count
            let reading = state.detail.summaryProgress.map { " (\(SafeText.sanitize($0.key)): \(Format.count($0.points)) points)" } ?? ""
            return "exact min/max \(min(done, total))/\(total)\(reading)..."
        }
        if state.chart.load.isLoading {
            return state.chart.loadedPoints.map { "loading history: \(Format.count($0)) points..." } ?? "loading history..."
        }
        if state.chart.window?.load.isLoading == true { return "sampling the zoomed view..." }
        if state.compare.load.isLoading { return "loading \(state.compare.compared.count) runs to compare..." }
        if state.compare.figuresLoad.isLoading {
            let progress = state.compare.figuresProgress.map { " \($0.done)/\($0.total)" } ?? ""
            return "reading metric \(state.compare.options.metricValue.step == nil ? "summaries" : "histories")\(progress)..."
        }
        if state.runs.refreshRequestId != nil { return "refreshing..." }
        return nil
    }
}

/// The prompt of `/`, `f` and `:`, drawn over the bottom of the panes; an MLflow filter's syntax
/// error shows under it with a caret at its position.
enum PromptBar {
    static func draw(_ state: DashboardState, _ context: RenderContext, above status: Rect, into buffer: inout CellBuffer) {
        let (prefix, text): (String, String)
        switch state.input {
        case .none: return
        case .confirmMarkAll(let count): (prefix, text) = ("", "Mark all \(Format.count(count)) runs the table shows? (y/n)")
        case .experimentFilter: (prefix, text) = ("/", state.experiments.filter)
        case .runTextFilter: (prefix, text) = ("find: ", state.runs.textFilter)
        case .runSearchFilter: (prefix, text) = ("filter: ", state.runs.searchDraft)
        case .command: (prefix, text) = (":", state.commandDraft)
        }
        let error = state.input == .runSearchFilter ? state.runs.searchError : nil
        let rows = error == nil ? 1 : 2
        let y = status.y - rows
        guard y >= 0 else { return }
        let row = Rect(x: status.x, y: y, width: status.width, height: rows)
        buffer.fill(row, style: context[.prompt])
        let cursor = context.symbols.braille ? "▏" : "_"
        let shown = SafeText.sanitize(text)
        // Keep the end of a long input in view.
        let room = max(1, status.width - DisplayWidth.of(prefix) - 1)
        let overflow = max(0, DisplayWidth.of(shown) - room)
        let visible = overflow > 0 ? String(shown.dropFirst(overflow)) : shown
        buffer.put([Span(prefix), Span(visible), Span(cursor)], x: row.x, y: y, maxWidth: row.width, style: context[.prompt])
        if let error {
            let caretColumn = DisplayWidth.of(prefix) + DisplayWidth.of(SafeText.sanitize(String(text.prefix(error.position)))) - overflow
            let caret = caretColumn >= 0 ? String(repeating: " ", count: caretColumn) + "^ " : ""
            buffer.put(caret + error.description, x: row.x, y: y + 1, maxWidth: row.width, style: context[.promptError])
        }
    }
}

/// The `?` screen: every key table, drawn in a box over the panes.
public enum HelpOverlay {
    /// Every key table, then what the signs on screen mean.
    public static func helpLines(_ symbols: Symbols) -> [String] {
        let glyphs = RunStatus.allCases.map { "\(Format.glyph($0, symbols: symbols)) \($0.rawValue.lowercased())" }
        let marked = symbols.marked
        let arrows = symbols.braille ? "▲ ▼" : "^ v"
        let signs: [(String, String)] = [
            ("run status", glyphs.joined(separator: "  ")),
            (arrows, "the column the runs are sorted by, ascending or descending"),
            (marked, "a marked row (space)"),
            ("0.274 *", "compare: the best value of a metric row (x flips which direction is better)"),
            ("(+0.1, +5%)", "compare: the change against the baseline run (\(symbols.braille ? "◆" : "@")), coloured better or worse"),
            (symbols.braille ? ComparisonText.missing : "--", "compare: the run has no such value (\"\" is an empty one)"),
            ("(equal as numbers)", "compare: params that differ as text but not as numbers (0.1, 0.10)"),
            ("≈ 0.1473", "approximate: computed from a sample of the history; the exact value replaces it"),
        ]
        let lines: [String] = signs.map { sign, meaning in "  " + DisplayWidth.pad(sign, to: 16) + " " + meaning }
        return Keymap.helpLines() + ["", "Signs"] + lines
    }

    static func draw(_ context: RenderContext, scroll: Int, in screen: Rect, into buffer: inout CellBuffer) {
        let lines = helpLines(context.symbols)
        let width = min(screen.width, (lines.map(DisplayWidth.of).max() ?? 0) + 4)
        let height = min(screen.height, lines.count + 2)
        let rect = screen.centered(Size(width: width, height: height))
        buffer.fill(rect, style: context[.text])
        let inner = Box.draw(rect, title: "Keys (j/k scroll, ? or Esc closes)", style: context[.borderFocused],
                             titleStyle: context[.helpTitle], symbols: context.symbols, into: &buffer)
        for (offset, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            let isTitle = !line.hasPrefix(" ")
            buffer.put(line, x: inner.x + 1, y: inner.y + offset, maxWidth: inner.width - 1,
                       style: isTitle ? context[.helpTitle] : context[.text])
        }
    }
}
