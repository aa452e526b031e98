import MLflowCore
import TerminalCore

/// `D`: the downloads panel.
func openDownloads(_ state: inout DashboardState) -> [Effect] {
    guard state.focus != .downloads else { return [] }
    state.downloads.returnTo = state.focus
    state.focus = .downloads
    return []
}

/// Asks where to download `source` (a file, or a folder with everything under it): opens the prompt.
func beginDownload(_ state: inout DashboardState, _ source: ArtifactRootRef, isFolder: Bool) -> [Effect] {
    state.downloads.prompt = DownloadPrompt(source: source, isFolder: isFolder, draft: ".")
    return []
}

/// A key while the destination prompt is open.
func handleDownloadPromptKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    if key == .escape { state.downloads.prompt = nil }
    return []
}
