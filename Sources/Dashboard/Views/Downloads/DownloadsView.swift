import MLflowCore
import TerminalCore

/// Draws the downloads room: every download of the session (two lines each: what and where, then
/// its progress and state), or the report of one.
enum DownloadsView {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let downloads = state.downloads
        if let id = downloads.reportOf, let download = downloads.download(id) {
            drawReport(download, scroll: downloads.reportScroll, context, in: rect, into: &buffer)
            return
        }
        let inner = Box.draw(rect, title: title(downloads, separator: context.separator), style: context[.borderFocused],
                             titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        guard !inner.isEmpty else { return }
        if downloads.downloads.isEmpty {
            let lines = [
                "No downloads yet in this session.",
                "Download a file or a folder from the artifact tree, the pager, the image preview or a model's files:",
                "a prompt asks for the destination folder, and the download shows here while you browse on.",
            ]
            for (offset, line) in lines.prefix(inner.height).enumerated() {
                buffer.putTruncated(line, x: inner.x + 1, y: inner.y + offset, maxWidth: inner.width - 1, style: context[.dim])
            }
            return
        }
        let visible = max(1, inner.height / 2)
        let selected = downloads.index(of: downloads.selectedId)
        let first = Table.scrollOffset(selected: selected, offset: 0, visibleRows: visible, rowCount: downloads.downloads.count)
        for (slot, download) in downloads.downloads.dropFirst(first).prefix(visible).enumerated() {
            let y = inner.y + slot * 2
            let isSelected = download.id == downloads.selectedId
            let style = isSelected ? context[.runsSelected] : context[.runsRow]
            buffer.fill(Rect(x: inner.x, y: y, width: inner.width, height: min(2, inner.maxY - y)), style: style)
            let arrow = context.symbols.braille ? " → " : " -> "
            buffer.put([Span(DisplayWidth.truncate(SafeText.sanitize(download.what), to: max(10, inner.width / 2), ellipsis: context.symbols.ellipsis)),
                        Span(arrow, style: context[.dim]), Span(SafeText.sanitize(whereTo(download)))],
                       x: inner.x + 1, y: y, maxWidth: inner.width - 2, style: style)
            if y + 1 < inner.maxY {
                buffer.put(progressSpans(download, context, now: state.now), x: inner.x + 3, y: y + 1, maxWidth: inner.width - 4, style: style)
            }
        }
    }

    /// `Downloads · 2 running · 3 ended`.
    static func title(_ downloads: DownloadsState, separator: String) -> String {
        let active = downloads.active.count
        let ended = downloads.downloads.count - active
        var parts = ["Downloads"]
        if active > 0 { parts.append("\(active) running") }
        if ended > 0 { parts.append("\(ended) ended") }
        return parts.joined(separator: separator)
    }

    /// Where the download goes: the destination folder, then where it went once it ended.
    static func whereTo(_ download: Download) -> String {
        if let destination = download.report?.destination, !destination.isEmpty { return destination }
        return download.destination + (download.folderExisted || download.phase == .planning ? "" : " (new folder)")
    }

    /// `██████░░░░░░ 12.0 MiB/50.0 MiB  4.00 MiB/s  ETA 10s  running 3/12 files`.
    static func progressSpans(_ download: Download, _ context: RenderContext, now: Int64) -> [Span] {
        let progress = download.progress
        var spans = [Span(bar(progress, complete: download.phase == .done, width: 12, symbols: context.symbols) + " ")]
        switch download.phase {
        case .planning, .asking:
            spans.append(Span(progress.bytesTotal > 0 ? ByteSize.human(progress.bytesTotal) + "  " : ""))
        case .running:
            spans.append(Span("\(ByteSize.human(progress.bytesDone))/\(ByteSize.human(progress.bytesTotal))  "))
            spans.append(Span(ByteSize.rate(download.rate ?? .nan) + "  "))
            if let eta = download.etaSeconds { spans.append(Span("ETA \(Format.span(Int64(eta) * 1_000))  ")) }
        case .done, .failed, .cancelled:
            spans.append(Span(ByteSize.human(download.report?.bytes ?? progress.bytesDone) + "  "))
        }
        spans.append(Span(stateText(download), style: context[stateRole(download.phase)]))
        return spans
    }

    /// `planning`, `asking: 3 files already there`, `running 3/12 files`, `done 12 files`, `failed (2)`, `cancelled`.
    static func stateText(_ download: Download) -> String {
        let counts = download.counts
        switch download.phase {
        case .planning: return "planning"
        case .asking:
            let existing = download.question?.existing ?? 0
            return "asking: \(files(existing)) already there (Enter)"
        case .running: return "running \(Format.count(download.progress.filesDone))/\(files(download.progress.filesTotal))"
        case .done:
            return "done \(files(counts.written))" + (counts.skipped > 0 ? ", \(Format.count(counts.skipped)) already there" : "")
        case .failed(let message?): return "failed: " + message
        case .failed(nil): return "failed (\(Format.count(counts.failed))), done \(files(counts.written))"
        case .cancelled:
            return "cancelled" + (counts.written > 0 ? ", \(files(counts.written)) complete" : "")
        }
    }

    static func stateRole(_ phase: DownloadPhase) -> ThemeRole {
        switch phase {
        case .planning, .asking: .runScheduled
        case .running: .runRunning
        case .done: .runFinished
        case .failed: .runFailed
        case .cancelled: .runKilled
        }
    }

    /// `12 files`, `1 file`.
    static func files(_ count: Int) -> String { count == 1 ? "1 file" : "\(Format.count(count)) files" }

    /// A bar of `width` cells filled as far as the bytes (or, without sizes, the files) are done.
    static func bar(_ progress: DownloadProgress, complete: Bool = false, width: Int, symbols: Symbols) -> String {
        let fraction = complete ? 1 : progress.bytesTotal > 0
            ? Double(progress.bytesDone) / Double(progress.bytesTotal)
            : (progress.filesTotal > 0 ? Double(progress.filesDone) / Double(progress.filesTotal) : 0)
        let filled = Int((min(1, max(0, fraction)) * Double(width)).rounded(.down))
        let (full, empty) = symbols.braille ? ("█", "░") : ("#", "-")
        return String(repeating: full, count: filled) + String(repeating: empty, count: width - filled)
    }

    /// Lines of the body a page moves: downloads in the list (two lines each), lines of a report.
    static func pageRows(_ state: DashboardState) -> Int {
        let layout = DashboardLayout(size: state.size)
        let inner = max(1, layout.status.y - layout.title.height - 2)
        return state.downloads.reportOf != nil ? inner : max(1, inner / 2)
    }

    // MARK: The report

    static func drawReport(_ download: Download, scroll: Int, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        let inner = Box.draw(rect, title: "Report" + context.separator + SafeText.sanitize(download.what), style: context[.borderFocused],
                             titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        let lines = reportLines(download)
        for (offset, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            let style: Style = line.heading ? context[.detailSection] : line.failure ? context[.runFailed] : context[.text]
            buffer.putTruncated(line.text, x: inner.x + 1, y: inner.y + offset, maxWidth: inner.width - 1, style: style)
        }
    }

    /// One line of a report.
    struct ReportLine: Hashable {
        var text: String
        var heading = false
        var failure = false
    }

    /// What a download wrote, left and failed (with why), the failures first.
    static func reportLines(_ download: Download) -> [ReportLine] {
        var lines = [ReportLine(text: "to " + whereTo(download))]
        let counts = download.counts
        var summary = ["\(files(counts.written)) written (\(ByteSize.human(download.report?.bytes ?? 0)))"]
        if counts.skipped > 0 { summary.append("\(Format.count(counts.skipped)) already there, left as they were") }
        if counts.failed > 0 { summary.append("\(Format.count(counts.failed)) failed") }
        switch download.phase {
        case .failed(let message?): lines.append(ReportLine(text: "failed: " + message, failure: true))
        case .cancelled: lines.append(ReportLine(text: "cancelled; " + summary.joined(separator: ", ")))
        default: lines.append(ReportLine(text: summary.joined(separator: ", ")))
        }
        if download.existing > 0 {
            lines.append(ReportLine(text: "\(files(download.existing)) already there when it started: " + policyText(download.policy)))
        }
        if let report = download.report {
            if !report.failed.isEmpty {
                lines.append(ReportLine(text: ""))
                lines.append(ReportLine(text: "Failed", heading: true))
                lines += report.failed.map { ReportLine(text: "  " + $0.path + ": " + $0.message, failure: true) }
            }
            if !report.written.isEmpty {
                lines.append(ReportLine(text: ""))
                lines.append(ReportLine(text: "Written", heading: true))
                lines += report.written.map { ReportLine(text: "  " + $0) }
            }
            if !report.skipped.isEmpty {
                lines.append(ReportLine(text: ""))
                lines.append(ReportLine(text: "Already there", heading: true))
                lines += report.skipped.map { ReportLine(text: "  " + $0) }
            }
        }
        return lines
    }

    /// What an answer to the question did.
    static func policyText(_ policy: ExistingFilePolicy) -> String {
        switch policy {
        case .skip: "skipped"
        case .overwrite: "overwritten"
        case .keepBoth: "kept, the new files written beside them as name (1).ext"
        case .skipSameSize: "skipped when of the same size (others failed)"
        }
    }
}
