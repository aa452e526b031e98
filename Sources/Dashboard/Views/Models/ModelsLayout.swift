import TerminalCore

/// Where the models room's parts go: a box over the body, in it (on the versions) a line about
/// the model, the table, and a line about the row under the cursor (or the filter being typed).
struct ModelsLayout {
    let box: Rect
    let summary: Rect?
    let table: Rect
    let info: Rect

    init(size: Size, onVersions: Bool) {
        let layout = DashboardLayout(size: size)
        box = Rect(x: 0, y: layout.title.height, width: size.width, height: max(0, layout.status.y - layout.title.height))
        let inner = Rect(x: box.x + 1, y: box.y + 1, width: max(0, box.width - 2), height: max(0, box.height - 2))
        var (body, info) = inner.splitBottom(min(1, inner.height))
        if onVersions {
            let (top, rest) = body.splitTop(min(1, body.height))
            summary = top
            body = rest
        } else {
            summary = nil
        }
        table = body
        self.info = info
    }

    /// The layout at the state's size (the reducer scrolls with it, render draws with it).
    init(_ state: DashboardState) {
        self.init(size: state.size, onVersions: state.models.versionsOf != nil)
    }

    /// Data rows the table shows.
    var listRows: Int { max(0, table.height - 1) }
}

/// A column of the models room's tables: it shows from the left in `priority` order while the
/// minimum widths fit, then the room left over is shared by `weight`, each up to its `max`.
struct FittedColumn {
    var title: String
    var min: Int
    var max: Int
    var weight: Int
    var priority: Int
    var alignment: Alignment = .left

    /// A column that is always exactly `width` wide.
    static func fixed(_ title: String, _ width: Int, priority: Int, alignment: Alignment = .left) -> FittedColumn {
        FittedColumn(title: title, min: width, max: width, weight: 0, priority: priority, alignment: alignment)
    }

    /// The widths of `columns` within `width` (nil for a column left out), one cell between columns.
    static func fit(_ columns: [FittedColumn], width: Int) -> [Int?] {
        var widths = [Int?](repeating: nil, count: columns.count)
        var used = 0
        for index in columns.indices.sorted(by: { columns[$0].priority < columns[$1].priority }) {
            let needed = columns[index].min + (used == 0 ? 0 : 1)
            guard used + needed <= width else { break }
            widths[index] = columns[index].min
            used += needed
        }
        var left = width - used
        while left > 0 {
            let growing = columns.indices.filter { widths[$0] != nil && columns[$0].weight > 0 && (widths[$0] ?? 0) < columns[$0].max }
            guard !growing.isEmpty else { break }
            for index in growing where left > 0 {
                let step = Swift.min(columns[index].weight, left, columns[index].max - (widths[index] ?? 0))
                widths[index] = (widths[index] ?? 0) + step
                left -= step
            }
        }
        return widths
    }
}
