import MLflowCore
import TerminalCore

/// The comparison as `y` copies it: the Markdown of `runboard compare --format md`.
enum CompareMarkdown {
    static func text(_ comparison: RunComparison) -> String {
        let grid = ComparisonText.grid(comparison, markdown: true, hiddenHint: "d in the comparison shows them")
        return MarkdownTable(columns: grid.headers, rows: grid.rows, notes: grid.notes).render()
    }
}
