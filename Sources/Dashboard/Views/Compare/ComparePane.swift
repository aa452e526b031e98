import MLflowCore
import TerminalCore

/// The comparison: a fixed column (keys, or run names when transposed) and columns that scroll
/// sideways; best values, changes against the baseline and missing values drawn in their roles.
enum ComparePane {
    static func draw(_ state: DashboardState, _ context: RenderContext, into buffer: inout CellBuffer) {
        let compare = state.compare
        let body = Rect(x: 0, y: 1, width: state.size.width, height: state.size.height - 2)
        guard !body.isEmpty else { return }
        buffer.fill(body, style: context[.text])
        Box.draw(body, title: title(compare, separator: context.separator), style: context[.borderFocused],
                 titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        let layout = CompareLayout(state)
        let inner = layout.inner
        guard !inner.isEmpty else { return }
        if let prompt = compare.prompt { drawPrompt(prompt, compare, context, in: inner.row(inner.height - 1), into: &buffer) }
        guard let comparison = compare.view.comparison else {
            let message = compare.load.isLoading ? "loading \(compare.compared.count) runs..." : compare.load.isFailed ? "the runs could not be loaded" : "no runs to compare"
            buffer.put(message, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, style: context[.dim])
            return
        }
        let cells = CellDrawer(compare: compare, comparison: comparison, context: context)
        if compare.transposed {
            drawTransposed(compare, cells, layout, into: &buffer)
        } else {
            drawNormal(compare, cells, layout, into: &buffer)
        }
    }

    /// `Compare 3 runs · 2 experiments · diff only · metrics latest · baseline sweep · filter lr`.
    static func title(_ compare: CompareState, separator: String) -> String {
        var parts = ["Compare \(compare.compared.count) run\(compare.compared.count == 1 ? "" : "s")"]
        let experiments = Set(compare.compared.map(\.experimentId)).count
        if experiments > 1 { parts.append("\(experiments) experiments") }
        parts.append(compare.options.allRows ? "all rows" : "diff only")
        if let comparison = compare.view.comparison {
            parts.append(ComparisonText.title(.metrics, mode: comparison.metricValue))
            if comparison.columns.count > 1, let base = comparison.baselineColumn {
                parts.append("baseline " + SafeText.sanitize(comparison.columns[base].header))
            }
        }
        if let filter = compare.options.rowFilter { parts.append("filter " + SafeText.sanitize(filter)) }
        return parts.joined(separator: separator)
    }

    static func drawPrompt(_ prompt: ComparePrompt, _ compare: CompareState, _ context: RenderContext, in row: Rect, into buffer: inout CellBuffer) {
        buffer.fill(row, style: context[.prompt])
        let cursor = context.symbols.braille ? "▏" : "_"
        let (prefix, text) = prompt == .rowFilter ? ("rows: ", compare.options.rowFilter ?? "") : ("at step: ", compare.stepDraft)
        buffer.put([Span(prefix), Span(SafeText.sanitize(text)), Span(cursor)], x: row.x, y: row.y, maxWidth: row.width, style: context[.prompt])
    }

    /// Runs as columns: a header of run names, then a heading per section and its rows.
    static func drawNormal(_ compare: CompareState, _ cells: CellDrawer, _ layout: CompareLayout, into buffer: inout CellBuffer) {
        let inner = layout.inner, context = cells.context
        let view = compare.view
        let columnsX = inner.x + layout.fixedWidth + 3
        let shown = CompareLayout.visible(widths: view.runWidths, from: compare.columnScroll, room: layout.columnsRoom)
        let selectedRun = cells.comparison.columns.firstIndex { $0.runId == compare.selectedRunId }
        // The header.
        buffer.fill(inner.row(0), style: context[.tableHeader])
        buffer.put(moreMark(left: compare.columnScroll > 0, context) + "key", x: inner.x, y: inner.y, maxWidth: layout.fixedWidth, style: context[.tableHeader])
        for column in shown {
            cells.header(column.index, selected: column.index == selectedRun, x: columnsX + column.x, y: inner.y, width: column.width, into: &buffer)
        }
        if let last = shown.last, last.index < view.runWidths.count - 1 {
            buffer.put(context.symbols.braille ? "›" : ">", x: inner.maxX - 1, y: inner.y, maxWidth: 1, style: context[.tableHeader])
        }
        if view.lines.isEmpty {
            let text = compare.options.rowFilter == nil ? "(no rows)" : "(no key matches the filter)"
            buffer.put(text, x: inner.x, y: inner.y + 1, maxWidth: inner.width, style: context[.dim])
        }
        let selectedLine = compare.selectedRow.flatMap { view.rowIndex[$0] }.map { view.rowLines[$0] }
        for (offset, index) in (compare.scroll..<min(view.lines.count, compare.scroll + layout.bodyRows)).enumerated() {
            let y = inner.y + 1 + offset
            switch view.lines[index] {
            case .heading(let kind, let hidden):
                var text = ComparisonText.title(kind, mode: cells.comparison.metricValue)
                if hidden > 0 { text += "  (\(Format.count(hidden)) equal \(hidden == 1 ? "row" : "rows") hidden)" }
                buffer.put(text, x: inner.x, y: y, maxWidth: inner.width, style: context[.detailSection])
            case .row(let section, let rowIndex):
                let row = cells.comparison.sections[section].rows[rowIndex]
                let selected = index == selectedLine
                let base = selected ? context[.detailSelected] : context[.text]
                if selected { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
                cells.key(row, x: inner.x, y: y, width: layout.fixedWidth, base: base, into: &buffer)
                buffer.put(context.symbols.vertical, x: inner.x + layout.fixedWidth + 1, y: y, maxWidth: 1, style: context[.border].over(base))
                for column in shown {
                    cells.value(row, column.index, x: columnsX + column.x, y: y, width: column.width, base: base, into: &buffer)
                }
            }
        }
    }

    /// Runs as rows: a header of keys (`params.lr`), a line per run.
    static func drawTransposed(_ compare: CompareState, _ cells: CellDrawer, _ layout: CompareLayout, into buffer: inout CellBuffer) {
        let inner = layout.inner, context = cells.context
        let view = compare.view
        let columnsX = inner.x + layout.fixedWidth + 3
        let shown = CompareLayout.visible(widths: view.keyWidths, from: compare.columnScroll, room: layout.columnsRoom)
        let selectedKey = compare.selectedRow.flatMap { view.rowIndex[$0] }
        let rows = shown.compactMap { column in view.row(at: column.index).map { (column, $0) } }
        buffer.fill(inner.row(0), style: context[.tableHeader])
        buffer.put(moreMark(left: compare.columnScroll > 0, context) + "run", x: inner.x, y: inner.y, maxWidth: layout.fixedWidth, style: context[.tableHeader])
        for (column, keyed) in rows {
            let style = column.index == selectedKey ? context[.runsSelected] : context[.tableHeader]
            cells.put(CompareCell.qualifiedKey(keyed.kind, keyed.row), x: columnsX + column.x, y: inner.y, width: column.width, style: style, into: &buffer)
        }
        if let last = shown.last, last.index < view.keyWidths.count - 1 {
            buffer.put(context.symbols.braille ? "›" : ">", x: inner.maxX - 1, y: inner.y, maxWidth: 1, style: context[.tableHeader])
        }
        let columns = cells.comparison.columns
        for (offset, runIndex) in (compare.scroll..<min(columns.count, compare.scroll + layout.bodyRows)).enumerated() {
            let y = inner.y + 1 + offset
            let selected = columns[runIndex].runId == compare.selectedRunId
            let base = selected ? context[.detailSelected] : context[.text]
            if selected { buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base) }
            cells.header(runIndex, selected: false, x: inner.x, y: y, width: layout.fixedWidth, base: base, into: &buffer)
            buffer.put(context.symbols.vertical, x: inner.x + layout.fixedWidth + 1, y: y, maxWidth: 1, style: context[.border].over(base))
            for (column, keyed) in rows {
                cells.value(keyed.row, runIndex, x: columnsX + column.x, y: y, width: column.width, base: base, into: &buffer)
            }
        }
        if view.rowLines.isEmpty {
            buffer.put(noRows(cells.comparison), x: columnsX, y: inner.y, maxWidth: layout.columnsRoom, style: context[.dim])
        }
    }

    /// `(no rows differ: d shows all)` and the like, for a transposed comparison without columns.
    static func noRows(_ comparison: RunComparison) -> String {
        ComparisonText.hiddenRows(comparison).map { "(\($0) hidden: d shows them)" } ?? "(no rows)"
    }

    /// `‹ ` when columns are scrolled out on the left.
    static func moreMark(left: Bool, _ context: RenderContext) -> String {
        left ? (context.symbols.braille ? "‹ " : "< ") : ""
    }
}

/// Draws the comparison's cells in their roles.
struct CellDrawer {
    var compare: CompareState
    var comparison: RunComparison
    var context: RenderContext

    /// Text from the store, made safe and cut to `width` with the symbol set's ellipsis; returns the columns used.
    @discardableResult
    func put(_ text: String, x: Int, y: Int, width: Int, style: Style, into buffer: inout CellBuffer) -> Int {
        buffer.put(DisplayWidth.truncate(SafeText.sanitize(text), to: width, ellipsis: context.symbols.ellipsis), x: x, y: y, maxWidth: width, style: style)
    }

    /// A run's name (unique), the baseline marked.
    func header(_ column: Int, selected: Bool, x: Int, y: Int, width: Int, base: Style? = nil, into buffer: inout CellBuffer) {
        let isBaseline = comparison.baselineColumn == column && comparison.columns.count > 1
        let mark = isBaseline ? (context.symbols.braille ? "◆ " : "@ ") : ""
        let style = selected ? context[.runsSelected] : (base ?? context[.tableHeader])
        put(mark + comparison.columns[column].header, x: x, y: y, width: width, style: style, into: &buffer)
    }

    /// A key, with its notes (`lr (equal as numbers)`, `val_loss (lower is better)`), dimmed notes.
    func key(_ row: ComparisonRow, x: Int, y: Int, width: Int, base: Style, into buffer: inout CellBuffer) {
        let key = SafeText.sanitize(row.key)
        let used = buffer.put(DisplayWidth.truncate(key, to: width, ellipsis: context.symbols.ellipsis), x: x, y: y, maxWidth: width, style: context[.detailKey].over(base))
        var notes = ComparisonText.keyNotes(row)
        if let metric = row.metric, metric.flipped, !notes.isEmpty { notes[notes.count - 1] += ", flipped" }
        guard used < width, !notes.isEmpty else { return }
        let text = " (" + notes.joined(separator: "; ") + ")"
        let noteStyle = (row.equalAsNumbers ? context[.compareEqualAsNumbers] : context[.dim]).over(base)
        buffer.put(DisplayWidth.truncate(text, to: width - used, ellipsis: context.symbols.ellipsis), x: x + used, y: y, maxWidth: width - used, style: noteStyle)
    }

    /// A value: missing ones in the missing role; a metric's best highlighted, its change against
    /// the baseline in the better or worse role; a value still being read shown as such.
    func value(_ row: ComparisonRow, _ column: Int, x: Int, y: Int, width: Int, base: Style, into buffer: inout CellBuffer) {
        let cell = row.cells[column]
        if cell.isMissing {
            let loading = row.metric != nil && compare.figuresLoad.isLoading
                && compare.runs[comparison.columns[column].runId]?.metric(row.key) != nil
            let text = loading ? (context.symbols.braille ? "…" : "...") : (context.symbols.braille ? ComparisonText.missing : "--")
            buffer.put(text, x: x, y: y, maxWidth: width, style: (loading ? context[.dim] : context[.compareMissing]).over(base))
            return
        }
        guard let metric = row.metric, cell.number != nil else {
            put(ComparisonText.value(cell), x: x, y: y, width: width, style: context[.detailValue].over(base), into: &buffer)
            return
        }
        var valueText = ComparisonText.value(cell)
        let best = metric.bestColumns.contains(column)
        if best { valueText += " *" }
        let valueStyle = best ? context[.compareBest].over(base) : context[.detailValue].over(base)
        var used = buffer.put(DisplayWidth.truncate(valueText, to: width, ellipsis: context.symbols.ellipsis), x: x, y: y, maxWidth: width, style: valueStyle)
        guard let change = metric.changes[column], !change.absolute.isNaN, used < width else { return }
        let role: ThemeRole = change.verdict == .better ? .compareBetter : change.verdict == .worse ? .compareWorse : .dim
        let text = " (" + ComparisonText.change(change, verdict: false) + ")"
        used += buffer.put(DisplayWidth.truncate(text, to: width - used, ellipsis: context.symbols.ellipsis), x: x + used, y: y, maxWidth: width - used, style: context[role].over(base))
    }
}
