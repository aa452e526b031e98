import MLflowCore
import TerminalCore

/// Routes a key: the help screen, then a text prompt, then the focused pane's keymap.
func handleKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    if state.showHelp {
        switch key {
        case .char("?"), .escape, .char("q"): state.showHelp = false
        case .down, .char("j"): state.helpScroll += 1
        case .up, .char("k"): state.helpScroll -= 1
        case .pageDown, .char(" "): state.helpScroll += max(1, state.size.height - 3)
        case .pageUp: state.helpScroll -= max(1, state.size.height - 3)
        case .char("g"), .home: state.helpScroll = 0
        default: break
        }
        state.helpScroll = min(max(0, state.helpScroll), max(0, HelpOverlay.helpLines(.unicode).count - max(1, state.size.height - 2)))
        return []
    }
    if state.columnPicker != nil {
        guard let action = Keymap.action(for: key, only: .columnPicker) else { return [] }
        return columnPickerAction(&state, action)
    }
    if case .confirmMarkAll = state.input { return answerMarkAll(&state, key) }
    if state.input != .none { return handlePromptKey(&state, key) }
    // A download's destination prompt (opened from the artifacts or the models), or its question about
    // files already there, takes every key whatever the view.
    if state.downloads.prompt != nil { return handleDownloadPromptKey(&state, key) }
    if state.focus == .compare, state.compare.prompt != nil { return handleComparePromptKey(&state, key) }
    if state.focus == .overlay { return handleOverlayKey(&state, key) }
    switch state.focus {
    case .artifacts: return handleArtifactsKey(&state, key)
    case .pager: return handlePagerKey(&state, key)
    case .image: return handleImageKey(&state, key)
    case .models: return handleModelsKey(&state, key)
    case .downloads: return handleDownloadsKey(&state, key)
    default: break
    }
    guard let action = Keymap.action(for: key, in: state.focus) else { return [] }
    return reduce(&state, action)
}

/// Typing into the `/`, `f` or `:` prompt.
func handlePromptKey(_ state: inout DashboardState, _ key: Key) -> [Effect] {
    switch key {
    case .char(let c):
        editDraft(&state) { $0.append(c) }
    case .backspace:
        editDraft(&state) { if !$0.isEmpty { $0.removeLast() } }
    case .ctrl("u"):
        editDraft(&state) { $0 = "" }
    case .tab where state.input == .command:
        let columns = columnNames(state)
        let matches = DashboardCommands.candidates(state.commandDraft, columns: columns)
        state.commandDraft = DashboardCommands.complete(state.commandDraft, columns: columns)
        if matches.count > 1 {
            // Ambiguous: the status line lists what the word may become.
            let shown = matches.prefix(8).joined(separator: "  ")
            state.status.showMessage(matches.count > 8 ? "\(shown)  (+\(matches.count - 8) more)" : shown, now: state.now)
        } else if matches.isEmpty {
            state.status.showMessage("no completion", now: state.now)
        }
    case .escape:
        return cancelPrompt(&state)
    case .enter:
        return commitPrompt(&state)
    case .ctrl("c"):
        return reduce(&state, .quit)
    case .ctrl("z"):
        return reduce(&state, .suspend)
    default:
        break
    }
    return []
}

/// Applies an edit to the prompt's text; the text filters apply at once.
func editDraft(_ state: inout DashboardState, _ edit: (inout String) -> Void) {
    switch state.input {
    case .none, .confirmMarkAll: break
    case .experimentFilter:
        edit(&state.experiments.filter)
        state.experiments.refilter()
        state.experiments.cursor.reveal(height: listHeight(state))
    case .runTextFilter:
        edit(&state.runs.textFilter)
        state.runs.rebuildRows()
        state.runs.cursor.reveal(height: listHeight(state))
    case .runSearchFilter:
        edit(&state.runs.searchDraft)
        checkSearchDraft(&state)
    case .command:
        edit(&state.commandDraft)
    }
}

/// Parses the MLflow filter being typed, keeping its syntax error (with position) for display.
func checkSearchDraft(_ state: inout DashboardState) {
    do {
        _ = try SearchFilter.parse(state.runs.searchDraft)
        state.runs.searchError = nil
    } catch let error as SearchSyntaxError {
        state.runs.searchError = error
    } catch {
        state.runs.searchError = SearchSyntaxError(message: "\(error)", input: state.runs.searchDraft, position: 0)
    }
}

/// `Esc` in a prompt: text filters are cleared, the MLflow filter and command are dropped.
func cancelPrompt(_ state: inout DashboardState) -> [Effect] {
    let mode = state.input
    state.input = .none
    switch mode {
    case .experimentFilter:
        state.experiments.filter = ""
        state.experiments.refilter()
    case .runTextFilter:
        state.runs.textFilter = ""
        state.runs.rebuildRows()
    case .runSearchFilter:
        state.runs.searchDraft = state.runs.searchFilter
        state.runs.searchError = nil
    case .command:
        state.commandDraft = ""
    case .none, .confirmMarkAll:
        break
    }
    return []
}

/// `Enter` in a prompt: keeps a text filter, applies a valid MLflow filter, runs a command.
func commitPrompt(_ state: inout DashboardState) -> [Effect] {
    switch state.input {
    case .none, .confirmMarkAll:
        return []
    case .experimentFilter, .runTextFilter:
        state.input = .none
        return []
    case .runSearchFilter:
        checkSearchDraft(&state)
        if let error = state.runs.searchError {
            state.status.showError("filter: \(error.description)", now: state.now)
            return []
        }
        state.input = .none
        return applySearchFilter(&state, state.runs.searchDraft)
    case .command:
        state.input = .none
        let text = state.commandDraft
        state.commandDraft = ""
        return runCommand(&state, text)
    }
}

/// Sets the runs' MLflow filter and reloads them.
func applySearchFilter(_ state: inout DashboardState, _ filter: String) -> [Effect] {
    state.runs.remember()
    state.runs.searchFilter = filter
    state.runs.searchDraft = filter
    state.runs.cursor = ListCursor()
    state.runs.complete = false
    guard !state.runs.experimentIds.isEmpty else { return [] }
    _ = showCachedRuns(&state)
    return loadRuns(&state)
}

/// The qualified names of the columns that can be shown or sorted by, from the loaded runs.
func columnNames(_ state: DashboardState) -> [String] {
    ["attributes.start_time", "attributes.run_name", "attributes.status", "attributes.user_id"]
        + RunColumns.available(state.runs.runs).map(\.qualifiedName)
}

/// `C`: the picker over every metric and param of the loaded runs, the shown columns picked.
func openColumnPicker(_ state: inout DashboardState) {
    guard state.focus == .runs else { return }
    let candidates = RunColumns.available(state.runs.runs, sample: 2_000)
    // Shown columns no loaded run has (picked earlier) stay listed, so they can be dropped.
    let extra = state.runs.columns.filter { !candidates.contains($0) }
    state.columnPicker = ColumnPickerState(candidates: candidates + extra, chosen: state.runs.columns)
}

/// A key's action while the column picker is open.
func columnPickerAction(_ state: inout DashboardState, _ action: Action) -> [Effect] {
    guard var picker = state.columnPicker else { return [] }
    let page = max(1, min(picker.candidates.count, state.size.height - 4) - 1)
    switch action {
    case .moveUp: picker.cursor.move(by: -1, count: picker.candidates.count)
    case .moveDown: picker.cursor.move(by: 1, count: picker.candidates.count)
    case .pageUp: picker.cursor.move(by: -page, count: picker.candidates.count)
    case .pageDown: picker.cursor.move(by: page, count: picker.candidates.count)
    case .toggleMark: picker.toggle()
    case .openSelected:
        state.columnPicker = nil
        state.runs.columnsChosen = !picker.chosen.isEmpty
        state.runs.columns = picker.chosen.isEmpty
            ? RunColumns.defaults(state.runs.runs, preferred: state.runs.preferredColumns) : picker.chosen
        return []
    case .goBack:
        state.columnPicker = nil
        return []
    case .quit:
        state.columnPicker = nil
        return reduce(&state, .quit)
    case .suspend:
        // The picker stays open: after fg it is where it was.
        state.columnPicker = picker
        return reduce(&state, .suspend)
    default:
        break
    }
    state.columnPicker = picker
    return []
}
