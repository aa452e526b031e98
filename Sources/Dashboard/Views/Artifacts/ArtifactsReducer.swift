import MLflowCore
import TerminalCore

/// Applies one of the artifacts room's actions.
func reduceArtifacts(_ state: inout DashboardState, _ action: ArtifactsAction) -> [Effect] {
    switch action {}
}

/// A key in the artifacts room: its own table, then the global one.
func handleArtifactsKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let action = Keymap.action(for: key, in: [.artifacts, .global]) else { return [] }
    if action == .goBack {
        goBack(&state)
        return []
    }
    return reduce(&state, action)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func artifactsRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    false
}

/// `r`: reads what the room shows again.
func reloadArtifacts(_ state: inout DashboardState) -> [Effect] {
    []
}
