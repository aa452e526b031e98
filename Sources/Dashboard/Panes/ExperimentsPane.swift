import MLflowCore
import TerminalCore

/// The experiments list: name, run count where known, last update; deleted ones dimmed; marks in the gutter.
enum ExperimentsPane {
    static func draw(_ state: DashboardState, _ context: RenderContext, focused: Bool, in rect: Rect, into buffer: inout CellBuffer) {
        let experiments = state.experiments
        var title = "Experiments"
        if !experiments.filter.isEmpty { title += " /\(SafeText.sanitize(experiments.filter))" }
        if experiments.showDeleted { title += " +deleted" }
        title += " (\(Format.count(experiments.visible.count)))"
        let inner = Box.draw(rect, title: title, style: context[focused ? .borderFocused : .border],
                             titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        if let message = placeholder(experiments.load, empty: experiments.visible.isEmpty, what: "experiments") {
            drawPlaceholder(message, loading: experiments.load.isLoading, state, context, in: inner, into: &buffer)
            return
        }
        let counts = experiments.runCounts
        var columns = [TableColumn("Name", width: .fill)]
        if !counts.isEmpty { columns.append(TableColumn("Runs", width: .fixed(7), alignment: .right)) }
        columns.append(TableColumn("Updated", width: .fixed(9), alignment: .right))
        let table = Table(
            columns: columns,
            rowCount: experiments.visible.count,
            selected: experiments.cursor.selected, offset: experiments.cursor.scroll, showsMarks: true,
            styles: TableStyles(header: context[.tableHeader], row: context[.experimentsRow],
                                selected: focused ? context[.experimentsSelected] : context[.experimentsSelected].adding(.dim),
                                marked: context[.experimentsMarked]),
            symbols: context.symbols)
        table.draw(in: inner, into: &buffer,
                   isMarked: { experiments.marked.contains(experiments.all[experiments.visible[$0]].experimentId) },
                   rowStyle: { experiments.all[experiments.visible[$0]].lifecycleStage == .deleted ? context[.experimentsDeleted] : nil }
        ) { row, column in
            let experiment = experiments.all[experiments.visible[row]]
            switch (column, counts.isEmpty) {
            case (0, _): return Span(experiment.name)
            case (1, false): return Span(counts[experiment.experimentId].map(Format.count) ?? "", style: context[.dim])
            default: return Span(Format.ago(experiment.lastUpdateTime ?? experiment.creationTime, now: state.now))
            }
        }
    }

    /// A line to show instead of the list while it loads, after it failed, or when it is empty.
    static func placeholder(_ load: LoadState, empty: Bool, what: String) -> String? {
        switch load {
        case .loading: return empty ? "loading \(what)..." : nil
        case .failed(let message): return empty ? "could not load \(what): \(SafeText.sanitize(message))" : nil
        case .idle, .loaded: return empty ? "no \(what)" : nil
        }
    }
}

/// Draws a placeholder line, with a spinner while loading.
func drawPlaceholder(_ message: String, loading: Bool, _ state: DashboardState, _ context: RenderContext,
                     in rect: Rect, into buffer: inout CellBuffer) {
    guard !rect.isEmpty else { return }
    if loading {
        Spinner.draw(message, tick: state.spinnerFrame, x: rect.x, y: rect.y, maxWidth: rect.width,
                     style: context[.statusLoading].over(context[.text]), symbols: context.symbols, into: &buffer)
    } else {
        buffer.put(message, x: rect.x, y: rect.y, maxWidth: rect.width, style: context[.dim])
    }
}
