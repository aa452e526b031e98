import MLflowCore

/// The `:` command line: `sort KEY [asc|desc]`, `columns NAME...`, `filter TEXT`, `refresh SECONDS`,
/// `compare`.
public enum DashboardCommands {
    public static let commands = ["columns", "compare", "filter", "refresh", "sort"]

    /// The words the last word of `text` may complete to: command names first, then column names.
    public static func candidates(_ text: String, columns: [String]) -> [String] {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard let last = words.last else { return [] }
        return (words.count == 1 ? commands : columns).filter { $0.hasPrefix(last) }
    }

    /// Completes the last word of `text`: a command name first, then a column name.
    public static func complete(_ text: String, columns: [String]) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let matches = candidates(text, columns: columns)
        guard let first = matches.first else { return text }
        var common = first
        for match in matches.dropFirst() {
            while !match.hasPrefix(common) { common.removeLast() }
        }
        let completed = words.dropLast() + [common]
        return completed.joined(separator: " ") + (matches.count == 1 ? " " : "")
    }
}

/// Runs one `:` command line.
func runCommand(_ state: inout DashboardState, _ text: String) -> [Effect] {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let name = trimmed.prefix { $0 != " " }
    let rest = trimmed.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
    switch name {
    case "":
        return []
    case "sort":
        do {
            let entry = try OrderBy.parse(rest)
            applySort(&state, [entry])
        } catch {
            state.status.showError("sort: \(error)", now: state.now)
        }
        return []
    case "columns":
        var columns: [RunColumn] = []
        for word in rest.split(separator: " ") {
            if let column = RunColumn(qualifiedName: String(word)) {
                columns.append(column)
            } else {
                state.status.showError("columns: '\(word)' is not metrics.NAME, params.NAME or tags.NAME", now: state.now)
                return []
            }
        }
        state.runs.columns = columns.isEmpty ? RunColumns.defaults(state.runs.runs, preferred: state.runs.preferredColumns) : columns
        state.runs.columnsChosen = !columns.isEmpty
        return []
    case "filter":
        state.runs.searchDraft = rest
        checkSearchDraft(&state)
        if let error = state.runs.searchError {
            state.status.showError("filter: \(error.description)", now: state.now)
            return []
        }
        return applySearchFilter(&state, rest)
    case "compare":
        return compareMarkedRuns(&state)
    case "refresh":
        switch LiveSettings.interval(seconds: rest) {
        case .failure(let error):
            state.status.showError("refresh: \(error)", now: state.now)
            return []
        case .success(let milliseconds):
            state.live.interval = milliseconds
        }
        state.live.auto = true
        state.status.showMessage("refreshing running runs every \(rest) s", now: state.now)
        return []
    default:
        state.status.showError("unknown command: \(name)", now: state.now)
        return []
    }
}
