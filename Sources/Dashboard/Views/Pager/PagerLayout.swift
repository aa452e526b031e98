import TerminalCore

/// Where the pager draws: a box over the room's body, a header row, the content, a footer row.
struct PagerLayout {
    var box: Rect
    var header: Rect
    /// The lines (or, for a table, its header row and its rows).
    var content: Rect
    var footer: Rect

    /// The layout in the room's body at a screen size (as `render` gives the room its body).
    init(size: Size) {
        let screen = DashboardLayout(size: size)
        self.init(box: Rect(x: 0, y: screen.title.height, width: size.width, height: max(0, screen.status.y - screen.title.height)))
    }

    init(box: Rect) {
        self.box = box
        let inner = box.width >= 2 && box.height >= 2 ? box.inset() : box
        let (top, rest) = inner.splitTop(min(1, inner.height))
        let (middle, bottom) = rest.splitBottom(min(1, rest.height))
        header = top
        content = middle
        footer = bottom
    }

    /// Rows of text shown at once (at least one, for paging).
    var rows: Int { max(1, content.height) }

    /// Table rows shown at once, below the table's header row.
    var tableRows: Int { max(1, content.height - 1) }

    /// The gutter's width for line numbers up to `lines`: the digits and a space, at least four.
    static func gutterWidth(lines: Int) -> Int {
        max(3, String(max(1, lines)).count) + 1
    }

    /// The columns left for text beside the gutter.
    func textWidth(lines: Int) -> Int {
        max(1, content.width - Self.gutterWidth(lines: lines))
    }
}
