import Foundation
import MLflowCore
import TerminalCore

/// Applies one of the pager room's actions.
func reducePager(_ state: inout DashboardState, _ action: PagerAction) -> [Effect] {
    let layout = PagerLayout(size: state.size)
    let width = layout.textWidth(lines: state.pager.text.fileLineCount)
    let isTable = state.pager.mode == .table
    let rows = isTable ? layout.tableRows : layout.rows
    switch action {
    case .moveLines(let delta): movePager(&state, by: delta, rows: rows, width: width)
    case .movePages(let pages): movePager(&state, by: pages * max(1, rows - 1), rows: rows, width: width)
    case .moveToTop:
        state.pager.top = 0
        state.pager.topRow = 0
    case .moveToBottom: movePager(&state, by: Int.max / 4, rows: rows, width: width)
    case .moveColumns(let delta):
        if isTable {
            let columns = state.pager.table?.widths.count ?? 0
            state.pager.column = min(max(0, state.pager.column + delta), max(0, columns - 1))
        } else if !state.pager.wrap {
            state.pager.column = max(0, state.pager.column + delta * 8)
        }
    case .toggleWrap:
        guard state.pager.mode == .text || state.pager.mode == .json else { return [] }
        state.pager.wrap.toggle()
        state.pager.topRow = 0
        state.pager.column = 0
        state.status.showMessage(state.pager.wrap ? "long lines wrap" : "long lines run on (h/l scroll sideways)", now: state.now)
    case .beginSearch:
        guard state.pager.mode != nil, !isBinary(state.pager) else { return [] }
        state.pager.search = PagerSearch()
        state.pager.search.editing = true
    case .nextMatch: stepMatch(&state, by: 1)
    case .previousMatch: stepMatch(&state, by: -1)
    case .download:
        guard let file = state.pager.file else { return [] }
        return beginDownload(&state, ArtifactRootRef(owner: file.owner, path: file.path, label: file.ownerLabel, runId: file.runId), isFolder: false)
    case .close:
        if state.pager.search.isActive {
            state.pager.search = PagerSearch()
            return []
        }
        return closePager(&state)
    case let .bytesLoaded(id, data):
        guard state.pager.load.pendingRequestId == id else { return [] }
        return pagerBytesLoaded(&state, data, requestId: id)
    case let .readFinished(id, complete):
        guard state.pager.load.pendingRequestId == id else { return [] }
        state.pager.load = .loaded
        state.pager.truncated = state.pager.truncated || !complete
        state.pager.readToTheEnd = complete && !state.pager.truncated
        pagerReadFinished(&state)
    }
    return []
}

/// Leaves the room: the read stops and the text is let go.
func closePager(_ state: inout DashboardState) -> [Effect] {
    let effects = cancelPending(state.pager.load)
    let returnTo = state.pager.returnTo
    let wrap = state.pager.wrap
    state.pager = PagerState()
    state.pager.returnTo = returnTo
    state.pager.wrap = wrap
    state.focus = returnTo == .pager ? .runs : returnTo
    return effects
}

private func isBinary(_ pager: PagerState) -> Bool {
    if case .binary = pager.mode { return true }
    return false
}

/// Moves the text, or the table's rows, by `delta` rows.
private func movePager(_ state: inout DashboardState, by delta: Int, rows: Int, width: Int) {
    if state.pager.mode == .table {
        let count = max(0, (state.pager.table?.rows.count ?? 0) - 1)
        state.pager.top = min(max(0, state.pager.top + delta), max(0, count - rows))
        return
    }
    state.pager.scroll(by: delta, rows: rows, width: width)
}

/// New bytes: the first decide how the file is shown; text grows line by line; a table by rows.
private func pagerBytesLoaded(_ state: inout DashboardState, _ data: Data, requestId: Int) -> [Effect] {
    var pager = state.pager
    state.pager = PagerState()  // the text is changed in place, not copied
    defer { state.pager = pager }
    if pager.mode == nil {
        chooseMode(&pager, prefix: data)
        if case .binary = pager.mode {
            pager.bytesRead += Int64(data.count)
            pager.load = .loaded
            return [.cancel(requestId: requestId)]
        }
    }
    let room = max(0, pager.maxBytes - pager.text.bytes.count)
    let kept = data.count > room ? data.prefix(room) : data
    if data.count > room { pager.truncated = true }
    let from = pager.text.bytes.count
    pager.text.append(kept)
    pager.bytesRead += Int64(data.count)
    if pager.table != nil { feedTable(&pager, kept) }
    if pager.search.isActive {
        // Matches in the new bytes (and across the seam with the old).
        let needle = pager.search.needle
        extendMatches(&pager.search, pager.text.occurrences(of: needle.bytes, ignoringCase: needle.ignoringCase,
                                                             from: max(0, from - needle.bytes.count + 1), limit: PagerSearch.maxMatches + 1))
    }
    if pager.truncated {
        pager.load = .loaded
        return [.cancel(requestId: requestId)]
    }
    return []
}

/// How the file is shown, from its name and first bytes.
private func chooseMode(_ pager: inout PagerState, prefix: Data) {
    switch ArtifactContent(name: pager.file?.name ?? "", prefix: prefix) {
    case .text: pager.mode = .text
    case .json: pager.mode = .json
    case .table(let separator):
        pager.mode = .table
        pager.table = PagerTable(separator: separator)
    case .binary(let type): pager.mode = .binary(type: type)
    }
}

/// Adds matches found after the last kept one.
private func extendMatches(_ search: inout PagerSearch, _ found: [Int]) {
    let last = search.matches.last ?? -1
    for offset in found where offset > last {
        if search.matches.count >= PagerSearch.maxMatches {
            search.capped = true
            return
        }
        search.matches.append(offset)
    }
}

/// Reads table rows from the new bytes, widening columns to the widest cell loaded.
private func feedTable(_ pager: inout PagerState, _ bytes: some Collection<UInt8>) {
    guard var table = pager.table, !table.capped else { return }
    pager.table = nil
    var reader = table.reader
    reader.feed(bytes) { record in addRow(&table, record) }
    table.reader = reader
    pager.table = table
}

private func addRow(_ table: inout PagerTable, _ record: CSVReader.Record) -> Bool {
    guard table.rows.count < PagerTable.maxRows else {
        table.capped = true
        return false
    }
    table.rows.append(record.fields)
    table.offsets.append(record.offset)
    for (index, field) in record.fields.enumerated() {
        let width = min(PagerTable.maxColumnWidth, DisplayWidth.of(SafeText.sanitize(field)))
        if index < table.widths.count {
            table.widths[index] = max(table.widths[index], width)
        } else {
            table.widths.append(width)
        }
    }
    return true
}

/// The whole file (or its first part) is in: the table's last row, JSON laid out.
private func pagerReadFinished(_ state: inout DashboardState) {
    // An empty file: its name alone tells.
    if state.pager.mode == nil { chooseMode(&state.pager, prefix: Data()) }
    if var table = state.pager.table, !table.capped, !state.pager.truncated {
        state.pager.table = nil
        var reader = table.reader
        reader.finish { record in addRow(&table, record) }
        table.reader = reader
        state.pager.table = table
    }
    guard state.pager.mode == .json else { return }
    let byName = state.pager.file.map { ArtifactContent(name: $0.name, prefix: [UInt8]()) == .json(byName: true) } ?? false
    if state.pager.truncated {
        if byName { state.pager.jsonNote = "only the first part was read: shown as written" } else { state.pager.mode = .text }
        return
    }
    guard state.pager.text.bytes.count <= PagerState.maxPrettyJSONBytes else {
        guard byName else {
            state.pager.mode = .text
            return
        }
        state.pager.jsonNote = "over \(ByteSize.human(Int64(PagerState.maxPrettyJSONBytes))): shown as written"
        return
    }
    do {
        let laidOut = try JSONReindent.reindent(state.pager.text.bytes)
        state.pager.text = PagerText()
        state.pager.text = PagerText(laidOut)
        state.pager.jsonNote = "laid out"
        state.pager.top = 0
        state.pager.topRow = 0
        if state.pager.search.isActive { researchPager(&state, jump: false) }
    } catch {
        if byName {
            state.pager.jsonNote = "invalid at line \(error.line), column \(error.column) (\(error.message)): shown as written"
            let layout = PagerLayout(size: state.size)
            state.pager.reveal(line: state.pager.text.line(containing: error.offset), rows: layout.rows,
                               width: layout.textWidth(lines: state.pager.text.fileLineCount))
        } else {
            state.pager.mode = .text
        }
    }
}

/// Searches the text shown again for the query (each key typed); with `jump`, moves to the first
/// match at or after the top of the screen.
func researchPager(_ state: inout DashboardState, jump: Bool) {
    var search = state.pager.search
    search.matches = []
    search.capped = false
    search.current = nil
    if search.isActive {
        let needle = search.needle
        let found = state.pager.text.occurrences(of: needle.bytes, ignoringCase: needle.ignoringCase, limit: PagerSearch.maxMatches + 1)
        search.capped = found.count > PagerSearch.maxMatches
        search.matches = Array(found.prefix(PagerSearch.maxMatches))
    }
    state.pager.search = search
    guard jump, !search.matches.isEmpty else { return }
    let topOffset = topByteOffset(state.pager)
    let first = PagerText.lowerBound(search.matches, topOffset)
    state.pager.search.current = first < search.matches.count ? first : 0
    revealMatch(&state)
}

/// The byte offset of the first thing on screen.
private func topByteOffset(_ pager: PagerState) -> Int {
    if pager.mode == .table {
        guard let offsets = pager.table?.offsets, !offsets.isEmpty else { return 0 }
        return offsets[min(offsets.count - 1, pager.top + 1)]
    }
    return pager.text.lineRange(pager.top).lowerBound
}

/// `n` / `N`: the next or previous match, round the end.
private func stepMatch(_ state: inout DashboardState, by step: Int) {
    let count = state.pager.search.matches.count
    guard count > 0 else {
        if state.pager.search.isActive { state.status.showMessage("no match for \(SafeText.sanitize(state.pager.search.query))", now: state.now) }
        return
    }
    let current = state.pager.search.current ?? (step > 0 ? -1 : count)
    var next = current + step
    if next >= count {
        next = 0
        state.status.showMessage("search wrapped to the top", now: state.now)
    } else if next < 0 {
        next = count - 1
        state.status.showMessage("search wrapped to the bottom", now: state.now)
    }
    state.pager.search.current = next
    revealMatch(&state)
}

/// Scrolls so that the current match shows (its row, for a table).
private func revealMatch(_ state: inout DashboardState) {
    guard let index = state.pager.search.current, index < state.pager.search.matches.count else { return }
    let offset = state.pager.search.matches[index]
    let layout = PagerLayout(size: state.size)
    if state.pager.mode == .table {
        guard let offsets = state.pager.table?.offsets, !offsets.isEmpty else { return }
        let row = max(0, PagerText.lowerBound(offsets, offset + 1) - 1)
        guard row > 0 else { return }
        let body = row - 1
        let rows = layout.tableRows
        if body < state.pager.top || body >= state.pager.top + rows { state.pager.top = max(0, body - rows / 3) }
        return
    }
    let line = state.pager.text.line(containing: offset)
    let width = layout.textWidth(lines: state.pager.text.fileLineCount)
    state.pager.reveal(line: line, rows: layout.rows, width: width)
    if !state.pager.wrap {
        // Sideways too, when the match lies beyond the screen's columns.
        let range = state.pager.text.lineRange(line)
        let before = PagerLine.cells(state.pager.text.bytes, range.lowerBound..<min(range.upperBound, offset)).reduce(0) { $0 + $1.width }
        if before < state.pager.column || before >= state.pager.column + width - 1 {
            state.pager.column = max(0, before - width / 2) / 8 * 8
        }
    }
}

/// A key in the pager room: the search prompt when open, then its own table, then the global one.
func handlePagerKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    if state.pager.search.editing { return handlePagerSearchKey(&state, key) }
    guard let action = Keymap.action(for: key, in: [.pager, .global]) else { return [] }
    if action == .goBack { return closePager(&state) }
    return reduce(&state, action)
}

/// A key typed into the search prompt: the text is searched as it is typed.
private func handlePagerSearchKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    switch key {
    case .char(let c) where !c.unicodeScalars.contains(where: SafeText.needsEscape):
        state.pager.search.query.append(c)
        researchPager(&state, jump: true)
    case .backspace:
        if !state.pager.search.query.isEmpty { state.pager.search.query.removeLast() }
        researchPager(&state, jump: true)
    case .ctrl("u"):
        state.pager.search.query = ""
        researchPager(&state, jump: false)
    case .escape:
        state.pager.search = PagerSearch()
    case .enter:
        state.pager.search.editing = false
        if state.pager.search.isActive, state.pager.search.matches.isEmpty {
            state.status.showMessage("no match for \(SafeText.sanitize(state.pager.search.query))", now: state.now)
        }
    case .ctrl("c"): return reduce(&state, .quit)
    case .ctrl("z"): return reduce(&state, .suspend)
    default: break
    }
    return []
}

/// Marks the room's failed request, if `id` is one of its own; true when it was.
func pagerRequestFailed(_ state: inout DashboardState, _ id: Int, _ message: String) -> Bool {
    guard state.pager.load.pendingRequestId == id else { return false }
    state.pager.load = .failed(message)
    return true
}

/// `r`: reads the file again, the view kept where it was.
func reloadPager(_ state: inout DashboardState) -> [Effect] {
    guard let file = state.pager.file else { return [] }
    let kept = state.pager
    let effects = openPager(&state, file)
    state.pager.returnTo = kept.returnTo
    state.pager.top = kept.top
    state.pager.topRow = kept.topRow
    state.pager.column = kept.column
    return effects
}
