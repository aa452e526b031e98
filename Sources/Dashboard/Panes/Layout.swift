import TerminalCore

/// Where each part of the screen goes at a size: a title row, the panes, the status row.
///
/// At 110 columns and more the experiments stay on the left beside the focused pane (the runs,
/// when the experiments are focused), 44 columns wide or a quarter of a wider screen; narrower
/// screens show the focused pane alone.
public struct DashboardLayout: Sendable, Hashable {
    public var title: Rect
    /// The experiments column of a wide screen.
    public var side: Rect?
    /// The focused pane (or the runs, beside focused experiments).
    public var main: Rect
    public var status: Rect

    /// Width from which the experiments stay visible beside the other panes.
    public static let wideWidth = 110

    public init(size: Size) {
        let screen = Rect(size: size)
        let (title, rest) = screen.splitTop(1)
        let (body, status) = rest.splitBottom(1)
        self.title = title
        self.status = status
        if size.width >= Self.wideWidth {
            // 44 columns, growing with a wide screen (a quarter of it), never past 30%.
            let (left, right) = body.splitLeft(min(max(44, body.width / 4), body.width * 3 / 10))
            side = left
            main = right
        } else {
            side = nil
            main = body
        }
    }

    /// The pane drawn in `main` for the focused pane.
    public func mainPane(focus: Pane) -> Pane {
        side != nil && focus == .experiments ? .runs : focus
    }

    /// Data rows of a list pane: the body minus its border and header row.
    public var listRows: Int { max(1, main.height - 3) }
}
