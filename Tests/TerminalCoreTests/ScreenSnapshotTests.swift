import TerminalCore
import TerminalTestSupport
import Testing

/// Widgets laid out together the way a dashboard screen uses them, at the two reference sizes.
@Suite struct ScreenSnapshotTests {
    static func series(_ f: (Double) -> Double) -> [Double] { (0..<60).map { f(Double($0)) } }

    static let metrics: [(name: String, values: [Double])] = [
        ("val_loss", series { 2 / (1 + $0 / 5) }),
        ("accuracy", series { 1 - 0.8 / (1 + $0 / 8) }),
        ("grad_norm", series { step -> Double in
            if step == 30 { return .infinity }
            if Int(step) % 17 == 0 { return .nan }
            return 1 + Double(Int(step) % 7)
        }),
        ("学習率", series { 0.001 * (60 - $0) }),
    ]

    static func draw(into buffer: inout CellBuffer, symbols: Symbols) {
        let (body, status) = buffer.area.splitBottom(1)
        let panes = body.rows([.percent(45), .fill])
        let inside = Box.draw(panes[0], title: "run 0a1b2c3d4e5f · metrics", style: .plain, symbols: symbols,
                              into: &buffer)
        let sparkWidth = max(0, inside.width / 3)
        let table = Table(
            columns: [
                TableColumn("metric", width: .fill), TableColumn("latest", width: .fixed(9), alignment: .right),
                TableColumn("min", width: .fixed(9), alignment: .right), TableColumn("history", width: .fixed(sparkWidth)),
            ],
            rowCount: metrics.count, selected: 1, symbols: symbols)
        table.draw(in: inside, into: &buffer) { row, column in
            let m = metrics[row]
            switch column {
            case 0: return Span(m.name)
            case 1: return Span(ChartTicks.number(m.values.last ?? .nan))
            case 2: return Span(ChartTicks.number(m.values.filter(\.isFinite).min() ?? .nan))
            default: return Span(Sparkline.string(m.values, width: sparkWidth, symbols: symbols))
            }
        }
        let chartArea = Box.draw(panes[1], title: "val_loss", style: .plain, symbols: symbols, into: &buffer)
        BrailleChart(series: [ChartSeries(name: "val_loss", x: (0..<60).map(Double.init), y: metrics[0].values)],
                     symbols: symbols).draw(in: chartArea, into: &buffer)
        StatusLine(left: ["sqlite:///mlflow.db · ", Span(Spinner.frame(3, symbols: symbols) + " loading runs")],
                   right: ["↑↓ move  Enter open  ? help"], symbols: symbols)
            .draw(in: status, into: &buffer)
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 160, height: 48)])
    func runDetailScreen(size: Size) {
        var buffer = CellBuffer(size: size)
        Self.draw(into: &buffer, symbols: .unicode)
        Snapshot.assert(buffer, named: "screen-\(size.width)x\(size.height)", masking: [#"[0-9a-f]{12}"#])
        var ascii = CellBuffer(size: size)
        Self.draw(into: &ascii, symbols: .ascii)
        Snapshot.assert(ascii, named: "screen-ascii-\(size.width)x\(size.height)", masking: [#"[0-9a-f]{12}"#])
    }

    @Test func tinyScreensDoNotCrash() {
        for width in 0..<12 {
            for height in 0..<8 {
                var buffer = CellBuffer(size: Size(width: width, height: height))
                Self.draw(into: &buffer, symbols: .unicode)
            }
        }
    }
}
