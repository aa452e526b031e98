import Foundation
import MLflowCore
import TerminalCore

/// How often running runs are refreshed.
public struct LiveSettings: Sendable, Hashable {
    public var auto = true
    /// Milliseconds between refreshes of running runs.
    public var interval: Int64 = 5_000
    /// When the last refresh was asked for.
    public var lastRefresh: Int64 = 0

    public init(auto: Bool = true, interval: Int64 = 5_000) {
        self.auto = auto
        self.interval = interval
    }

    /// The shortest interval accepted: one search per hundred running runs each time.
    public static let minimumSeconds = 1.0
    /// The longest: a day.
    public static let maximumSeconds = 86_400.0

    /// Milliseconds between refreshes for `text` seconds, or why it is refused (the rejected value
    /// named, with the bounds). Nothing is converted before it is checked.
    public static func interval(seconds text: String) -> Result<Int64, IntervalError> {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let seconds = Double(trimmed), seconds.isFinite else {
            return .failure(IntervalError("'\(trimmed)' is not a number of seconds"))
        }
        guard seconds >= minimumSeconds else {
            return .failure(IntervalError("\(trimmed) s is too short; the minimum is \(Int(minimumSeconds)) s"))
        }
        guard seconds <= maximumSeconds else {
            return .failure(IntervalError("\(trimmed) s is too long; the maximum is \(Int(maximumSeconds)) s (a day)"))
        }
        return .success(Int64((seconds * 1_000).rounded()))
    }

    /// Why an interval was refused.
    public struct IntervalError: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Everything the dashboard shows; changed only by `reduce`.
public struct DashboardState: Sendable, Hashable {
    public var storeURI: String
    public var size: Size
    public var focus: Pane = .experiments
    public var input: InputMode = .none
    /// Text of the `:` command line.
    public var commandDraft = ""
    public var showHelp = false
    /// The runs pane's column picker, while it is open.
    public var columnPicker: ColumnPickerState?
    /// First line shown of the help screen.
    public var helpScroll = 0
    public var experiments = ExperimentsState()
    public var runs = RunsState()
    /// The runs marked for comparison, from any experiment; kept when another is opened.
    public var marks = RunMarks()
    public var detail = DetailState()
    public var chart = ChartState()
    public var compare = CompareState()
    public var overlay = OverlayState()
    public var artifacts = ArtifactsState()
    public var pager = PagerState()
    public var image = ImageState()
    public var models = ModelsState()
    public var downloads = DownloadsState()
    public var status = StatusMessages()
    public var live = LiveSettings()
    /// Milliseconds since the epoch, as of the last tick.
    public var now: Int64
    /// Advances on every tick while something loads.
    public var spinnerFrame = 0
    /// Size of the first page of runs (small, so that it shows fast) and of the pages behind it.
    public var firstPageSize = 100
    public var pageSize = 1_000
    /// An experiment (id or name) to open once experiments arrive (`--experiment`).
    public var openExperimentOnLoad: String?
    /// A run id to open once it arrives among the runs (`--run`).
    public var openRunOnLoad: String?
    /// Set when the user asked to quit.
    public var quitting = false
    /// Ctrl-Z was pressed: the loop suspends the process, then sends `.resumed`.
    public var suspendRequested = false
    var nextRequestId = 1

    public init(storeURI: String, size: Size, now: Int64) {
        self.storeURI = storeURI
        self.size = size
        self.now = now
    }

    /// A fresh request id.
    mutating func makeRequestId() -> Int {
        defer { nextRequestId += 1 }
        return nextRequestId
    }

    /// The run the focused view is about: the chart's run, the detail's run, or the run under the
    /// runs cursor. Every header, copy and jump that means "the selected run" reads it here.
    public var focusedRunId: String? {
        switch focus {
        case .chart: chart.runId
        case .compare: compare.selectedRunId
        case .overlay, .models, .downloads: nil
        case .artifacts: artifacts.runId
        case .pager: pager.file?.runId
        case .image: image.file?.runId
        case .detail: detail.runId
        case .runs, .experiments: runs.selected?.info.runId
        }
    }

    /// The name of `focusedRunId`'s run, as the focused view knows it.
    public var focusedRunName: String? {
        switch focus {
        case .chart: chart.runId == nil ? nil : chart.runName
        case .compare: compare.compared.first { $0.runId == compare.selectedRunId }?.runName
        case .overlay, .models, .downloads: nil
        case .artifacts: artifacts.runId == nil ? nil : artifacts.ownerLabel
        case .pager: pager.file?.runId == nil ? nil : pager.file?.ownerLabel
        case .image: image.file?.runId == nil ? nil : image.file?.ownerLabel
        case .detail: detail.run?.info.runName ?? detail.runId
        case .runs, .experiments: runs.selected?.info.runName
        }
    }

    /// Whether any pane waits on the store.
    public var isLoading: Bool {
        experiments.load.isLoading || runs.load.isLoading || detail.load.isLoading
            || detail.historiesLoad.isLoading || detail.summariesLoad.isLoading || chart.load.isLoading || chart.window?.load.isLoading == true
            || compare.load.isLoading || compare.figuresLoad.isLoading
            || overlay.isLoading
            || artifacts.isLoading || pager.isLoading || image.isLoading || models.isLoading
    }
}
