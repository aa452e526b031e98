import MLflowCore
import TerminalCore

/// Applies one of the downloads room's actions.
func reduceDownloads(_ state: inout DashboardState, _ action: DownloadsAction) -> [Effect] {
    var effects: [Effect] = []
    switch action {
    case .move(let delta): moveDownloadsCursor(&state, by: delta)
    case .movePages(let pages): moveDownloadsCursor(&state, by: pages * max(1, DownloadsView.pageRows(state)))
    case .moveToTop: moveDownloadsCursor(&state, by: Int.min / 2)
    case .moveToBottom: moveDownloadsCursor(&state, by: Int.max / 2)
    case .cancelSelected: effects = cancelDownload(&state, id: state.downloads.selectedId)
    case .showSelected: showSelectedDownload(&state)
    case .clearFinished:
        let before = state.downloads.downloads.count
        state.downloads.downloads.removeAll { !$0.isActive }
        state.downloads.reportOf = nil
        if state.downloads.download(state.downloads.selectedId) == nil { state.downloads.selectedId = state.downloads.downloads.last?.id }
        let cleared = before - state.downloads.downloads.count
        state.status.showMessage(cleared == 0 ? "no finished downloads to clear" : "cleared \(cleared) finished download\(cleared == 1 ? "" : "s")", now: state.now)
    case let .foldersListed(id, names): foldersListed(&state, id, names)
    case let .planned(id, plan, existing, sameSize, folderExists):
        effects = downloadPlanned(&state, id, plan, existing: existing, sameSize: sameSize, folderExists: folderExists)
    case let .progressed(id, progress): downloadProgressed(&state, id, progress)
    case let .finished(id, report): downloadFinished(&state, id, report)
    }
    askWaitingQuestion(&state)
    return effects
}

/// A key in the downloads room: its own table, then the global one. With a report shown, `Esc`
/// goes back to the list.
func handleDownloadsKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    guard let action = Keymap.action(for: key, in: [.downloads, .global]) else { return [] }
    if action == .goBack {
        if state.downloads.reportOf != nil {
            state.downloads.reportOf = nil
        } else {
            goBack(&state)
        }
        return []
    }
    return reduce(&state, action)
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func downloadsRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    if state.downloads.prompt?.completionRequestId == id {
        state.downloads.prompt?.completionRequestId = nil
        return true
    }
    guard let index = state.downloads.index(waitingOn: id) else { return false }
    var download = state.downloads.downloads[index]
    download.requestId = nil
    download.finishedAt = state.now
    if download.phase != .cancelled { download.phase = .failed(message) }
    state.downloads.downloads[index] = download
    return true
}

/// The plan is known: with files already there the question is asked, else the download starts.
func downloadPlanned(_ state: inout DashboardState, _ id: Int, _ plan: ArtifactPlan, existing: Int, sameSize: Int,
                     folderExists: Bool) -> [Effect] {
    guard let index = state.downloads.index(waitingOn: id), state.downloads.downloads[index].phase == .planning else { return [] }
    var download = state.downloads.downloads[index]
    download.requestId = nil
    download.plan = plan
    download.folderExisted = folderExists
    download.existing = existing
    download.progress = DownloadProgress(filesTotal: plan.files.count, bytesTotal: plan.totalBytes)
    if existing > 0 {
        download.phase = .asking
        download.question = ExistingFilesQuestion(downloadId: download.id, existing: existing, sameSize: sameSize)
        state.downloads.downloads[index] = download
        askWaitingQuestion(&state)
        if state.downloads.prompt?.question?.downloadId != download.id {
            // Something else is being typed: the question waits, and says so.
            state.status.showMessage("\(download.what): \(DownloadsView.files(existing)) already there; D, Enter to answer", now: state.now)
        }
        return []
    }
    state.downloads.downloads[index] = download
    return runDownload(&state, at: index, existing: .skipSameSize)
}

/// Starts writing the download at `index` (its plan known), with `existing` for files already there.
func runDownload(_ state: inout DashboardState, at index: Int, existing: ExistingFilePolicy) -> [Effect] {
    guard let plan = state.downloads.downloads[index].plan else { return [] }
    let id = state.makeRequestId()
    var download = state.downloads.downloads[index]
    download.phase = .running
    download.requestId = id
    download.policy = existing
    download.startedAt = state.now
    download.samples = [ProgressSample(time: state.now, bytes: 0)]
    state.downloads.downloads[index] = download
    let files = plan.files.count == 1 ? "1 file" : "\(Format.count(plan.files.count)) files"
    let created = download.folderExisted ? "" : " (a new folder)"
    state.status.showMessage("downloading \(files), \(ByteSize.human(plan.totalBytes)), into \(download.destination)\(created)", now: state.now)
    return [.downloads(.download(requestId: id, plan: plan, destination: download.destination, existing: existing))]
}

/// How long the rate looks back, in milliseconds.
let downloadRateWindow: Int64 = 3_000

/// Progress: the bytes, the rate over the last few seconds (by the tick clock) and the time left.
func downloadProgressed(_ state: inout DashboardState, _ id: Int, _ progress: DownloadProgress) {
    guard let index = state.downloads.index(waitingOn: id), state.downloads.downloads[index].phase == .running else { return }
    var download = state.downloads.downloads[index]
    download.progress = progress
    download.samples.append(ProgressSample(time: state.now, bytes: progress.bytesDone))
    // Keep the newest sample at or before the window's start, so the window is always covered.
    while download.samples.count > 2, download.samples[1].time <= state.now - downloadRateWindow { download.samples.removeFirst() }
    download.rate = downloadRate(download.samples)
    download.etaSeconds = download.rate.flatMap { rate in
        let left = Double(max(0, progress.bytesTotal - progress.bytesDone)) / rate
        return left < 1e7 ? Int(left.rounded(.up)) : nil
    }
    state.downloads.downloads[index] = download
}

/// Bytes a second between the first and last sample, once they are half a second apart.
func downloadRate(_ samples: [ProgressSample]) -> Double? {
    guard let first = samples.first, let last = samples.last, last.time - first.time >= 500 else { return nil }
    let rate = Double(last.bytes - first.bytes) * 1_000 / Double(last.time - first.time)
    return rate > 0 ? rate : nil
}

/// The download ended: its report kept, and where it went said.
func downloadFinished(_ state: inout DashboardState, _ id: Int, _ report: DownloadReport) {
    guard let index = state.downloads.index(waitingOn: id) else { return }
    var download = state.downloads.downloads[index]
    download.requestId = nil
    download.report = report
    download.finishedAt = state.now
    download.etaSeconds = nil
    download.progress.filesDone = report.written.count + report.skipped.count
    download.progress.bytesDone = max(download.progress.bytesDone, report.bytes)
    if download.phase == .cancelled {
        state.downloads.downloads[index] = download
        return
    }
    download.phase = report.failed.isEmpty ? .done : .failed(nil)
    state.downloads.downloads[index] = download
    let counts = download.counts
    if report.failed.isEmpty {
        let skipped = counts.skipped > 0 ? " (\(Format.count(counts.skipped)) already there)" : ""
        state.status.showMessage("downloaded \(download.what) to \(report.destination)\(skipped)", now: state.now)
    } else {
        state.status.showError("\(download.what): \(counts.failed) of \(download.plan?.files.count ?? counts.failed) files failed (D, Enter for the report)", now: state.now)
    }
}

/// `x`: stops a download. A running one keeps its request so that its report (what was written
/// until then) is still kept; the downloader removes its partial files.
func cancelDownload(_ state: inout DashboardState, id: Int?) -> [Effect] {
    guard let index = state.downloads.index(of: id) else { return [] }
    var download = state.downloads.downloads[index]
    guard download.isActive else {
        state.status.showMessage("that download has ended", now: state.now)
        return []
    }
    var effects: [Effect] = []
    if let requestId = download.requestId { effects.append(.cancel(requestId: requestId)) }
    if download.phase != .running { download.requestId = nil }
    if state.downloads.prompt?.question?.downloadId == download.id { state.downloads.prompt = nil }
    download.phase = .cancelled
    download.question = nil
    download.finishedAt = state.now
    download.etaSeconds = nil
    state.downloads.downloads[index] = download
    state.status.showMessage("cancelled \(download.what); no partial file is left", now: state.now)
    return effects
}

/// `Enter`: a finished download's report, or the question of one waiting for an answer.
func showSelectedDownload(_ state: inout DashboardState) {
    guard let download = state.downloads.download(state.downloads.selectedId) else { return }
    if state.downloads.reportOf != nil {
        state.downloads.reportOf = nil
        return
    }
    switch download.phase {
    case .asking: askWaitingQuestion(&state)
    case .planning, .running: state.status.showMessage("the report comes when it ends", now: state.now)
    case .done, .failed, .cancelled:
        state.downloads.reportOf = download.id
        state.downloads.reportScroll = 0
    }
}

/// Moves the panel's cursor (or scrolls the report shown).
func moveDownloadsCursor(_ state: inout DashboardState, by delta: Int) {
    if let id = state.downloads.reportOf, let download = state.downloads.download(id) {
        let lines = DownloadsView.reportLines(download).count
        let last = max(0, lines - DownloadsView.pageRows(state))
        state.downloads.reportScroll = min(max(0, state.downloads.reportScroll.addingReportingOverflow(delta).partialValue), last)
        return
    }
    let rows = state.downloads.downloads
    guard !rows.isEmpty else { return }
    let current = state.downloads.index(of: state.downloads.selectedId) ?? rows.count - 1
    let target = delta < 0 ? max(0, current + max(delta, -rows.count)) : min(rows.count - 1, current + min(delta, rows.count))
    state.downloads.selectedId = rows[target].id
}
