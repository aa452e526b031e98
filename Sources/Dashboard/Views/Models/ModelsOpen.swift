import MLflowCore

/// `M`: the registered models.
func openModels(_ state: inout DashboardState) -> [Effect] {
    state.models.returnTo = state.focus
    state.focus = .models
    return []
}
