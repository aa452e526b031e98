import MLflowCore
import TerminalCore

/// One line of the run detail: spans, or a metric row with its sparkline.
struct DetailLine {
    var spans: [Span]
    /// Index into the run's metrics when the line is a metric row.
    var metric: Int?
}

/// The run detail: info, params, tags (system tags apart), note, datasets, then every metric
/// with latest, min, max, step of best and a sparkline of its sampled history.
enum DetailPane {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        let detail = state.detail
        let name = detail.run?.info.runName ?? detail.runId
        let inner = Box.draw(rect, title: name.map { "Run" + context.separator + SafeText.sanitize($0) } ?? "Run", style: context[.borderFocused], titleStyle: context[.paneTitle],
                             symbols: context.symbols, into: &buffer)
        guard let run = detail.run else {
            let message = ExperimentsPane.placeholder(detail.load, empty: true, what: "run") ?? ""
            drawPlaceholder(message, loading: detail.load.isLoading, state, context, in: inner, into: &buffer)
            return
        }
        guard !inner.isEmpty else { return }
        let lines = self.lines(run, state, context, width: inner.width)
        let first: Int
        if let scroll = detail.scroll {
            first = min(scroll, max(0, lines.count - inner.height))
        } else {
            let selectedLine = lines.firstIndex { $0.metric == detail.metricCursor.selected } ?? 0
            let firstMetric = lines.firstIndex { $0.metric != nil } ?? 0
            let metricsStart = max(0, firstMetric - 2)  // the section title and the column header
            if lines.count - metricsStart <= inner.height {
                // The whole metrics section fits: show it from its title, with what precedes it above.
                first = max(0, lines.count - inner.height)
            } else {
                first = Table.scrollOffset(selected: selectedLine, offset: max(0, selectedLine - inner.height + 2),
                                           visibleRows: inner.height, rowCount: lines.count)
            }
        }
        let metricLayout = MetricColumns(width: inner.width, keys: run.metrics.map(\.key))
        for (offset, line) in lines.dropFirst(first).prefix(inner.height).enumerated() {
            let y = inner.y + offset
            if let index = line.metric {
                let selected = index == detail.metricCursor.selected
                drawMetric(run.metrics[index], history: detail.histories[run.metrics[index].key],
                           selected: selected, layout: metricLayout, state, context, x: inner.x, y: y, into: &buffer)
            } else {
                buffer.put(line.spans, x: inner.x, y: y, maxWidth: inner.width, style: context[.text])
            }
        }
    }

    /// Every line of the detail for `run` at `width`.
    static func lines(_ run: Run, _ state: DashboardState, _ context: RenderContext, width: Int) -> [DetailLine] {
        var lines: [DetailLine] = []
        func section(_ title: String) {
            if !lines.isEmpty { lines.append(DetailLine(spans: [])) }
            lines.append(DetailLine(spans: [Span(title, style: context[.detailSection])]))
        }
        func field(_ key: String, _ value: String, keyWidth: Int, role: ThemeRole = .detailValue) {
            let keyText = DisplayWidth.pad(DisplayWidth.truncate(SafeText.sanitize(key), to: keyWidth), to: keyWidth)
            let wrapped = WrappedText.lines(value, width: max(1, width - keyWidth - 1))
            for (i, part) in (wrapped.isEmpty ? [""] : wrapped).enumerated() {
                lines.append(DetailLine(spans: [
                    Span((i == 0 ? keyText : String(repeating: " ", count: keyWidth)) + " ", style: context[.detailKey]),
                    Span(part, style: context[role]),
                ]))
            }
        }
        let info = run.info
        section("Info")
        let infoFields: [(String, String)] = [
            ("status", info.status.rawValue), ("run id", info.runId), ("name", info.runName),
            ("experiment", state.experiments.all.first { $0.experimentId == info.experimentId }.map { "\($0.name) (\(info.experimentId))" } ?? info.experimentId),
            ("user", info.userId),
            ("started", info.startTime.map { "\(Format.timestamp($0)) (\(Format.ago($0, now: state.now)))" } ?? "-"),
            ("ended", info.endTime.map { Format.timestamp($0) } ?? (info.status.isActive ? "still running" : "-")),
            ("duration", Format.duration(info, now: state.now)),
            ("source", run.tag(SystemTag.sourceName) ?? "-"), ("git commit", run.tag(SystemTag.gitCommit) ?? "-"),
            ("artifacts", info.artifactUri),
        ]
        for (key, value) in infoFields { field(key, value, keyWidth: 11) }
        let keyWidth = min(28, max(8, (run.params + run.tags).map { DisplayWidth.of(SafeText.sanitize($0.key)) }.max() ?? 8))
        if !run.params.isEmpty {
            section("Params (\(run.params.count))")
            for param in run.params { field(param.key, param.value, keyWidth: keyWidth) }
        }
        let userTags = run.tags.filter { !$0.key.hasPrefix("mlflow.") }
        let systemTags = run.tags.filter { $0.key.hasPrefix("mlflow.") && $0.key != SystemTag.note }
        if !userTags.isEmpty {
            section("Tags (\(userTags.count))")
            for tag in userTags { field(tag.key, tag.value, keyWidth: keyWidth) }
        }
        if !systemTags.isEmpty {
            section("System tags (\(systemTags.count))")
            for tag in systemTags { field(tag.key, tag.value, keyWidth: keyWidth, role: .detailSystemTag) }
        }
        if let note = run.note, !note.isEmpty {
            section("Note")
            for part in WrappedText.lines(note, width: width) { lines.append(DetailLine(spans: [Span(part)])) }
        }
        if !run.datasetInputs.isEmpty {
            section("Datasets (\(run.datasetInputs.count))")
            for input in run.datasetInputs {
                let context = input.tags.value(for: "mlflow.data.context").map { " [\($0)]" } ?? ""
                field(input.dataset.name, "\(input.dataset.digest)\(context) \(input.dataset.sourceType)", keyWidth: keyWidth)
            }
        }
        section("Metrics (\(run.metrics.count))" + (state.detail.historiesLoad.isLoading ? " ..." : ""))
        if !run.metrics.isEmpty {
            let layout = MetricColumns(width: width, keys: run.metrics.map(\.key))
            lines.append(DetailLine(spans: [Span(layout.header, style: context[.tableHeader])]))
        }
        for index in run.metrics.indices { lines.append(DetailLine(spans: [], metric: index)) }
        return lines
    }

    static func drawMetric(_ metric: Metric, history: [Metric]?, selected: Bool, layout: MetricColumns,
                           _ state: DashboardState, _ context: RenderContext, x: Int, y: Int, into buffer: inout CellBuffer) {
        let base = selected ? context[.detailSelected].over(context[.text]) : context[.text]
        buffer.fill(Rect(x: x, y: y, width: layout.width, height: 1), style: base)
        // Exact figures once the store has them; until then the sample's, marked approximate.
        let exact = state.detail.summaries[metric.key]
        let summary = exact ?? history.map { MetricSummary.of($0) }
        let approximate = exact == nil ? (context.symbols.braille ? "≈" : "~") : ""
        let goal = MetricGoal(key: metric.key)
        func cell(_ value: String?, width: Int) -> String {
            DisplayWidth.pad(value.map { approximate + $0 } ?? "", to: width, alignRight: true)
        }
        var cells = [DisplayWidth.pad(DisplayWidth.truncate(SafeText.sanitize(metric.key), to: layout.keyWidth), to: layout.keyWidth),
                     DisplayWidth.pad(Format.value(metric.value), to: 10, alignRight: true)]
        if layout.showsStats {
            cells.append(cell(summary.map { Format.value($0.min?.value ?? .nan) }, width: 10))
            cells.append(cell(summary.map { Format.value($0.max?.value ?? .nan) }, width: 10))
            cells.append(cell(summary?.best(goal).map { String($0.step) }, width: 8))
        }
        let text = cells.joined(separator: " ") + " "
        let used = buffer.put(text, x: x, y: y, maxWidth: layout.width, style: base)
        let sparkWidth = layout.width - used
        guard sparkWidth > 0, let history, !history.isEmpty else { return }
        Sparkline(history.map(\.value), style: context[.sparkline].over(base), markerStyle: context[.sparklineMarker].over(base),
                  symbols: context.symbols)
            .draw(in: Rect(x: x + used, y: y, width: sparkWidth, height: 1), into: &buffer)
    }
}

/// Column widths of the metric rows.
struct MetricColumns {
    var width: Int
    var keyWidth: Int
    var showsStats: Bool

    init(width: Int, keys: [String]) {
        self.width = width
        keyWidth = min(30, max(6, keys.map { DisplayWidth.of(SafeText.sanitize($0)) }.max() ?? 6))
        showsStats = width >= keyWidth + 11 + 33 + 12
    }

    var header: String {
        var cells = [DisplayWidth.pad("metric", to: keyWidth), DisplayWidth.pad("latest", to: 10, alignRight: true)]
        if showsStats {
            cells += [DisplayWidth.pad("min", to: 10, alignRight: true), DisplayWidth.pad("max", to: 10, alignRight: true),
                      DisplayWidth.pad("best@", to: 8, alignRight: true)]
        }
        return cells.joined(separator: " ") + " history"
    }
}
