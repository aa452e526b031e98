/// An INI file read as Python's `configparser` reads it (what MLflow's `~/.mlflow/credentials` and
/// the Databricks CLI's `~/.databrickscfg` are written for): `[section]` headers, `key = value` or
/// `key: value` lines with keys in lower case, whole-line `#` and `;` comments, indented lines
/// continuing the value above, and the `[DEFAULT]` section's keys inherited by every other section.
///
/// It reads files from outside, so it never fails: a line it cannot read is skipped.
public struct INIFile: Sendable, Equatable {
    /// The sections in file order, each with its own keys (without `DEFAULT`'s).
    public private(set) var sections: [(name: String, values: [String: String])] = []
    /// The `[DEFAULT]` section's keys.
    public private(set) var defaults: [String: String] = [:]
    /// Whether the file has a `[DEFAULT]` header.
    public private(set) var hasDefaultSection = false

    public static func == (lhs: INIFile, rhs: INIFile) -> Bool {
        lhs.defaults == rhs.defaults && lhs.hasDefaultSection == rhs.hasDefaultSection && lhs.sections.map(\.name) == rhs.sections.map(\.name)
            && lhs.sections.map(\.values) == rhs.sections.map(\.values)
    }

    public init(text: String) {
        // Where keys go: nil before the first header (configparser refuses such lines; they are skipped).
        var current: String?
        var lastKey: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            let line = Self.trimmed(rawLine)
            let indented = rawLine.first.map { $0 == " " || $0 == "\t" } ?? false
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") {
                // An empty line ends a value; configparser keeps it inside one only when a later
                // indented line follows, which the files here never need.
                if line.isEmpty { lastKey = nil }
                continue
            }
            if indented, let key = lastKey, let section = current {
                // A continuation line: appended to the value above, on a line of its own.
                update(section) { $0[key] = ($0[key].map { $0.isEmpty ? "" : $0 + "\n" } ?? "") + line }
                continue
            }
            // configparser's header: from `[` to the last `]` (`[a]b]` is the section `a]b`).
            if line.hasPrefix("["), let close = line.lastIndex(of: "]") {
                let name = String(line[line.index(after: line.startIndex)..<close])
                current = name
                lastKey = nil
                if name == "DEFAULT" { hasDefaultSection = true }
                if name != "DEFAULT", !sections.contains(where: { $0.name == name }) { sections.append((name, [:])) }
                continue
            }
            guard let section = current, let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                lastKey = nil
                continue
            }
            let key = Self.trimmed(line[..<separator]).lowercased()
            guard !key.isEmpty else {
                lastKey = nil
                continue
            }
            let value = Self.trimmed(line[line.index(after: separator)...])
            update(section) { $0[key] = value }
            lastKey = key
        }
    }

    /// A section's keys over `DEFAULT`'s, or nil when there is no such section.
    public func section(_ name: String) -> [String: String]? {
        if name == "DEFAULT" { return hasDefaultSection ? defaults : nil }
        guard let own = sections.first(where: { $0.name == name })?.values else { return nil }
        return defaults.merging(own) { _, new in new }
    }

    /// The sections' names in file order, `DEFAULT` first when the file has it.
    public var sectionNames: [String] { (hasDefaultSection ? ["DEFAULT"] : []) + sections.map(\.name) }

    private mutating func update(_ section: String, _ change: (inout [String: String]) -> Void) {
        if section == "DEFAULT" {
            change(&defaults)
        } else if let index = sections.firstIndex(where: { $0.name == section }) {
            change(&sections[index].values)
        }
    }

    private static func trimmed<S: StringProtocol>(_ text: S) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, first == " " || first == "\t" || first == "\r" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}
