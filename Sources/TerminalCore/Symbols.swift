/// The characters widgets draw with: Unicode block and braille ones, or plain ASCII for
/// `--ascii` and non-UTF-8 locales.
public struct Symbols: Sendable, Hashable {
    /// Eight sparkline levels, lowest first.
    public var bars: [String]
    /// Whether charts use braille dots (2x4 per cell) rather than ASCII marks.
    public var braille: Bool
    /// Marks a value of +infinity in sparklines and charts.
    public var plusInfinity: String
    /// Marks a value of -infinity.
    public var minusInfinity: String
    /// Shown where text was cut.
    public var ellipsis: String
    /// The gutter mark of a marked table row.
    public var marked: String
    /// Spinner frames, shown in turn.
    public var spinner: [String]
    /// Horizontal and vertical lines and the axis corner.
    public var horizontal: String
    public var vertical: String
    public var corner: String
    /// Box corners: top-left, top-right, bottom-left, bottom-right.
    public var boxCorners: [String]
    /// An axis tick on the x axis.
    public var tick: String

    public static let unicode = Symbols(
        bars: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"], braille: true, plusInfinity: "↑", minusInfinity: "↓",
        ellipsis: "…", marked: "●", spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
        horizontal: "─", vertical: "│", corner: "└", boxCorners: ["┌", "┐", "└", "┘"], tick: "┬")

    public static let ascii = Symbols(
        bars: ["_", ".", "-", "~", "=", "+", "*", "#"], braille: false, plusInfinity: "^", minusInfinity: "v",
        ellipsis: "~", marked: "*", spinner: ["|", "/", "-", "\\"],
        horizontal: "-", vertical: "|", corner: "+", boxCorners: ["+", "+", "+", "+"], tick: "+")
}

extension DisplayWidth {
    /// The text cut to at most `width` columns, with `ellipsis` where it was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let markWidth = of(ellipsis)
        if markWidth > width { return truncate(text, to: width, ellipsis: "") }
        var out = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > width - markWidth { break }
            out.append(character)
            used += w
        }
        return out + ellipsis
    }
}

extension Symbols {
    /// Unicode symbols when the locale's character set is UTF-8, ASCII ones otherwise: the first
    /// non-empty of `LC_ALL`, `LC_CTYPE`, `LANG` decides, and none at all means the C locale.
    public static func detect(environment: [String: String]) -> Symbols {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        let lowered = locale.lowercased()
        return lowered.contains("utf-8") || lowered.contains("utf8") ? .unicode : .ascii
    }
}
