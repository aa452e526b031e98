import MLflowCore
import TerminalCore

/// Applies one of the models room's actions.
func reduceModels(_ state: inout DashboardState, _ action: ModelsAction) -> [Effect] {
    switch action {}
}

/// A key in the models room: its own table, then the global one.
func handleModelsKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let action = Keymap.action(for: key, in: [.models, .global]) else { return [] }
    if action == .goBack {
        goBack(&state)
        return []
    }
    return reduce(&state, action)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func modelsRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    false
}

/// `r`: reads what the room shows again.
func reloadModels(_ state: inout DashboardState) -> [Effect] {
    []
}
