import MLflowCore
import TerminalCore

/// Applies one of the image room's actions.
func reduceImage(_ state: inout DashboardState, _ action: ImageAction) -> [Effect] {
    switch action {}
}

/// A key in the image room: its own table, then the global one.
func handleImageKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let action = Keymap.action(for: key, in: [.image, .global]) else { return [] }
    if action == .goBack {
        goBack(&state)
        return []
    }
    return reduce(&state, action)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func imageRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    false
}

/// `r`: reads what the room shows again.
func reloadImage(_ state: inout DashboardState) -> [Effect] {
    []
}
