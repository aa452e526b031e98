import TerminalCore

/// Where the comparison draws at the state's size: the whole width between the title and status
/// rows, in a box; a header row, the body, and the prompt's row when one is open.
struct CompareLayout {
    /// Inside the box.
    var inner: Rect
    /// The fixed column: keys (normal) or run names (transposed).
    var fixedWidth: Int
    /// Rows of the body (below the header, above an open prompt).
    var bodyRows: Int
    /// Columns left for the scrolling columns, after the fixed one and its separator.
    var columnsRoom: Int

    /// Spaces between two scrolling columns.
    static let spacing = 2

    init(_ state: DashboardState) {
        let size = state.size
        let body = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
        inner = body.width >= 2 && body.height >= 2 ? body.inset() : body
        let view = state.compare.view
        let wanted = state.compare.transposed ? view.nameColumnWidth : view.keyColumnWidth
        fixedWidth = min(wanted, max(8, inner.width / 3))
        bodyRows = max(1, inner.height - 1 - (state.compare.prompt == nil ? 0 : 1))
        columnsRoom = max(0, inner.width - fixedWidth - 3)
    }

    /// The first column to show so that `target` fits in `room`, moving from `scroll` as little as possible.
    static func scroll(toShow target: Int, widths: [Int], from scroll: Int, room: Int) -> Int {
        guard !widths.isEmpty else { return 0 }
        let target = min(max(0, target), widths.count - 1)
        var first = min(max(0, scroll), target)
        func fits(_ first: Int) -> Bool {
            let used = widths[first...target].reduce(0, +) + spacing * (target - first)
            return used <= room
        }
        while first < target, !fits(first) { first += 1 }
        return first
    }

    /// The columns shown from `first` on: as many as fit `room` (the first always, cut if need be).
    static func visible(widths: [Int], from first: Int, room: Int) -> [(index: Int, x: Int, width: Int)] {
        var shown: [(index: Int, x: Int, width: Int)] = []
        var x = 0
        var index = max(0, first)
        while index < widths.count, x < room {
            let width = min(widths[index], room - x)
            if width < min(widths[index], CompareState.minColumnWidth) && !shown.isEmpty { break }
            shown.append((index, x, width))
            x += width + spacing
            index += 1
        }
        return shown
    }
}
