import TerminalCore

/// Styles for every `ThemeRole`; the built-in default covers all of them.
public struct Theme: Sendable, Hashable {
    public var name: String
    public private(set) var styles: [ThemeRole: Style]

    public init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style of a role; a role the theme lacks falls back to the built-in default.
    public subscript(role: ThemeRole) -> Style {
        get { styles[role] ?? Theme.builtIn.styles[role] ?? .plain }
        set { styles[role] = newValue }
    }

    /// Every style stepped down to what a terminal of `depth` shows. Without colour, a role that
    /// stood out by its background (a selection, the status bar) is drawn in reverse video.
    public func stepped(to depth: ColorDepth) -> Theme {
        var copy = self
        for role in ThemeRole.allCases {
            var style = self[role].stepped(to: depth)
            if depth == .none, self[role].bg != .default { style.attributes.insert(.reverse) }
            copy.styles[role] = style
        }
        return copy
    }

    /// The styles of the series roles, in order: the palette of overlaid charts.
    public var seriesPalette: [Style] { ThemeRole.series.map { self[$0] } }

    /// The built-in dark theme; theme files override some of its roles.
    public static let builtIn: Theme = {
        func s(_ fg: Color = .default, _ bg: Color = .default, _ attributes: TextAttributes = []) -> Style {
            Style(fg: fg, bg: bg, attributes: attributes)
        }
        let selected = s(.rgb(255, 255, 255), .rgb(38, 79, 120), .bold)
        let styles: [ThemeRole: Style] = [
            .title: s(.rgb(130, 170, 255), .default, .bold),
            .text: s(),
            .dim: s(.rgb(128, 128, 128)),
            .border: s(.rgb(88, 88, 88)),
            .borderFocused: s(.rgb(130, 170, 255)),
            .paneTitle: s(.default, .default, .bold),
            .tableHeader: s(.rgb(180, 180, 180), .default, [.bold, .underline]),
            .experimentsRow: s(),
            .experimentsSelected: selected,
            .experimentsMarked: s(.rgb(255, 200, 87), .default, .bold),
            .experimentsDeleted: s(.rgb(128, 128, 128), .default, .italic),
            .runsRow: s(),
            .runsSelected: selected,
            .runsMarked: s(.rgb(255, 200, 87), .default, .bold),
            .runsTree: s(.rgb(110, 110, 110)),
            .runRunning: s(.rgb(97, 175, 239), .default, .bold),
            .runScheduled: s(.rgb(198, 120, 221)),
            .runFinished: s(.rgb(152, 195, 121)),
            .runFailed: s(.rgb(224, 108, 117), .default, .bold),
            .runKilled: s(.rgb(209, 154, 102)),
            .detailSection: s(.rgb(130, 170, 255), .default, [.bold, .underline]),
            .detailKey: s(.rgb(171, 178, 191)),
            .detailValue: s(),
            .detailSystemTag: s(.rgb(128, 128, 128)),
            .detailSelected: s(.default, .rgb(50, 56, 66), .bold),
            .sparkline: s(.rgb(86, 182, 194)),
            .sparklineMarker: s(.rgb(224, 108, 117), .default, .bold),
            .chartLine: s(.rgb(97, 175, 239)),
            .chartSmoothed: s(.rgb(229, 192, 123)),
            .chartAxis: s(.rgb(128, 128, 128)),
            .chartMarker: s(.rgb(224, 108, 117), .default, .bold),
            // Medium-light hues that stay apart on dark backgrounds (and mostly on light ones).
            .series1: s(.rgb(97, 175, 239)),
            .series2: s(.rgb(242, 142, 43)),
            .series3: s(.rgb(118, 199, 104)),
            .series4: s(.rgb(232, 96, 106)),
            .series5: s(.rgb(187, 134, 240)),
            .series6: s(.rgb(64, 200, 200)),
            .series7: s(.rgb(230, 205, 80)),
            .series8: s(.rgb(247, 127, 190)),
            .statusBar: s(.rgb(220, 220, 220), .rgb(40, 44, 52)),
            .statusError: s(.rgb(255, 255, 255), .rgb(190, 50, 60), .bold),
            .statusMessage: s(.rgb(152, 195, 121), .rgb(40, 44, 52)),
            .statusLoading: s(.rgb(229, 192, 123), .rgb(40, 44, 52)),
            .statusHintKey: s(.rgb(130, 170, 255), .rgb(40, 44, 52), .bold),
            .prompt: s(.default, .default, .bold),
            .promptError: s(.rgb(224, 108, 117), .default, .bold),
            .helpTitle: s(.rgb(130, 170, 255), .default, [.bold, .underline]),
            .helpKey: s(.rgb(229, 192, 123), .default, .bold),
            .compareBetter: s(.rgb(152, 195, 121)),
            .compareWorse: s(.rgb(224, 108, 117)),
            .compareBest: s(.rgb(229, 192, 123), .default, [.bold, .underline]),
            .compareMissing: s(.rgb(110, 110, 110), .default, .italic),
            .compareEqualAsNumbers: s(.rgb(209, 154, 102)),
        ]
        return Theme(name: "default", styles: styles)
    }()
}
