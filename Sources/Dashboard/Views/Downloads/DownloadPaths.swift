import Foundation

/// The destination prompt's paths, as pure text: `~` and relative folders resolved against the
/// dashboard's home and working directory, and `Tab`'s completion.
enum DownloadPaths {
    /// The absolute folder `draft` names: `~` is the home folder, a relative path starts in
    /// `workingDirectory`; `.` and `..` are applied and trailing slashes dropped. Nil when empty
    /// or when `~` is used without a known home.
    static func resolve(_ draft: String, workingDirectory: String, home: String?) -> String? {
        let text = draft.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty, !text.contains("\0") else { return nil }
        var base: String
        var rest: Substring
        if text == "~" || text.hasPrefix("~/") {
            guard let home, !home.isEmpty else { return nil }
            base = home
            rest = text.dropFirst()
        } else if text.hasPrefix("/") {
            base = "/"
            rest = Substring(text)
        } else {
            base = workingDirectory
            rest = Substring(text)
        }
        var parts = base.split(separator: "/").map(String.init)
        for part in rest.split(separator: "/") {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(String(part))
            }
        }
        return "/" + parts.joined(separator: "/")
    }

    /// How a folder is shown in the prompt: with a trailing `/`, so that typing goes on inside it.
    static func shown(_ folder: String) -> String {
        folder.hasSuffix("/") ? folder : folder + "/"
    }

    /// What `Tab` lists for `draft`: the folder typed so far (as typed, and resolved) and the start
    /// of the name being completed. Nil when the folder cannot be resolved.
    static func completionQuery(_ draft: String, workingDirectory: String, home: String?) -> (typed: String, folder: String, prefix: String)? {
        let typed: String
        let prefix: String
        if let slash = draft.lastIndex(of: "/") {
            typed = String(draft[...slash])
            prefix = String(draft[draft.index(after: slash)...])
        } else {
            typed = ""
            prefix = draft
        }
        let folder = typed.isEmpty ? workingDirectory : resolve(typed, workingDirectory: workingDirectory, home: home)
        return folder.map { (typed, $0, prefix) }
    }

    /// The longest start every name shares (by character).
    static func commonPrefix(_ names: [String]) -> String {
        guard var prefix = names.first else { return "" }
        for name in names.dropFirst() {
            while !name.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
