import MLflowCore
import TerminalCore

/// The column picker over the screen: `[2] metrics.val_loss` for picked columns (in the order
/// they will show), `[ ] params.seed` for the others, the cursor's row highlighted.
enum ColumnPickerOverlay {
    static func draw(_ picker: ColumnPickerState, _ context: RenderContext, in screen: Rect, into buffer: inout CellBuffer) {
        let labels = picker.candidates.map { SafeText.sanitize($0.qualifiedName) }
        let title = "Columns (\(picker.chosen.count) shown)"
        let widest = max(DisplayWidth.of(title) + 2, (labels.map(DisplayWidth.of).max() ?? 0) + 6, 36)
        let rect = screen.centered(Size(width: min(screen.width, widest + 4), height: min(screen.height, max(1, labels.count) + 2)))
        buffer.fill(rect, style: context[.text])
        let inner = Box.draw(rect, title: title, style: context[.borderFocused], titleStyle: context[.helpTitle],
                             symbols: context.symbols, into: &buffer)
        guard !inner.isEmpty else { return }
        if labels.isEmpty {
            buffer.put("no metrics or params in the loaded runs", x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, style: context[.dim])
            return
        }
        var cursor = picker.cursor
        cursor.reveal(height: inner.height)
        for (offset, index) in (cursor.scroll..<min(labels.count, cursor.scroll + inner.height)).enumerated() {
            let y = inner.y + offset
            let order = picker.chosen.firstIndex(of: picker.candidates[index]).map { "[\($0 + 1)]" } ?? "[ ]"
            let style = index == picker.cursor.selected ? context[.runsSelected] : context[.text]
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            buffer.put(DisplayWidth.pad(order, to: 5) + labels[index], x: inner.x + 1, y: y, maxWidth: inner.width - 1, style: style)
        }
    }
}
