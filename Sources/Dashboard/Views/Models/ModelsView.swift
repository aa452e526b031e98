import MLflowCore
import TerminalCore

/// Draws the models room: the registered models, or one model's versions.
enum ModelsView {
    static func draw(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let models = state.models
        let layout = ModelsLayout(state)
        Box.draw(layout.box, title: title(models, separator: context.separator), style: context[.borderFocused],
                 titleStyle: context[.paneTitle], symbols: context.symbols, into: &buffer)
        if models.versionsOf != nil {
            drawVersions(state, context, layout, into: &buffer)
        } else {
            drawModels(state, context, layout, into: &buffer)
        }
        drawInfo(state, context, in: layout.info, into: &buffer)
    }

    /// `Registered models (12) /filter`, or `fixture-model · 3 versions`.
    static func title(_ models: ModelsState, separator: String) -> String {
        if let name = models.versionsOf {
            var title = SafeText.sanitize(name)
            if models.versionsLoad == .loaded { title += separator + Format.count(models.versions.count) + (models.versions.count == 1 ? " version" : " versions") }
            return title
        }
        var title = "Registered models"
        if models.modelsLoad == .loaded || !models.models.isEmpty {
            let shown = models.visibleModels.count
            title += models.filter.isEmpty ? " (\(Format.count(shown)))" : " (\(Format.count(shown)) of \(Format.count(models.models.count)))"
        }
        if !models.filter.isEmpty || models.filtering { title += " /" + SafeText.sanitize(models.filter) }
        return title
    }

    /// `@champion → v3, @staging → v4`.
    static func aliases(_ aliases: [ModelAlias], symbols: Symbols) -> String {
        let arrow = symbols.braille ? " → " : " -> "
        return aliases.map { "@" + $0.alias + arrow + "v" + $0.version }.joined(separator: ", ")
    }

    /// `task=classification, owner=ml`.
    static func tags(_ tags: [KeyValue]) -> String {
        tags.map { $0.key + "=" + $0.value }.joined(separator: ", ")
    }

    /// The first line of a description.
    static func firstLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    }

    /// A table of the columns of `specs` that fit `rect`; `cell` gets a row and its column's title.
    static func drawTable(_ specs: [FittedColumn], rows: Int, selected: Int, offset: Int, _ context: RenderContext, in rect: Rect,
                          into buffer: inout CellBuffer, cell: (Int, String) -> Span) {
        let widths = FittedColumn.fit(specs, width: rect.width)
        let shown = specs.indices.filter { widths[$0] != nil }
        let columns = shown.map { TableColumn(specs[$0].title, width: .fixed(widths[$0] ?? 0), alignment: specs[$0].alignment) }
        let styles = TableStyles(header: context[.tableHeader], row: context[.text], selected: context[.runsSelected], marked: context[.text])
        let table = Table(columns: columns, rowCount: rows, selected: selected, offset: offset, styles: styles, symbols: context.symbols)
        table.draw(in: rect, into: &buffer) { row, column in cell(row, specs[shown[column]].title) }
    }

    static func drawModels(_ state: DashboardState, _ context: RenderContext, _ layout: ModelsLayout, into buffer: inout CellBuffer) {
        let models = state.models
        let visible = models.visibleModels
        if visible.isEmpty {
            let message: String
            switch models.modelsLoad {
            case .loading, .idle: message = "loading the registered models..."
            case .failed(let error): message = "could not load the registered models: \(SafeText.sanitize(error))"
            case .loaded: message = models.models.isEmpty ? "no registered models" : "no model's name contains '\(SafeText.sanitize(models.filter))'"
            }
            drawPlaceholder(message, loading: models.modelsLoad.isLoading || models.modelsLoad == .idle, state, context, in: layout.table, into: &buffer)
            return
        }
        let specs = [
            FittedColumn(title: "Name", min: 16, max: 40, weight: 2, priority: 0),
            FittedColumn.fixed("Latest", 6, priority: 1, alignment: .right),
            FittedColumn(title: "Aliases", min: 14, max: 40, weight: 2, priority: 2),
            FittedColumn(title: "Tags", min: 14, max: 30, weight: 1, priority: 4),
            FittedColumn(title: "Description", min: 20, max: 200, weight: 2, priority: 5),
            FittedColumn.fixed("Updated", 9, priority: 3, alignment: .right),
        ]
        drawTable(specs, rows: visible.count, selected: models.modelRow, offset: models.modelsScroll, context, in: layout.table,
                  into: &buffer) { row, title in
            let model = visible[row]
            switch title {
            case "Name": return Span(model.name)
            case "Latest":
                if let latest = models.latest[model.name] { return Span("v" + latest) }
                switch models.latestLoad {
                case .loading: return Span(context.symbols.ellipsis, style: context[.dim])
                case .failed: return Span("?", style: context[.dim])
                case .idle, .loaded: return Span("-", style: context[.dim])
                }
            case "Aliases": return Span(aliases(model.aliases, symbols: context.symbols))
            case "Tags": return Span(tags(model.tags), style: context[.dim])
            case "Description": return Span(firstLine(model.description), style: context[.dim])
            default: return Span(Format.ago(model.lastUpdatedTimestamp ?? model.creationTimestamp, now: state.now))
            }
        }
    }

    static func drawVersions(_ state: DashboardState, _ context: RenderContext, _ layout: ModelsLayout, into buffer: inout CellBuffer) {
        let models = state.models
        if let summary = layout.summary, let name = models.versionsOf {
            let model = models.models.first { $0.name == name }
            let parts = [firstLine(model?.description ?? ""), tags(model?.tags ?? [])].filter { !$0.isEmpty }
            let text = parts.isEmpty ? "no description, no tags" : parts.joined(separator: context.separator)
            buffer.put(DisplayWidth.truncate(SafeText.sanitize(text), to: summary.width, ellipsis: context.symbols.ellipsis),
                       x: summary.x, y: summary.y, maxWidth: summary.width, style: context[.dim])
        }
        let versions = models.versions
        if versions.isEmpty {
            let message: String
            switch models.versionsLoad {
            case .loading, .idle: message = "loading the versions..."
            case .failed(let error): message = "could not load the versions: \(SafeText.sanitize(error))"
            case .loaded: message = "the model has no versions"
            }
            drawPlaceholder(message, loading: models.versionsLoad.isLoading, state, context, in: layout.table, into: &buffer)
            return
        }
        let showStage = versions.contains { !$0.currentStage.isEmpty && $0.currentStage != "None" }
        let specs = [
            FittedColumn.fixed("Version", 7, priority: 0),
            FittedColumn(title: "Status", min: 7, max: 20, weight: 1, priority: 3),
            FittedColumn.fixed("Stage", 10, priority: 5),
            FittedColumn(title: "Aliases", min: 12, max: 40, weight: 1, priority: 2),
            FittedColumn(title: "Source run", min: 16, max: 60, weight: 2, priority: 1),
            FittedColumn.fixed("Created", 9, priority: 4, alignment: .right),
            FittedColumn(title: "Logged model", min: 20, max: 34, weight: 2, priority: 6),
        ].filter { showStage || $0.title != "Stage" }
        drawTable(specs, rows: versions.count, selected: models.versionRow, offset: models.versionsScroll, context, in: layout.table,
                  into: &buffer) { row, title in
            let version = versions[row]
            switch title {
            case "Version": return Span("v" + version.version)
            case "Status": return Span(version.status.lowercased(), style: version.status == "READY" ? nil : context[.runFailed])
            case "Stage": return Span(version.currentStage == "None" ? "" : version.currentStage)
            case "Aliases": return Span(version.aliases.sorted().map { "@" + $0 }.joined(separator: ", "))
            case "Source run":
                guard let label = models.runLabel(version), let runId = version.runId else { return Span("-", style: context[.dim]) }
                if models.goneRuns.contains(runId) { return Span(runId + " (gone)", style: context[.dim]) }
                return Span(label, style: models.runNames[runId] == nil ? context[.dim] : nil)
            case "Created": return Span(Format.ago(version.creationTimestamp, now: state.now))
            default: return Span(version.loggedModelId ?? "", style: context[.dim])
            }
        }
    }

    /// The bottom line: the filter being typed, a jump or a file lookup in progress or failed, else
    /// what the row under the cursor holds that the table has no room for.
    static func drawInfo(_ state: DashboardState, _ context: RenderContext, in rect: Rect, into buffer: inout CellBuffer) {
        guard !rect.isEmpty else { return }
        let models = state.models
        if models.filtering {
            buffer.fill(rect, style: context[.prompt])
            let cursor = context.symbols.braille ? "▏" : "_"
            buffer.put([Span("/ ", style: context[.prompt]), Span(SafeText.sanitize(models.filter) + cursor),
                        Span("  (Enter keeps the filter, Esc drops it)", style: context[.dim])],
                       x: rect.x, y: rect.y, maxWidth: rect.width, style: context[.prompt])
            return
        }
        let pending: (LoadState, String)? = models.jumpLoad.isLoading || models.jumpLoad.isFailed ? (models.jumpLoad, "the source run")
            : models.filesLoad.isLoading || models.filesLoad.isFailed ? (models.filesLoad, "where the version's files are") : nil
        if let (load, what) = pending {
            if case .failed(let error) = load {
                buffer.put("could not read \(what): \(SafeText.sanitize(error))", x: rect.x, y: rect.y, maxWidth: rect.width, style: context[.statusError])
            } else {
                drawPlaceholder("reading \(what)...", loading: true, state, context, in: rect, into: &buffer)
            }
            return
        }
        var parts: [String] = []
        if models.versionsOf != nil {
            guard let version = models.currentVersion else { return }
            parts.append("models:/\(version.name)/\(version.version)")
            if !version.source.isEmpty { parts.append("source " + version.source) }
            if let runId = version.runId, !runId.isEmpty { parts.append("run " + runId) }
            if !version.description.isEmpty { parts.append(firstLine(version.description)) }
        } else {
            guard let model = models.currentModel else { return }
            parts.append("models:/\(model.name)" + (models.latest[model.name].map { "/" + $0 } ?? ""))
            if !model.description.isEmpty { parts.append(firstLine(model.description)) }
        }
        let text = SafeText.sanitize(parts.joined(separator: "  "))
        buffer.put(DisplayWidth.truncate(text, to: rect.width, ellipsis: context.symbols.ellipsis), x: rect.x, y: rect.y, maxWidth: rect.width, style: context[.dim])
    }
}
