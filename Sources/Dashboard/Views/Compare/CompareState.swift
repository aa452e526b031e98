import MLflowCore

/// The comparison view: the runs compared, what was loaded for them, how the comparison is shown
/// and where the cursors are.
public struct CompareState: Sendable, Hashable {
    /// The runs compared, in column order (the order they were marked in).
    public var compared: [RunMarks.Mark] = []
    /// The full runs, by id, as the store answered.
    public var runs: [String: Run] = [:] {
        didSet { runsVersion &+= 1 }
    }
    /// Counts the changes of `runs`, so that a rebuild knows whether they changed.
    var runsVersion = 0
    public var load: LoadState = .idle
    /// Compared runs the store no longer has (deleted or purged since they were marked).
    public var missingRunIds: [String] = []
    /// What the comparison shows: all rows or the differing ones, MLflow's tags, the row filter,
    /// the metric value, the baseline and the flipped directions.
    public var options = ComparisonOptions()
    /// Exact summaries and histories read for the min, max, best and at-step values.
    public var figures = MetricFigures()
    public var figuresLoad: LoadState = .idle
    /// How many of the metric values `figuresLoad` reads are read.
    public var figuresProgress: FiguresProgress?
    /// Runs as rows and keys as columns (suits 20 to 200 runs).
    public var transposed = false
    /// The row the cursor is on, by identity, so that it stays on the same key when rows come
    /// and go (a filter, diff-only switched off).
    public var selectedRow: CompareRowID?
    /// The run the cursor is on (the baseline key takes it), by id.
    public var selectedRunId: String?
    /// The first line (or, transposed, the first run) shown.
    public var scroll = 0
    /// The first run column (or, transposed, the first key column) shown.
    public var columnScroll = 0
    /// The prompt being typed into, if any.
    public var prompt: ComparePrompt?
    /// The step being typed after `@`.
    public var stepDraft = ""
    /// The pane to go back to.
    public var returnTo: Pane = .runs
    /// The comparison built from the above; rebuilt by the reducer whenever an input changes.
    public internal(set) var view = ComparisonView()

    public init() {}

    /// Metric values read so far of those asked for.
    public struct FiguresProgress: Sendable, Hashable {
        public var done: Int
        public var total: Int
    }

    /// The loaded runs in column order, with their experiments' names.
    var comparedRuns: [ComparedRun] {
        compared.compactMap { mark in runs[mark.runId].map { ComparedRun(run: $0, experimentName: mark.experimentName) } }
    }
}

/// A row of the comparison by identity: its section and key.
public struct CompareRowID: Sendable, Hashable {
    public var section: ComparisonSectionKind
    public var key: String

    public init(section: ComparisonSectionKind, key: String) {
        self.section = section
        self.key = key
    }
}

/// What the keyboard types into inside the comparison.
public enum ComparePrompt: Sendable, Hashable {
    /// `/`: the row filter, applied as typed.
    case rowFilter
    /// `@`: a step to show each metric's value at.
    case step
}

/// One line of the comparison in its normal layout (runs as columns).
public enum CompareLine: Sendable, Hashable {
    /// A section's heading, with how many equal rows it hides.
    case heading(ComparisonSectionKind, hidden: Int)
    /// Row `row` of section `section` (indices into `RunComparison.sections`).
    case row(section: Int, row: Int)
}

/// The built comparison and what drawing it needs, computed once per change rather than per frame.
/// Two views are equal when they come from the same build.
public struct ComparisonView: Sendable, Hashable {
    /// Which build this is; equality and hashing look at it alone.
    var generation = 0
    public internal(set) var comparison: RunComparison?
    /// The lines of the normal layout: a heading per section, then its rows.
    public internal(set) var lines: [CompareLine] = []
    /// The indices of `lines` that are rows, in order: the cursor's stops.
    public internal(set) var rowLines: [Int] = []
    /// Where each row is in `rowLines`, by identity.
    var rowIndex: [CompareRowID: Int] = [:]
    /// The width of each run's column (normal layout), from its header and the values shown.
    public internal(set) var runWidths: [Int] = []
    /// The width of each row's column in the transposed layout, in `rowLines` order.
    public internal(set) var keyWidths: [Int] = []
    /// What the rows other than the metrics' were built from, and the widths those rows need in
    /// each run's column: kept while a rebuild changes the metric rows alone.
    var rowsKey: CompareState.RowsKey?
    var transposed = false
    var textWidths: [Int] = []
    /// The width the keys need (normal layout) and the run names need (transposed).
    public internal(set) var keyColumnWidth = 0
    public internal(set) var nameColumnWidth = 0

    public static func == (a: ComparisonView, b: ComparisonView) -> Bool { a.generation == b.generation }
    public func hash(into hasher: inout Hasher) { hasher.combine(generation) }

    /// The row of a line.
    public func row(_ line: CompareLine) -> ComparisonRow? {
        guard case .row(let section, let row) = line, let comparison else { return nil }
        return comparison.sections[section].rows[row]
    }

    /// The row at position `index` of `rowLines`, with its section.
    public func row(at index: Int) -> (kind: ComparisonSectionKind, row: ComparisonRow)? {
        guard rowLines.indices.contains(index), case .row(let section, let row) = lines[rowLines[index]], let comparison else { return nil }
        return (comparison.sections[section].kind, comparison.sections[section].rows[row])
    }

    /// The identity of the row at position `index` of `rowLines`.
    public func rowID(at index: Int) -> CompareRowID? {
        row(at: index).map { CompareRowID(section: $0.kind, key: $0.row.key) }
    }
}
