import MLflowCore
import TerminalCore

/// Draws the artifacts room: a box naming what the tree belongs to, a table of the shown rows
/// (names indented, sizes right-aligned, folder totals exact or marked as lower bounds) and the
/// filter's row under it.
enum ArtifactsView {
    static let sizeWidth = 12
    static let filesWidth = 12

    /// The room's body at the state's size: below the title bar, above the status row.
    static func body(_ size: Size) -> Rect {
        let layout = DashboardLayout(size: size)
        return Rect(x: 0, y: layout.title.height, width: size.width, height: max(0, layout.status.y - layout.title.height))
    }

    /// Whether the filter's row shows.
    static func showsFilter(_ artifacts: ArtifactsState) -> Bool { artifacts.filtering || !artifacts.filter.isEmpty }

    /// Data rows the tree shows at the state's size (the box, the header, the problem's lines and
    /// the filter's row taken off).
    static func listRows(_ state: DashboardState) -> Int {
        max(1, body(state.size).height - 3 - (showsFilter(state.artifacts) ? 1 : 0) - problemLines(state).count)
    }

    /// Why the selected row could not be read (its listing, its version's resolution), in full.
    static func problem(_ artifacts: ArtifactsState) -> String? {
        guard let row = artifacts.selectedRow else { return nil }
        switch row.kind {
        case .failed(let message): return message
        case .root, .folder:
            guard artifacts.expanded.contains(row.id) else { return nil }
            if row.kind == .root, case .failed(let message)? = artifacts.root(row.id.root)?.resolve { return message }
            if let folder = artifacts.folderKey(of: row), case .failed(let message)? = artifacts.listings[folder]?.load { return message }
            return nil
        default: return nil
        }
    }

    /// The problem wrapped to the box's width, at most four lines, under the tree (a row cuts a long message).
    static func problemLines(_ state: DashboardState) -> [String] {
        guard let problem = problem(state.artifacts) else { return [] }
        let lines = WrappedText.lines(problem, width: max(1, state.size.width - 4))
        // Only as much as leaves the tree a few rows.
        return Array(lines.prefix(min(4, max(0, body(state.size).height - 8))))
    }

    /// `Artifacts · run artifact-run (3f2a…) · 1,562 rows`.
    static func title(_ state: DashboardState, separator: String) -> String {
        let artifacts = state.artifacts
        var parts = ["Artifacts of " + SafeText.sanitize(artifacts.ownerLabel)]
        if let runId = artifacts.runId, runId != artifacts.ownerLabel { parts[0] += " (run \(SafeText.sanitize(runId)))" }
        if !artifacts.filter.isEmpty { parts.append("\(Format.count(artifacts.rows.count)) shown") }
        return parts.joined(separator: separator)
    }

    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let artifacts = state.artifacts
        let inner = Box.draw(rect, title: title(state, separator: context.separator), style: context[.borderFocused],
                             titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        guard !inner.isEmpty else { return }
        var tableRect = inner
        if showsFilter(artifacts), inner.height > 2 {
            let (rest, bottom) = inner.splitBottom(1)
            tableRect = rest
            drawFilter(state, context, in: bottom, into: &buffer)
        }
        let problem = problemLines(state)
        if !problem.isEmpty {
            let (rest, bottom) = tableRect.splitBottom(problem.count)
            tableRect = rest
            buffer.fill(bottom, style: context[.text])
            for (offset, line) in problem.enumerated() {
                buffer.put(line, x: bottom.x + 1, y: bottom.y + offset, maxWidth: bottom.width - 1, style: context[.promptError])
            }
        }
        let table = Table(
            columns: [TableColumn("Name", width: .fill), TableColumn("Size", width: .fixed(sizeWidth), alignment: .right),
                      TableColumn("Files", width: .fixed(filesWidth), alignment: .right)],
            rowCount: artifacts.rows.count, selected: artifacts.cursor.selected, offset: artifacts.cursor.scroll,
            styles: TableStyles(header: context[.tableHeader], row: context[.runsRow], selected: context[.runsSelected], marked: context[.runsMarked]),
            symbols: context.symbols)
        let open = context.symbols.braille ? "▾ " : "v "
        let closed = context.symbols.braille ? "▸ " : "> "
        table.draw(in: tableRect, into: &buffer, rowStyle: { index in
            rowStyle(artifacts.rows[index].kind, context)
        }) { index, column in
            let row = artifacts.rows[index]
            switch column {
            case 0: return Span(name(row, artifacts, open: open, closed: closed, state: state, context: context))
            case 1: return size(row, artifacts, context)
            default: return files(row, artifacts, context)
            }
        }
    }

    static func rowStyle(_ kind: ArtifactRow.Kind, _ context: RenderContext) -> Style? {
        switch kind {
        case .root, .versionsGroup: context[.paneTitle]
        case .loading, .note: context[.dim]
        case .failed: context[.promptError]
        case .folder, .file: nil
        }
    }

    /// The name cell: indented, with an open or closed sign before roots and folders.
    static func name(_ row: ArtifactRow, _ artifacts: ArtifactsState, open: String, closed: String, state: DashboardState,
                     context: RenderContext) -> String {
        let indent = String(repeating: "  ", count: row.depth)
        let sign = artifacts.expanded.contains(row.id) ? open : closed
        switch row.kind {
        case .root, .versionsGroup: return indent + sign + SafeText.sanitize(row.name)
        case .folder: return indent + sign + SafeText.sanitize(row.name) + "/"
        case .file: return indent + "  " + SafeText.sanitize(row.name)
        case .loading(let text): return indent + Spinner.frame(state.spinnerFrame, symbols: context.symbols) + " " + text
        case .failed(let message): return indent + "! " + SafeText.sanitize(message)
        case .note(let text): return indent + text
        }
    }

    /// The size cell: a file's size; a folder's total, exact or `≥` a lower bound while it is worked out.
    static func size(_ row: ArtifactRow, _ artifacts: ArtifactsState, _ context: RenderContext) -> Span {
        if row.kind == .file {
            // MLflow lists an empty file without a size.
            return Span(ByteSize.human(row.size ?? 0))
        }
        guard let folder = artifacts.folderKey(of: row) else { return Span("") }
        guard let total = artifacts.totals[folder] else {
            return computing(folder, artifacts) ? Span(context.symbols.ellipsis, style: context[.dim]) : Span("")
        }
        if total.complete { return Span(ByteSize.human(total.bytes)) }
        if total.failed, total.files == 0 { return Span("?", style: context[.dim]) }
        return Span(atLeast(context) + ByteSize.human(total.bytes), style: context[.dim])
    }

    /// The files cell of a folder: its exact count once its total is complete.
    static func files(_ row: ArtifactRow, _ artifacts: ArtifactsState, _ context: RenderContext) -> Span {
        guard row.kind != .file, let folder = artifacts.folderKey(of: row), let total = artifacts.totals[folder] else { return Span("") }
        if total.complete { return Span(total.files == 1 ? "1 file" : "\(Format.count(total.files)) files") }
        if total.failed { return Span("incomplete", style: context[.dim]) }
        if computing(folder, artifacts) { return Span(context.symbols.ellipsis, style: context[.dim]) }
        return Span(atLeast(context) + "\(Format.count(total.files)) files", style: context[.dim])
    }

    /// Before a lower bound: `≥ `, or `>= ` in plain ASCII.
    static func atLeast(_ context: RenderContext) -> String { context.symbols.braille ? "≥ " : ">= " }

    /// Whether the folder's total is being worked out (or waits its turn).
    static func computing(_ folder: ArtifactFolderKey, _ artifacts: ArtifactsState) -> Bool {
        if artifacts.totalsWanted.contains(folder) || artifacts.listings[folder]?.load.isLoading == true { return true }
        // A folder under the one being listed recursively gets its total on the way.
        guard let crawl = artifacts.crawl?.folder, crawl.root == folder.root else { return false }
        return crawl.path == folder.path || crawl.path.isEmpty || folder.path.hasPrefix(crawl.path + "/")
    }

    static func drawFilter(_ state: DashboardState, _ context: RenderContext, in row: Rect, into buffer: inout CellBuffer) {
        let artifacts = state.artifacts
        buffer.fill(row, style: context[.prompt])
        let cursor = artifacts.filtering ? (context.symbols.braille ? "▏" : "_") : ""
        let hint = artifacts.filtering ? "  (Enter keeps, Esc drops)" : "  (Esc clears)"
        buffer.put([Span("filter: ", style: context[.prompt]), Span(SafeText.sanitize(artifacts.filter) + cursor), Span(hint, style: context[.dim])],
                   x: row.x, y: row.y, maxWidth: row.width, style: context[.prompt])
    }
}
