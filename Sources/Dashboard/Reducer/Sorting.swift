import MLflowCore

/// The keys `s` steps through: the fixed columns, then the metric and param columns.
func sortKeys(_ state: DashboardState) -> [SearchKey] {
    [.attribute("start_time"), .attribute("run_name"), .attribute("status"), .attribute("user_id")]
        + state.runs.columns.map(\.searchKey)
}

/// `s`: sorts by the next column (start time descending by default, others ascending).
func cycleSort(_ state: inout DashboardState) -> [Effect] {
    let keys = sortKeys(state)
    let current = state.runs.sort.first?.key
    let next = current.flatMap { keys.firstIndex(of: $0) }.map { keys[($0 + 1) % keys.count] } ?? keys[0]
    let ascending: Bool
    switch next {
    case .attribute("start_time"), .metric: ascending = false
    default: ascending = true
    }
    applySort(&state, [OrderBy(key: next, ascending: ascending)])
    return []
}

/// `S`: reverses the direction of the sort.
func reverseSort(_ state: inout DashboardState) -> [Effect] {
    if state.runs.sort.isEmpty {
        applySort(&state, [OrderBy(key: .attribute("start_time"), ascending: true)])
    } else {
        applySort(&state, state.runs.sort.map { OrderBy(key: $0.key, ascending: !$0.ascending) })
    }
    return []
}

/// Sorts the loaded runs at once; later loads ask the store for the same order.
func applySort(_ state: inout DashboardState, _ sort: [OrderBy]) {
    state.runs.sort = sort
    state.runs.rebuildRows()
    state.runs.cursor.reveal(height: listHeight(state))
    state.status.showMessage("sorted by " + sort.map(orderByText).joined(separator: ", "), now: state.now)
}

/// An `OrderBy` in MLflow's `order_by` grammar (`metrics.val_loss DESC`).
public func orderByText(_ entry: OrderBy) -> String {
    let (prefix, name): (String, String)
    switch entry.key {
    case .metric(let key): (prefix, name) = ("metrics", key)
    case .param(let key): (prefix, name) = ("params", key)
    case .tag(let key): (prefix, name) = ("tags", key)
    case .attribute(let key): (prefix, name) = ("attributes", key)
    case .dataset(let key): (prefix, name) = ("datasets", key)
    }
    let plain = !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
    return "\(prefix).\(plain ? name : "`\(name)`") \(entry.ascending ? "ASC" : "DESC")"
}
