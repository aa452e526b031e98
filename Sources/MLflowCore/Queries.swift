/// One page of results and the token for the next one (nil on the last page).
public struct Page<Element: Sendable>: Sendable {
    public var items: [Element]
    public var nextPageToken: String?

    public init(items: [Element], nextPageToken: String?) {
        self.items = items
        self.nextPageToken = nextPageToken
    }
}

/// A run search: which experiments, which runs, in which order.
public struct RunQuery: Sendable, Hashable {
    public var experimentIds: [String]
    /// MLflow's filter grammar, e.g. `metrics.acc > 0.9 and params.lr = '0.01'`.
    public var filter: String?
    /// e.g. `metrics.val_loss ASC`; empty means MLflow's default (start time descending, run id).
    public var orderBy: [String]
    public var viewType: ViewType
    /// At most this many runs in all; nil means every matching run.
    public var maxResults: Int?

    public init(
        experimentIds: [String], filter: String? = nil, orderBy: [String] = [],
        viewType: ViewType = .activeOnly, maxResults: Int? = nil
    ) {
        self.experimentIds = experimentIds
        self.filter = filter
        self.orderBy = orderBy
        self.viewType = viewType
        self.maxResults = maxResults
    }
}

/// A closed range of steps for history queries.
public struct StepRange: Sendable, Hashable {
    public var from: Int64
    public var to: Int64

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }

    public func contains(_ step: Int64) -> Bool { step >= from && step <= to }
}

/// Limits MLflow enforces, shared by every store and the writers.
public enum MLflowLimits {
    /// `get-history` page size MLflow's own client uses.
    public static let historyPageSize = 25_000
    /// Most points per run of a sampled history (`get-history-bulk-interval`).
    public static let maxSampledPoints = 2_500
    /// Most runs in one sampled-history request.
    public static let maxSampledRuns = 100
    /// Most results of one `runs/search` or `experiments/search` page.
    public static let maxSearchPage = 50_000
    public static let maxMetricsPerBatch = 1_000
    public static let maxParamsPerBatch = 100
    public static let maxTagsPerBatch = 100
    public static let maxEntitiesPerBatch = 1_000
    public static let maxKeyLength = 250
    public static let maxParamValueLength = 6_000
    public static let maxTagValueLength = 8_000
    public static let maxExperimentNameLength = 500
}

/// The arguments of a sampled-history request, checked the same way by every store.
public enum SampledHistoryRequest {
    /// Throws `MLflowError.invalidArgument` for a point count outside 1...2,500 or a step range that
    /// ends before it starts (MLflow's server refuses both). Any number of runs is fine: stores that
    /// talk to a server split them into requests of 100.
    public static func validate(maxPoints: Int, steps: StepRange?) throws {
        guard (1...MLflowLimits.maxSampledPoints).contains(maxPoints) else {
            throw MLflowError.invalidArgument("a sampled history has from 1 to \(MLflowLimits.maxSampledPoints) points per run, not \(maxPoints)")
        }
        if let steps, steps.from > steps.to {
            throw MLflowError.invalidArgument("the step range \(steps.from):\(steps.to) ends before it starts")
        }
    }
}
