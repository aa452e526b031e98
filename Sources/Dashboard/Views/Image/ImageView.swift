import MLflowCore
import TerminalCore

/// Draws the image room.
enum ImageView {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        Box.draw(rect, title: "image", style: context[.border], titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
    }
}
