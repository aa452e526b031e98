import MLflowCore
import TerminalCore

extension CompareState {
    /// How many rows (normal layout) or runs (transposed) decide the widths of the columns: the
    /// first screenful or so, so that 1,000 params of 200 runs are not all measured.
    static let widthSample = 60
    /// How many runs decide the widths of the key columns of the transposed layout.
    static let transposedWidthSample = 20
    /// The narrowest and widest a value column gets; longer values are cut with `…`.
    static let minColumnWidth = 6
    static let maxColumnWidth = 30

    /// What decides the rows other than the metrics': while it stays the same, a change of the
    /// metric value, the baseline or a direction rebuilds the metric rows alone.
    struct RowsKey: Hashable {
        var runIds: [String]
        var runsVersion: Int
        var allRows: Bool
        var systemTags: Bool
        var rowFilter: String?
    }

    /// Builds the comparison anew from the runs, options and figures, keeping the cursors on
    /// their row and run. A baseline no longer among the runs falls back to the first run.
    mutating func rebuild() {
        let runs = comparedRuns
        if let base = options.baselineRunId, !runs.contains(where: { $0.run.info.runId == base }) { options.baselineRunId = nil }
        let rowsKey = RowsKey(runIds: runs.map(\.run.info.runId), runsVersion: runsVersion, allRows: options.allRows,
                              systemTags: options.systemTags, rowFilter: options.rowFilter)
        let previous = self.view
        var view = ComparisonView()
        view.generation = previous.generation &+ 1
        var built: RunComparison?
        if let old = previous.comparison, previous.rowsKey == rowsKey, previous.transposed == transposed {
            built = try? old.rebuildingMetrics(runs, options: options, figures: figures)
        } else {
            built = try? RunComparison.build(runs, options: options, figures: figures)
        }
        guard !runs.isEmpty, let comparison = built else {
            self.view = view
            return
        }
        view.rowsKey = rowsKey
        view.transposed = transposed
        view.comparison = comparison
        for (sectionIndex, section) in comparison.sections.enumerated() where !section.rows.isEmpty || section.hiddenEqualRows > 0 {
            view.lines.append(.heading(section.kind, hidden: section.hiddenEqualRows))
            for rowIndex in section.rows.indices {
                view.rowIndex[CompareRowID(section: section.kind, key: section.rows[rowIndex].key)] = view.rowLines.count
                view.rowLines.append(view.lines.count)
                view.lines.append(.row(section: sectionIndex, row: rowIndex))
            }
        }
        measure(&view, comparison, reusing: previous.rowsKey == rowsKey ? previous : nil)
        self.view = view
        if let selectedRow, view.rowIndex[selectedRow] == nil { self.selectedRow = nil }
        if self.selectedRow == nil { self.selectedRow = view.rowID(at: 0) }
        // A run still loading keeps the cursor (the first marked one is where it starts).
        if selectedRunId == nil || !compared.contains(where: { $0.runId == selectedRunId }) {
            selectedRunId = comparison.columns.first?.runId
        }
    }

    /// The widths of the key column, of each run's column and, transposed, of each row's column.
    /// The widths the rows other than the metrics' need come from `reusing` when it has them (the
    /// same runs and rows: only the metric rows were rebuilt).
    func measure(_ view: inout ComparisonView, _ comparison: RunComparison, reusing previous: ComparisonView?) {
        let sampleRows = view.rowLines.prefix(Self.widthSample).compactMap { view.row(view.lines[$0]) }
        let markers = ComparisonView.baselineMarkWidth
        func widths(_ rows: [ComparisonRow]) -> [Int] {
            comparison.columns.indices.map { column in
                var width = 0
                for row in rows { width = max(width, DisplayWidth.of(SafeText.sanitize(CompareCell.text(row, column)))) }
                return width
            }
        }
        view.textWidths = previous?.textWidths ?? widths(sampleRows.filter { $0.metric == nil })
        let metricWidths = widths(sampleRows.filter { $0.metric != nil })
        view.runWidths = comparison.columns.indices.map { column in
            let header = DisplayWidth.of(SafeText.sanitize(comparison.columns[column].header)) + markers
            let width = max(header, view.textWidths[safe: column] ?? 0, metricWidths[column])
            return min(Self.maxColumnWidth, max(Self.minColumnWidth, width))
        }
        let keys = view.rowLines.indices.compactMap { view.row(at: $0) }
        view.keyColumnWidth = min(40, max(8, keys.prefix(2_000).map { DisplayWidth.of(SafeText.sanitize(CompareCell.keyLabel($0.row))) }.max() ?? 0))
        view.nameColumnWidth = min(40, max(8, comparison.columns.map { DisplayWidth.of(SafeText.sanitize($0.header)) + markers }.max() ?? 0))
        guard transposed else {
            view.keyWidths = []
            return
        }
        let sampleColumns = Array(comparison.columns.indices.prefix(Self.transposedWidthSample))
        view.keyWidths = keys.map { keyed in
            var width = DisplayWidth.of(SafeText.sanitize(CompareCell.qualifiedKey(keyed.kind, keyed.row)))
            for column in sampleColumns { width = max(width, DisplayWidth.of(SafeText.sanitize(CompareCell.text(keyed.row, column)))) }
            return min(Self.maxColumnWidth, max(Self.minColumnWidth, width))
        }
    }
}

extension ComparisonView {
    /// Columns a run header keeps for the baseline's mark.
    static let baselineMarkWidth = 2
}

/// The text of the comparison's cells as the view shows them: `ComparisonText`'s, as the command
/// line's, the change's verdict left to colour.
enum CompareCell {
    static func text(_ row: ComparisonRow, _ column: Int) -> String {
        ComparisonText.cell(row, column, best: .star, verdict: false)
    }

    /// A key with its notes: `lr (equal as numbers)`, `val_loss (lower is better)`.
    static func keyLabel(_ row: ComparisonRow) -> String { ComparisonText.keyLabel(row) }

    /// A transposed column's header: `params.lr`, `metrics.val_loss ↓`.
    static func qualifiedKey(_ kind: ComparisonSectionKind, _ row: ComparisonRow) -> String {
        var text = kind.rawValue + "." + row.key
        if row.equalAsNumbers { text += " (=num)" }
        if let metric = row.metric { text += metric.goal == .lowerIsBetter ? " (lower)" : " (higher)" }
        return text
    }
}
