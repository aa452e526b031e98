import MLflowCore
import TerminalCore

/// The runs table: status glyph, name (nested runs indented), start, duration, user, then the
/// chosen metric and param columns, as many as fit.
enum RunsPane {
    static func draw(_ state: DashboardState, _ context: RenderContext, focused: Bool, in rect: Rect, into buffer: inout CellBuffer) {
        let runs = state.runs
        let inner = Box.draw(rect, title: title(state, separator: context.separator), style: context[focused ? .borderFocused : .border],
                             titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        if runs.experimentIds.isEmpty {
            drawPlaceholder("open an experiment to see its runs", loading: false, state, context, in: inner, into: &buffer)
            return
        }
        if let message = ExperimentsPane.placeholder(runs.load, empty: runs.rows.isEmpty, what: "runs") {
            drawPlaceholder(message, loading: runs.load.isLoading, state, context, in: inner, into: &buffer)
            return
        }
        // With no sort chosen the runs are in the store's order: newest first.
        let sorted = runs.sort.first ?? OrderBy(key: .attribute("start_time"), ascending: false)
        /// The header of a column sorted by `key`, with the sort's arrow (always shown).
        func header(_ title: String, _ key: SearchKey?) -> String {
            guard let key, sorted.key == key else { return title }
            let arrow = context.symbols.braille ? (sorted.ascending ? "▲" : "▼") : (sorted.ascending ? "^" : "v")
            return title.isEmpty ? arrow : title + " " + arrow
        }
        var fixed: [TableColumn] = [
            TableColumn(header("", .attribute("status")), width: .fixed(1)),
            TableColumn(header("Name", .attribute("run_name")), width: .fill),
            TableColumn(header("Started", .attribute("start_time")), width: .fixed(9), alignment: .right),
            TableColumn("Duration", width: .fixed(8), alignment: .right),
            TableColumn(header("User", .attribute("user_id")), width: .fixed(10)),
        ]
        // Metric, param and tag columns, each as wide as its name (10 to 16), while the name keeps
        // at least 20 columns (gutter 2, fixed 28, spacing 4). A name two kinds of column share
        // (a metric and a param both called `lr`) is shown qualified: `metrics.lr`, `params.lr`.
        var room = inner.width - 2 - 28 - 4 - 20
        var extra: [RunColumn] = []
        var extraColumns: [TableColumn] = []
        // The column the runs are sorted by always shows (with its arrow): first, when it is not
        // among the columns or would not fit.
        var candidates = runs.columns
        if let sortColumn = RunColumn(sorted.key) {
            let fitting = RunsPane.fittingCount(candidates, room: room, shared: RunColumns.ambiguousKeys(candidates), sorted: sortColumn)
            if !candidates.prefix(fitting).contains(sortColumn) {
                candidates.removeAll { $0 == sortColumn }
                candidates.insert(sortColumn, at: 0)
            }
        }
        let shared = RunColumns.ambiguousKeys(candidates)
        for column in candidates {
            let title = header(SafeText.sanitize(shared.contains(column.key) ? column.qualifiedName : column.key), column.searchKey)
            let width = RunsPane.width(of: title)
            guard room >= width + 1 else { break }
            room -= width + 1
            extra.append(column)
            if case .metric = column {
                extraColumns.append(TableColumn(title, width: .fixed(width), alignment: .right))
            } else {
                extraColumns.append(TableColumn(title, width: .fixed(width)))
            }
        }
        // On a wide screen the name stops at 60 columns, so that the values stay near it.
        let nameWidth = room + 20
        if nameWidth > 60 { fixed[1] = TableColumn("Name", width: .fixed(60)) }
        let columns = fixed + extraColumns
        let table = Table(
            columns: columns, rowCount: runs.rows.count, selected: runs.cursor.selected, offset: runs.cursor.scroll,
            showsMarks: true,
            styles: TableStyles(header: context[.tableHeader], row: context[.runsRow],
                                selected: focused ? context[.runsSelected] : context[.runsSelected].adding(.dim),
                                marked: context[.runsMarked]),
            symbols: context.symbols)
        let treeOpen = context.symbols.braille ? "▾ " : "v "
        let treeClosed = context.symbols.braille ? "▸ " : "> "
        table.draw(in: inner, into: &buffer, isMarked: { state.marks.contains(runs.runs[runs.rows[$0].index].info.runId) }) { row, column in
            let line = runs.rows[row]
            let run = runs.runs[line.index]
            switch column {
            case 0: return Span(Format.glyph(run.info.status, symbols: context.symbols), style: context[Format.role(run.info.status)])
            case 1:
                let indent = String(repeating: "  ", count: line.depth)
                let branch = line.hasChildren ? (line.collapsed ? treeClosed : treeOpen) : ""
                return Span(indent + branch + SafeText.sanitize(run.info.runName))
            case 2: return Span(Format.age(run.info.startTime, now: state.now))
            case 3: return Span(Format.duration(run.info, now: state.now))
            case 4: return Span(run.info.userId)
            default:
                return Span(extra[column - fixed.count].text(of: run, format: Format.value) ?? "")
            }
        }
    }

    /// A metric, param or tag column is as wide as its title, from 10 to 16.
    static func width(of title: String) -> Int { min(16, max(10, DisplayWidth.of(title))) }

    /// How many of `columns` fit in `room` (each with a space before it), the sorted one's arrow
    /// (two columns) counted.
    static func fittingCount(_ columns: [RunColumn], room: Int, shared: Set<String>, sorted: RunColumn) -> Int {
        var left = room
        for (index, column) in columns.enumerated() {
            let title = SafeText.sanitize(shared.contains(column.key) ? column.qualifiedName : column.key)
            let width = width(of: column == sorted ? title + " ^" : title)
            guard left >= width + 1 else { return index }
            left -= width + 1
        }
        return columns.count
    }

    /// `Runs · 1,100 loaded... · sort metrics.loss DESC · filter …`.
    static func title(_ state: DashboardState, separator: String) -> String {
        let runs = state.runs
        var parts = ["Runs"]
        if runs.complete {
            parts.append(runs.rows.count == runs.runs.count ? Format.count(runs.runs.count)
                         : "\(Format.count(runs.rows.count))/\(Format.count(runs.runs.count))")
        } else if runs.load.isLoading, !runs.runs.isEmpty {
            parts.append("\(Format.count(runs.runs.count)) loaded...")
        }
        if let sort = runs.sort.first { parts.append("sort " + orderByText(sort)) }
        if !runs.searchFilter.isEmpty { parts.append("filter " + SafeText.sanitize(runs.searchFilter)) }
        if !runs.textFilter.isEmpty { parts.append("find " + SafeText.sanitize(runs.textFilter)) }
        return parts.joined(separator: separator)
    }
}
