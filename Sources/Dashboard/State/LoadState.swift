/// Where a pane's data stands.
public enum LoadState: Sendable, Hashable {
    case idle
    /// Waiting on the store for the request with this id.
    case loading(requestId: Int)
    case loaded
    case failed(String)

    /// The request id the pane waits for, if any.
    public var pendingRequestId: Int? {
        if case .loading(let id) = self { return id }
        return nil
    }

    public var isLoading: Bool { pendingRequestId != nil }

    public var isFailed: Bool {
        if case .failed = self { return true }
        return false
    }
}

/// A cursor over a list: the selected index and the first visible one.
public struct ListCursor: Sendable, Hashable {
    public var selected: Int = 0
    public var scroll: Int = 0

    public init(selected: Int = 0, scroll: Int = 0) {
        self.selected = selected
        self.scroll = scroll
    }

    /// Moves the selection by `delta` within `count` items.
    public mutating func move(by delta: Int, count: Int) {
        select(selected + delta, count: count)
    }

    /// Selects `index`, clamped to `0..<count`.
    public mutating func select(_ index: Int, count: Int) {
        selected = count == 0 ? 0 : min(max(0, index), count - 1)
    }

    /// Scrolls so that the selection is inside a window of `height` rows.
    public mutating func reveal(height: Int) {
        let height = max(1, height)
        if selected < scroll { scroll = selected }
        if selected >= scroll + height { scroll = selected - height + 1 }
        scroll = max(0, scroll)
    }
}
