import MLflowCore
import TerminalCore

/// Applies one of the pager room's actions.
func reducePager(_ state: inout DashboardState, _ action: PagerAction) -> [Effect] {
    switch action {}
}

/// A key in the pager room: its own table, then the global one.
func handlePagerKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let action = Keymap.action(for: key, in: [.pager, .global]) else { return [] }
    if action == .goBack {
        goBack(&state)
        return []
    }
    return reduce(&state, action)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func pagerRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    false
}

/// `r`: reads what the room shows again.
func reloadPager(_ state: inout DashboardState) -> [Effect] {
    []
}
