import MLflowCore
import TerminalCore

/// Draws the models room.
enum ModelsView {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        Box.draw(rect, title: "models", style: context[.border], titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
    }
}
