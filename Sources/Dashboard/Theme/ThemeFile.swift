import Foundation
import TerminalCore
import Yams

/// Reads theme files: YAML maps of role names to styles, laid over the built-in default.
///
/// ```yaml
/// name: light
/// roles:
///   runs.selected: { fg: "#ffffff", bg: blue, attributes: [bold] }
///   sparkline: { fg: 33 }
/// ```
/// Colours are `default`, the sixteen ANSI names (`red`, `bright-red`), a palette index 0-255 or
/// `#rrggbb`. A field a role leaves out keeps the default's value. Nothing here throws: an unknown
/// role, a bad colour or a broken file gives a warning and the default in its place.
public enum ThemeFile {
    /// The themes shipped in the repository's `themes/` folder (and built into the binary).
    public static var bundledNames: [String] { bundled.map(\.name) }

    /// A theme from YAML text, and warnings about what was ignored.
    public static func parse(_ text: String, name: String) -> (theme: Theme, warnings: [String]) {
        var theme = Theme.builtIn
        theme.name = name
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            return (theme, ["theme \(name): not valid YAML (\(firstLine(of: error))); using the default theme"])
        }
        guard let root = node?.mapping else {
            return (theme, ["theme \(name): expected a mapping with `roles`; using the default theme"])
        }
        var warnings: [String] = []
        if let title = root["name"]?.string { theme.name = title }
        guard let roles = root["roles"]?.mapping else {
            if root["roles"] != nil { warnings.append("theme \(name): `roles` is not a mapping") }
            return (theme, warnings)
        }
        for (key, value) in roles {
            guard let roleName = key.string, let role = ThemeRole(rawValue: roleName) else {
                warnings.append("theme \(name): unknown role \(key.string ?? "?")")
                continue
            }
            theme[role] = style(value, over: theme[role], context: "theme \(name), \(roleName)", warnings: &warnings)
        }
        return (theme, warnings)
    }

    /// Loads a theme by name (`NAME.yaml` in `directories`, else a bundled one) or by path.
    public static func load(_ nameOrPath: String, directories: [String] = []) -> (theme: Theme, warnings: [String]) {
        let isPath = nameOrPath.contains("/") || nameOrPath.hasSuffix(".yaml") || nameOrPath.hasSuffix(".yml")
        let candidates = isPath ? [nameOrPath] : directories.map { ($0 as NSString).appendingPathComponent("\(nameOrPath).yaml") }
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                return (.builtIn, ["theme \(path): cannot be read as UTF-8 text; using the default theme"])
            }
            return parse(text, name: nameOrPath)
        }
        if !isPath, let bundled = bundled.first(where: { $0.name == nameOrPath }) {
            return parse(bundled.text, name: nameOrPath)
        }
        return (.builtIn, ["theme \(nameOrPath): not found; using the default theme"])
    }

    static func style(_ node: Node, over base: Style, context: String, warnings: inout [String]) -> Style {
        guard let map = node.mapping else {
            warnings.append("\(context): expected { fg, bg, attributes }")
            return base
        }
        var result = base
        for (key, value) in map {
            switch key.string {
            case "fg", "bg":
                guard let text = value.string, let color = color(text) else {
                    warnings.append("\(context): bad colour \(value.string ?? "?")")
                    continue
                }
                if key.string == "fg" { result.fg = color } else { result.bg = color }
            case "attributes", "attrs":
                let names = value.sequence?.compactMap(\.string) ?? value.string.map { [$0] } ?? []
                var attributes: TextAttributes = []
                for name in names {
                    if let attribute = attribute(name) {
                        attributes.insert(attribute)
                    } else {
                        warnings.append("\(context): unknown attribute \(name)")
                    }
                }
                result.attributes = attributes
            default:
                warnings.append("\(context): unknown field \(key.string ?? "?")")
            }
        }
        return result
    }

    /// A colour from its theme-file spelling.
    public static func color(_ text: String) -> Color? {
        let name = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if name == "default" || name == "none" { return .default }
        let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]
        if let index = names.firstIndex(of: name) { return .ansi(UInt8(index)) }
        if name.hasPrefix("bright-"), let index = names.firstIndex(of: String(name.dropFirst(7))) { return .ansi(UInt8(index + 8)) }
        if let index = UInt8(name) { return index < 16 ? .ansi(index) : .indexed(index) }
        if name.hasPrefix("#"), name.count == 7, let value = UInt32(name.dropFirst(), radix: 16) {
            return .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
        }
        return nil
    }

    static func attribute(_ name: String) -> TextAttributes? {
        switch name.lowercased() {
        case "bold": .bold
        case "dim": .dim
        case "italic": .italic
        case "underline": .underline
        case "reverse": .reverse
        default: nil
        }
    }

    private static func firstLine(of error: any Error) -> String {
        String(describing: error).split(separator: "\n").first.map(String.init) ?? "error"
    }
}
