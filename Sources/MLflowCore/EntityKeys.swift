/// MLflow's rules for metric, param and tag names (`mlflow/utils/validation.py`
/// `validate_param_and_metric_name`, `path_not_unique`), checked before anything is sent.
public enum EntityKeys {
    /// Throws `MLflowError.invalidArgument` naming the key when MLflow would reject it:
    /// empty, longer than 250 characters, a character outside letters, digits, `_ - . / : ` and
    /// space, or a name that a file path would normalise to something else (`a//b`, `./x`, `x/`).
    public static func check(_ key: String, kind: String) throws {
        if key.isEmpty { throw MLflowError.invalidArgument("\(kind) key is empty") }
        if key.count > MLflowLimits.maxKeyLength {
            throw MLflowError.invalidArgument(
                "\(kind) key '\(key.prefix(40))…' is \(key.count) characters; MLflow allows \(MLflowLimits.maxKeyLength)")
        }
        if let bad = key.unicodeScalars.first(where: { !isAllowed($0) }) {
            throw MLflowError.invalidArgument(
                "\(kind) key '\(key)' contains \(describe(bad)); names may only contain letters, digits, "
                    + "underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/)")
        }
        let normal = normalizedPath(key)
        if normal != key || normal == "." || normal.hasPrefix("..") || normal.hasPrefix("/") {
            throw MLflowError.invalidArgument(
                "\(kind) key '\(key)' would resolve to '\(normal)' as a file path; MLflow rejects such names")
        }
    }

    /// Python's `\w` on text (`str.isalnum()` or `_`) plus `/ . - :` and space.
    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if "/.- :_".unicodeScalars.contains(scalar) { return true }
        let props = scalar.properties
        if props.numericType != nil { return true }
        switch props.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return true
        default:
            return false
        }
    }

    private static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar.properties.generalCategory == .control || scalar.value < 0x20 {
            return "the control character U+\(String(scalar.value, radix: 16, uppercase: true))"
        }
        return "'\(Character(scalar))'"
    }

    /// `posixpath.normpath`.
    public static func normalizedPath(_ path: String) -> String {
        if path.isEmpty { return "." }
        var leading = 0
        for byte in path.utf8 {
            guard byte == UInt8(ascii: "/") else { break }
            leading += 1
        }
        let prefix = leading == 0 ? "" : (leading == 2 ? "//" : "/")
        var parts: [String] = []
        for part in PathText.components(path, omittingEmpty: true) {
            if part.utf8.elementsEqual(".".utf8) { continue }
            if part.utf8.elementsEqual("..".utf8) {
                if let last = parts.last, !last.utf8.elementsEqual("..".utf8) {
                    parts.removeLast()
                } else if prefix.isEmpty {
                    parts.append(part)
                }
                continue
            }
            parts.append(part)
        }
        let joined = prefix + parts.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }
}
