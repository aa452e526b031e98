import Dashboard
import Foundation
import MLflowCore
import TerminalCore

/// `runboard plot --output FILE.svg`: a standalone SVG, one panel per metric (title, axes with
/// ticks and labels, one coloured line per run, the legend), nothing fetched to view it. The scales
/// and ticks are the braille chart's, so the picture and the terminal agree.
struct PlotSVG {
    var plot: PlotData
    var options: OverlayOptions
    var width: Int
    var height: Int
    /// Line colours in turn: the light theme's series roles (the SVG has a white background).
    var palette: [Style] = ThemeFile.load("light").theme.seriesPalette

    static let font = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\""

    func render() -> String {
        let count = max(1, plot.overlays.count)
        let panelHeight = Double(height) / Double(count)
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)">
        <rect x="0" y="0" width="\(width)" height="\(height)" fill="#ffffff"/>

        """
        for (index, overlay) in plot.overlays.enumerated() {
            out += panel(overlay, top: Double(index) * panelHeight, height: panelHeight)
        }
        out += "</svg>\n"
        return out
    }

    /// One metric's chart in the band from `top`, `height` pixels high.
    func panel(_ overlay: MetricOverlay, top: Double, height: Double) -> String {
        let chart = OverlayChart(overlay: overlay, labels: plot.labels, options: options, palette: palette)
        let series = chart.series()
        let legend = legendRows(overlay, chart: chart)
        let legendHeight = Double(legend.count) * Self.legendRowHeight
        let left = 72.0, right = Double(width) - 24
        let plotTop = top + 40, plotBottom = top + height - 48 - legendHeight
        var out = "<g>\n"
        out += text(OverlayChart.title(overlay, options: options, separator: " · "), x: left, y: top + 24, size: 15, weight: "bold")
        guard right - left > 40, plotBottom - plotTop > 30 else { return out + "</g>\n" }
        let braille = chart.chart()
        let (xRange, yRange) = braille.bounds()
        let log = options.logY
        func px(_ x: Double) -> Double {
            let span = xRange.upperBound - xRange.lowerBound
            return left + (span > 0 ? (x - xRange.lowerBound) / span : 0.5) * (right - left)
        }
        func ty(_ y: Double) -> Double { log ? Foundation.log10(y) : y }
        func py(_ y: Double) -> Double {
            let low = ty(yRange.lowerBound), high = ty(yRange.upperBound)
            return plotBottom - (high > low ? (ty(y) - low) / (high - low) : 0.5) * (plotBottom - plotTop)
        }
        // Grid and ticks.
        let yTicks = log ? ChartTicks.logarithmic(low: yRange.lowerBound, high: yRange.upperBound, count: max(2, Int((plotBottom - plotTop) / 50)))
                         : ChartTicks.linear(low: yRange.lowerBound, high: yRange.upperBound, count: max(2, Int((plotBottom - plotTop) / 50)))
        for tick in yTicks where yRange.contains(tick) {
            let y = f(py(tick))
            out += "<line x1=\"\(f(left))\" y1=\"\(y)\" x2=\"\(f(right))\" y2=\"\(y)\" stroke=\"#e6e6e6\" stroke-width=\"1\"/>\n"
            out += text(ChartTicks.number(tick), x: left - 6, y: py(tick) + 4, size: 11, anchor: "end", fill: "#444444")
        }
        let xTicks = OverlayChart.xTicks(options.xAxis)(xRange.lowerBound, xRange.upperBound, max(2, Int((right - left) / 90)))
        let xLabel = OverlayChart.xLabel(options.xAxis)
        for tick in xTicks where xRange.contains(tick) {
            let x = f(px(tick))
            out += "<line x1=\"\(x)\" y1=\"\(f(plotTop))\" x2=\"\(x)\" y2=\"\(f(plotBottom))\" stroke=\"#f0f0f0\" stroke-width=\"1\"/>\n"
            out += "<line x1=\"\(x)\" y1=\"\(f(plotBottom))\" x2=\"\(x)\" y2=\"\(f(plotBottom + 5))\" stroke=\"#444444\" stroke-width=\"1\"/>\n"
            out += text(xLabel(tick), x: px(tick), y: plotBottom + 19, size: 11, anchor: "middle", fill: "#444444")
        }
        out += "<path d=\"M\(f(left)) \(f(plotTop)) V\(f(plotBottom)) H\(f(right))\" fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"/>\n"
        out += text(Self.axisName(options.xAxis), x: (left + right) / 2, y: plotBottom + 36, size: 12, anchor: "middle", fill: "#444444")
        // The lines, clipped to the plot.
        let clip = "clip\(Int(top))"
        out += "<clipPath id=\"\(clip)\"><rect x=\"\(f(left))\" y=\"\(f(plotTop - 2))\" width=\"\(f(right - left))\" height=\"\(f(plotBottom - plotTop + 4))\"/></clipPath>\n"
        out += "<g clip-path=\"url(#\(clip))\" fill=\"none\" stroke-width=\"1.6\" stroke-linejoin=\"round\">\n"
        for s in series {
            let colour = Self.hex(s.style.fg)
            let dash = Self.dashArray(s.pattern).map { " stroke-dasharray=\"\($0)\"" } ?? ""
            var segment: [String] = []
            func flush() {
                if segment.count == 1 {
                    // A point alone: a dot, as the braille chart marks it.
                    let parts = segment[0].split(separator: ",")
                    out += "<circle cx=\"\(parts[0])\" cy=\"\(parts[1])\" r=\"2.5\" fill=\"\(colour)\" stroke=\"none\"/>\n"
                } else if segment.count > 1 {
                    out += "<polyline stroke=\"\(colour)\"\(dash) points=\"\(segment.joined(separator: " "))\"/>\n"
                }
                segment = []
            }
            for (x, y) in zip(s.x, s.y) {
                guard x.isFinite, y.isFinite, !log || y > 0 else { flush(); continue }
                segment.append("\(f(px(x))),\(f(py(y)))")
            }
            flush()
        }
        out += "</g>\n"
        out += legendSVG(legend, top: plotBottom + 44)
        return out + "</g>\n"
    }

    /// One legend entry: a line sample and the run's name.
    struct LegendEntry {
        var name: String
        var colour: String
        var dash: String?
        var width: Double
    }

    static let legendRowHeight = 18.0

    /// The legend's entries in rows that fit between the plot's left and right edges.
    func legendRows(_ overlay: MetricOverlay, chart: OverlayChart) -> [[LegendEntry]] {
        let available = Double(width) - 24 - 72
        var rows: [[LegendEntry]] = [[]]
        var used = 0.0
        for (index, runId) in overlay.runIds.enumerated() {
            let look = chart.look(index)
            let name = String(SafeText.sanitize(plot.labels[runId] ?? runId).prefix(40))
            let entryWidth = 30 + Double(name.count) * 6.6 + 18
            if used + entryWidth > available, !(rows.last ?? []).isEmpty {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(LegendEntry(name: name, colour: Self.hex(look.style.fg), dash: Self.dashArray(look.pattern), width: entryWidth))
            used += entryWidth
        }
        return rows
    }

    /// The legend's rows from `top` down.
    func legendSVG(_ rows: [[LegendEntry]], top: Double) -> String {
        var svg = ""
        for (r, row) in rows.enumerated() {
            var x = 72.0
            let y = top + Double(r) * Self.legendRowHeight
            for entry in row {
                let dash = entry.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
                svg += "<line x1=\"\(f(x))\" y1=\"\(f(y + 9))\" x2=\"\(f(x + 24))\" y2=\"\(f(y + 9))\" stroke=\"\(entry.colour)\" stroke-width=\"2.5\"\(dash)/>\n"
                svg += text(entry.name, x: x + 30, y: y + 13, size: 12, fill: "#222222")
                x += entry.width
            }
        }
        return svg
    }

    /// A text element, its content sanitised for the terminal's sake and escaped for XML.
    func text(_ content: String, x: Double, y: Double, size: Int, anchor: String = "start", weight: String = "normal",
              fill: String = "#111111") -> String {
        "<text x=\"\(f(x))\" y=\"\(f(y))\" \(Self.font) font-size=\"\(size)\" font-weight=\"\(weight)\" text-anchor=\"\(anchor)\" fill=\"\(fill)\">\(Self.escape(SafeText.sanitize(content)))</text>\n"
    }

    /// A coordinate with one decimal.
    func f(_ value: Double) -> String { String(format: "%.1f", value) }

    static func axisName(_ axis: ChartXAxis) -> String {
        switch axis {
        case .step: "step"
        case .wallTime: "wall time (UTC)"
        case .relativeTime: "time since the run's first point"
        }
    }

    /// Text safe inside an XML element or attribute: markup characters escaped, and characters
    /// XML 1.0 does not allow at all (controls, U+FFFE, U+FFFF) replaced by U+FFFD.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                let value = scalar.value
                let allowed = value >= 0x20 && !(0x7F...0x9F).contains(value) && value != 0xFFFE && value != 0xFFFF
                out.unicodeScalars.append(allowed ? scalar : "\u{FFFD}")
            }
        }
        return out
    }

    /// `#rrggbb` of a colour (grey for a colour that is not given as RGB).
    static func hex(_ color: Color) -> String {
        guard case let .rgb(r, g, b) = color else { return "#555555" }
        return String(format: "#%02x%02x%02x", r, g, b)
    }

    /// An SVG dash array for a line pattern (nil for solid), two pixels per dot.
    static func dashArray(_ pattern: LinePattern) -> String? {
        guard pattern != .solid else { return nil }
        var runs: [Int] = []
        var current = true, length = 0
        for drawn in pattern.mask {
            if drawn == current { length += 1 } else { runs.append(length); length = 1; current = drawn }
        }
        runs.append(length)
        if runs.count % 2 == 1 { runs.append(0) }
        return runs.map { String($0 * 3) }.joined(separator: " ")
    }
}
