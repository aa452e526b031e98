import MLflowCore
import TerminalCore

/// The destination prompt (`download data/ of run x to: /home/me/`), or the question about files
/// already there, drawn over the bottom of the body like the other prompts; and the short
/// indicator the status bar shows while downloads run.
enum DownloadPromptBar {
    static func draw(_ state: DashboardState, _ context: RenderContext, above status: Rect, into buffer: inout CellBuffer) {
        guard let prompt = state.downloads.prompt, state.input == .none else { return }
        if let question = prompt.question {
            drawQuestion(question, prompt, state, context, above: status, into: &buffer)
            return
        }
        let y = status.y - 1
        guard y >= 0 else { return }
        let row = Rect(x: status.x, y: y, width: status.width, height: 1)
        buffer.fill(row, style: context[.prompt])
        let prefix = "download " + DisplayWidth.truncate(SafeText.sanitize(prompt.what), to: max(8, status.width / 3), ellipsis: context.symbols.ellipsis) + " to: "
        let cursor = context.symbols.braille ? "▏" : "_"
        let shown = SafeText.sanitize(prompt.draft)
        // Keep the end of a long path in view.
        let room = max(1, status.width - DisplayWidth.of(prefix) - 1)
        let overflow = max(0, DisplayWidth.of(shown) - room)
        let visible = overflow > 0 ? String(shown.dropFirst(overflow)) : shown
        buffer.put([Span(prefix, style: context[.dim]), Span(visible), Span(cursor)], x: row.x, y: y, maxWidth: row.width, style: context[.prompt])
    }

    /// Two rows: how many files are already there, then the answers.
    static func drawQuestion(_ question: ExistingFilesQuestion, _ prompt: DownloadPrompt, _ state: DashboardState, _ context: RenderContext,
                             above status: Rect, into buffer: inout CellBuffer) {
        let y = status.y - 2
        guard y >= 0 else { return }
        let rows = Rect(x: status.x, y: y, width: status.width, height: 2)
        buffer.fill(rows, style: context[.prompt])
        let download = state.downloads.download(question.downloadId)
        let total = download?.plan?.files.count ?? question.existing
        let same = question.sameSize == question.existing
            ? (question.existing == 1 ? " (of the same size)" : " (all of the same size)")
            : question.sameSize > 0 ? " (\(Format.count(question.sameSize)) of the same size)" : ""
        let count = question.existing == 1 && total == 1 ? "the file is" : "\(Format.count(question.existing)) of \(DownloadsView.files(total)) are"
        let text = SafeText.sanitize(prompt.what) + ": \(count) already there\(same), in " + SafeText.sanitize(download?.destination ?? "")
        buffer.putTruncated(text, x: rows.x, y: y, maxWidth: rows.width, style: context[.prompt])
        var spans: [Span] = []
        for (key, hint) in answers(question) {
            spans += [Span(key, style: context[.statusHintKey]), Span(" " + hint + "  ")]
        }
        buffer.put(spans, x: rows.x, y: y + 1, maxWidth: rows.width, style: context[.prompt])
    }

    /// The answers to the question, as keys and what they do.
    static func answers(_ question: ExistingFilesQuestion) -> [(String, String)] {
        let differing = question.existing - question.sameSize
        return [
            ("s", "skip them"), ("o", "overwrite"), ("k", "keep both"),
            ("i", differing > 0 ? "skip same size (\(Format.count(differing)) fail\(differing == 1 ? "s" : ""))" : "skip identical"),
            ("Esc", "cancel"),
        ]
    }

    /// The status bar's key hints while the prompt is open.
    static func hints(_ prompt: DownloadPrompt?) -> [(keys: String, hint: String)] {
        if let question = prompt?.question { return answers(question).map { (keys: $0.0, hint: $0.1) } }
        return [("Tab", "complete"), ("Enter", "download"), ("Esc", "cancel")]
    }

    /// `↓ 2 45% 12.0 MiB/s` while downloads run (`?` when one waits for an answer); nil when none does.
    static func indicator(_ downloads: DownloadsState, symbols: Symbols) -> String? {
        let active = downloads.active
        guard !active.isEmpty else { return nil }
        var text = (symbols.braille ? "↓ " : "v ") + "\(active.count)"
        let running = active.filter { $0.phase == .running }
        let total = running.reduce(Int64(0)) { $0 + $1.progress.bytesTotal }
        if total > 0 {
            let done = running.reduce(Int64(0)) { $0 + min($1.progress.bytesDone, $1.progress.bytesTotal) }
            text += " \(Int(Double(done) * 100 / Double(total)))%"
        }
        let rates = running.compactMap(\.rate)
        if !rates.isEmpty { text += " " + ByteSize.rate(rates.reduce(0, +)) }
        if active.contains(where: { $0.phase == .asking }) { text += " ?" }
        return text
    }
}
