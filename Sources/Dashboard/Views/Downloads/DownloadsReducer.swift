import MLflowCore
import TerminalCore

/// Applies one of the downloads room's actions.
func reduceDownloads(_ state: inout DashboardState, _ action: DownloadsAction) -> [Effect] {
    switch action {}
}

/// A key in the downloads room: its own table, then the global one.
func handleDownloadsKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let action = Keymap.action(for: key, in: [.downloads, .global]) else { return [] }
    if action == .goBack {
        goBack(&state)
        return []
    }
    return reduce(&state, action)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func downloadsRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    false
}
