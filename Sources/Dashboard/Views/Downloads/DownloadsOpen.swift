import MLflowCore
import TerminalCore

/// `D`: the downloads panel (with a question about existing files, if one waits).
func openDownloads(_ state: inout DashboardState) -> [Effect] {
    guard state.focus != .downloads else { return [] }
    state.downloads.returnTo = state.focus
    state.focus = .downloads
    if state.downloads.selectedId == nil { state.downloads.selectedId = state.downloads.downloads.last?.id }
    askWaitingQuestion(&state)
    return []
}

/// Asks where to download `source` (a file, or a folder with everything under it): opens the prompt.
func beginDownload(_ state: inout DashboardState, _ source: ArtifactRootRef, isFolder: Bool) -> [Effect] {
    var prompt = DownloadPrompt(source: source, isFolder: isFolder, draft: DownloadPaths.shown(state.downloads.lastDestination))
    prompt.what = downloadLabel(state, source, isFolder: isFolder)
    state.downloads.prompt = prompt
    return []
}

/// `data/ of run train-3`: the path (a folder with a trailing `/`) and whose it is, by name
/// where the dashboard knows the run's name.
func downloadLabel(_ state: DashboardState, _ source: ArtifactRootRef, isFolder: Bool) -> String {
    let path = source.path.isEmpty ? "all artifacts" : source.path + (isFolder ? "/" : "")
    var owner = source.label
    if case .run(let runId) = source.owner {
        let name = state.runs.runs.first { $0.info.runId == runId }?.info.runName
            ?? (state.detail.run?.info.runId == runId ? state.detail.run?.info.runName : nil)
            ?? (state.artifacts.runId == runId && !state.artifacts.ownerLabel.isEmpty ? state.artifacts.ownerLabel : nil)
        owner = "run " + (name.flatMap { $0.isEmpty ? nil : $0 } ?? runId)
    }
    return path + " of " + owner
}

/// A key while the destination prompt (or the question about existing files) is open.
func handleDownloadPromptKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard var prompt = state.downloads.prompt else { return [] }
    switch key {
    case .ctrl("c"): return reduce(&state, .quit)
    case .ctrl("z"): return reduce(&state, .suspend)
    default: break
    }
    if let question = prompt.question { return answerQuestion(&state, question, key) }
    switch key {
    case .char(let c):
        prompt.draft.append(c)
    case .backspace:
        if !prompt.draft.isEmpty { prompt.draft.removeLast() }
    case .ctrl("u"):
        prompt.draft = ""
    case .ctrl("w"):
        // The last folder name (and the slash after it).
        if prompt.draft.hasSuffix("/") { prompt.draft.removeLast() }
        while let last = prompt.draft.last, last != "/" { prompt.draft.removeLast() }
    case .tab:
        state.downloads.prompt = prompt
        return completeDestination(&state)
    case .enter:
        return startDownload(&state)
    case .escape:
        state.downloads.prompt = nil
        askWaitingQuestion(&state)
        return []
    default:
        return []
    }
    prompt.completionRequestId = nil
    state.downloads.prompt = prompt
    return []
}

/// `Tab`: lists the folder being typed (off the loop); `~` alone becomes `~/` at once.
func completeDestination(_ state: inout DashboardState) -> [Effect] {
    guard var prompt = state.downloads.prompt else { return [] }
    if prompt.draft == "~" {
        prompt.draft = "~/"
        state.downloads.prompt = prompt
        return []
    }
    guard let query = DownloadPaths.completionQuery(prompt.draft, workingDirectory: state.downloads.workingDirectory,
                                                    home: state.downloads.home) else {
        state.status.showMessage("no home folder for ~", now: state.now)
        return []
    }
    let id = state.makeRequestId()
    prompt.completionRequestId = id
    prompt.completionDraft = prompt.draft
    state.downloads.prompt = prompt
    return [.downloads(.listFolders(requestId: id, folder: query.folder, prefix: query.prefix))]
}

/// The folders `Tab` found: one is completed with a `/`, several to their common start (and
/// listed in the status line), none said so. An answer for text edited since is dropped.
func foldersListed(_ state: inout DashboardState, _ id: Int, _ names: [String]) {
    guard var prompt = state.downloads.prompt, prompt.question == nil, prompt.completionRequestId == id,
          prompt.draft == prompt.completionDraft,
          let query = DownloadPaths.completionQuery(prompt.draft, workingDirectory: state.downloads.workingDirectory,
                                                    home: state.downloads.home)
    else { return }
    prompt.completionRequestId = nil
    switch names.count {
    case 0:
        state.status.showMessage("no folder starts with '\(query.prefix)'", now: state.now)
    case 1:
        prompt.draft = query.typed + names[0] + "/"
    default:
        prompt.draft = query.typed + DownloadPaths.commonPrefix(names)
        let shown = names.prefix(8).joined(separator: "  ")
        state.status.showMessage(names.count > 8 ? "\(shown)  (+\(names.count - 8) more)" : shown, now: state.now)
    }
    state.downloads.prompt = prompt
}

/// `Enter`: the download is listed in the panel and its plan asked for; nothing is written before
/// the plan is known (and, with files already there, before the question is answered).
func startDownload(_ state: inout DashboardState) -> [Effect] {
    guard let prompt = state.downloads.prompt else { return [] }
    guard let destination = DownloadPaths.resolve(prompt.draft, workingDirectory: state.downloads.workingDirectory,
                                                  home: state.downloads.home) else {
        state.status.showError(prompt.draft.contains("~") ? "no home folder for ~" : "type the folder to download into", now: state.now)
        return []
    }
    state.downloads.prompt = nil
    state.downloads.lastDestination = destination
    let requestId = state.makeRequestId()
    let download = Download(id: state.downloads.nextDownloadId, source: prompt.source, isFolder: prompt.isFolder,
                            what: prompt.what, destination: destination, requestId: requestId)
    state.downloads.nextDownloadId += 1
    state.downloads.downloads.append(download)
    state.downloads.selectedId = download.id
    state.status.showMessage("listing \(prompt.what) to download into \(destination)", now: state.now)
    askWaitingQuestion(&state)
    return [.downloads(.plan(requestId: requestId, owner: prompt.source.owner, path: prompt.source.path, destination: destination))]
}

/// Opens the question of the first download waiting for one, when nothing else is being typed.
func askWaitingQuestion(_ state: inout DashboardState) {
    guard state.downloads.prompt == nil, state.input == .none,
          let waiting = state.downloads.downloads.first(where: { $0.phase == .asking && $0.question != nil }),
          let question = waiting.question
    else { return }
    var prompt = DownloadPrompt(source: waiting.source, isFolder: waiting.isFolder, draft: "")
    prompt.what = waiting.what
    prompt.question = question
    state.downloads.prompt = prompt
}

/// The policy each answer to the question stands for.
func existingFilePolicy(answer key: Key) -> ExistingFilePolicy? {
    switch key {
    case .char("s"): .skip
    case .char("o"): .overwrite
    case .char("k"): .keepBoth
    case .char("i"): .skipSameSize
    default: nil
    }
}

/// `s`, `o`, `k` or `i` starts the download with that policy; `Esc` cancels it (nothing written).
func answerQuestion(_ state: inout DashboardState, _ question: ExistingFilesQuestion, _ key: Key) -> [Effect] {
    switch key {
    case .escape:
        state.downloads.prompt = nil
        if let index = state.downloads.index(of: question.downloadId) {
            state.downloads.downloads[index].phase = .cancelled
            state.downloads.downloads[index].question = nil
            state.downloads.downloads[index].finishedAt = state.now
            state.status.showMessage("cancelled \(state.downloads.downloads[index].what): nothing written", now: state.now)
        }
        askWaitingQuestion(&state)
        return []
    default:
        guard let policy = existingFilePolicy(answer: key) else { return [] }
        state.downloads.prompt = nil
        var effects: [Effect] = []
        if let index = state.downloads.index(of: question.downloadId), state.downloads.downloads[index].phase == .asking {
            state.downloads.downloads[index].question = nil
            effects = runDownload(&state, at: index, existing: policy)
        }
        askWaitingQuestion(&state)
        return effects
    }
}
