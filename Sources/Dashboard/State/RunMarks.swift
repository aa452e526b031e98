import MLflowCore

/// The runs marked for comparison: the dashboard's, not one experiment's, so that runs of several
/// experiments can be marked one after the other and compared together.
public struct RunMarks: Sendable, Hashable {
    /// A marked run, with what a comparison needs to know before it loads the run.
    public struct Mark: Sendable, Hashable {
        public var runId: String
        public var runName: String
        public var experimentId: String
        /// The experiment's name when the dashboard knew it at marking time.
        public var experimentName: String?

        public init(runId: String, runName: String, experimentId: String, experimentName: String?) {
            self.runId = runId
            self.runName = runName
            self.experimentId = experimentId
            self.experimentName = experimentName
        }
    }

    /// In the order they were marked.
    public private(set) var all: [Mark] = []
    private var ids: Set<String> = []

    public init() {}

    public var count: Int { all.count }
    public var isEmpty: Bool { all.isEmpty }
    public var runIds: [String] { all.map(\.runId) }

    public func contains(_ runId: String) -> Bool { ids.contains(runId) }

    /// Marks `mark`'s run, or unmarks it when it was marked.
    public mutating func toggle(_ mark: Mark) {
        if ids.remove(mark.runId) != nil {
            all.removeAll { $0.runId == mark.runId }
        } else {
            ids.insert(mark.runId)
            all.append(mark)
        }
    }

    /// Marks every run of `marks` not marked yet, after the ones marked before.
    public mutating func add(_ marks: [Mark]) {
        for mark in marks where ids.insert(mark.runId).inserted { all.append(mark) }
    }

    /// Forgets the runs of `runIds` (deleted meanwhile).
    public mutating func remove(_ runIds: Set<String>) {
        ids.subtract(runIds)
        all.removeAll { runIds.contains($0.runId) }
    }

    public mutating func clear() {
        all = []
        ids = []
    }
}

extension DashboardState {
    /// The mark of a loaded run, with its experiment's name as the experiments pane knows it.
    func mark(for run: Run) -> RunMarks.Mark {
        let experimentId = run.info.experimentId
        let name = experiments.all.first { $0.experimentId == experimentId }?.name
        return RunMarks.Mark(runId: run.info.runId, runName: run.info.runName, experimentId: experimentId, experimentName: name)
    }
}
