import Dashboard
import MLflowCore
import Testing
import TerminalCore

/// The dashboard keeps the user's place: the selected run is read from one place, cursors follow
/// ids, loaded runs are kept, and the status line shows the newest outcome.
@Suite struct PlaceTests {
    // MARK: The selected run

    @Test func chartingARunFromTheListNamesThatRunAndGoesBackToTheList() {
        var state = stateWithRuns([makeRun("a", name: "first", metrics: ["loss": 1]), makeRun("b", name: "second", metrics: ["loss": 2])])
        // Open the first run's detail, then go back to the list.
        _ = reduce(&state, .openSelected)
        #expect(state.focus == .detail)
        #expect(state.detail.runId == "a")
        _ = reduce(&state, .goBack)
        #expect(state.focus == .runs)
        // `c` on the second run charts the second run.
        _ = reduce(&state, .moveDown)
        _ = reduce(&state, .key(.char("c")))
        #expect(state.focus == .chart)
        #expect(state.chart.runId == "b")
        #expect(state.focusedRunId == "b")
        #expect(state.focusedRunName == "second")
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(), into: &buffer)
        let title = buffer.text().split(separator: "\n").first.map(String.init) ?? ""
        #expect(title.contains("second"))
        #expect(!title.contains("first"))
        // `y` copies the charted run's id, and `Esc` goes back to the list, not to the first run's detail.
        #expect(reduce(&state, .copySelectedRunId) == [.copyToClipboard("b")])
        _ = reduce(&state, .goBack)
        #expect(state.focus == .runs)
        #expect(state.runs.selected?.info.runId == "b")
    }

    @Test func chartingFromTheDetailGoesBackToTheDetail() {
        var state = stateWithRuns([makeRun("a", metrics: ["loss": 1])])
        _ = reduce(&state, .openSelected)
        if case .loadRun(let id, _)? = reduce(&state, .refreshNow).last {
            _ = reduce(&state, .runLoaded(requestId: id, makeRun("a", metrics: ["loss": 1])))
        }
        _ = reduce(&state, .openChart)
        #expect(state.focus == .chart)
        #expect(state.chart.returnTo == .detail)
        _ = reduce(&state, .goBack)
        #expect(state.focus == .detail)
    }

    // MARK: Cursors follow ids

    @Test func showingDeletedExperimentsKeepsTheCursorOnTheSameExperiment() {
        var state = loadedState(experiments: [
            Experiment(experimentId: "1", name: "alpha"), Experiment(experimentId: "2", name: "beta"),
        ])
        _ = reduce(&state, .moveDown)
        _ = reduce(&state, .tick(now: state.now + 200))
        #expect(state.experiments.selected?.experimentId == "2")
        #expect(state.runs.experimentIds == ["2"])
        let runsBefore = state.runs
        let effects = reduce(&state, .toggleDeletedExperiments)
        guard case .loadExperiments(let id, .all)? = effects.last else {
            Issue.record("expected a load of every experiment, got \(effects)")
            return
        }
        // A deleted experiment now sorts before both: the cursor stays on "beta", not on row 2.
        let effects2 = reduce(&state, .experimentsLoaded(requestId: id, [
            Experiment(experimentId: "1", name: "alpha"), Experiment(experimentId: "9", name: "gone", lifecycleStage: .deleted),
            Experiment(experimentId: "2", name: "beta"),
        ]))
        #expect(state.experiments.selected?.experimentId == "2")
        // The runs pane was not reloaded: the experiment under the cursor did not change.
        #expect(!effects2.contains { if case .loadRuns = $0 { true } else { false } })
        #expect(state.runs.experimentIds == runsBefore.experimentIds)
        #expect(state.runs.load == runsBefore.load)
    }

    // MARK: Loaded runs are kept

    @Test func comingBackToAnExperimentShowsItsRunsAtOnceAndRefreshesThemBehind() {
        var state = loadedState()
        guard let first = openRuns(&state) else {
            Issue.record("no runs request")
            return
        }
        let alphaRuns = (0..<300).map { makeRun("a\($0)", start: Int64($0)) }
        _ = reduce(&state, .runsPageLoaded(requestId: first, alphaRuns, done: true))
        _ = reduce(&state, .moveDown)
        _ = reduce(&state, .moveDown)
        let chosen = state.runs.selected?.info.runId
        // Over to beta and back.
        _ = reduce(&state, .goBack)
        _ = reduce(&state, .moveDown)
        _ = reduce(&state, .openSelected)
        #expect(state.runs.experimentIds == ["2"])
        #expect(state.runs.runs.isEmpty)
        _ = reduce(&state, .goBack)
        _ = reduce(&state, .moveUp)
        let effects = reduce(&state, .openSelected)
        #expect(state.runs.experimentIds == ["1"])
        // At once: every run, complete, with the cursor where it was.
        #expect(state.runs.runs.count == 300)
        #expect(state.runs.complete)
        #expect(state.runs.selected?.info.runId == chosen)
        // And refreshed behind the table: pages gather apart until the reload is complete.
        guard let reload = runsRequestId(effects) else {
            Issue.record("no refresh behind the table: \(effects)")
            return
        }
        #expect(state.runs.reloading == [])
        _ = reduce(&state, .runsPageLoaded(requestId: reload, [makeRun("new", start: 999)], done: false))
        #expect(state.runs.runs.count == 300)
        _ = reduce(&state, .runsPageLoaded(requestId: reload, alphaRuns, done: true))
        #expect(state.runs.runs.count == 301)
        #expect(state.runs.reloading == nil)
        #expect(state.runs.selected?.info.runId == chosen)
        #expect(state.runs.load == .loaded)
    }

    @Test func aFailedReloadBehindTheTableKeepsTheList() {
        var state = stateWithRuns([makeRun("a"), makeRun("b")])
        let effects = reduce(&state, .refreshNow)
        guard let reload = runsRequestId(effects) else {
            Issue.record("no reload")
            return
        }
        _ = reduce(&state, .requestFailed(requestId: reload, message: "connection refused"))
        #expect(state.runs.runs.count == 2)
        #expect(state.runs.load == .loaded)
        #expect(state.status.error == "connection refused")
    }

    @Test func clearingAFilterShowsTheUnfilteredRunsAtOnce() {
        var state = stateWithRuns((0..<5).map { makeRun("r\($0)") })
        _ = reduce(&state, .runCommand("filter metrics.acc > 0.5"))
        #expect(state.runs.runs.isEmpty)
        _ = reduce(&state, .runCommand("filter "))
        #expect(state.runs.runs.count == 5)
    }

    @Test func sortingNeverAsksTheStoreAgain() {
        var state = stateWithRuns([makeRun("a", start: 1, metrics: ["loss": 2]), makeRun("b", start: 2, metrics: ["loss": 1])])
        #expect(reduce(&state, .runCommand("sort metrics.loss asc")) == [])
        #expect(state.runs.runs.count == 2)
        #expect(rowNames(state) == ["run-b", "run-a"])
        // Another experiment opened with that sort: the query asks for the store's order.
        _ = reduce(&state, .goBack)
        _ = reduce(&state, .moveDown)
        let effects = reduce(&state, .openSelected)
        guard case .loadRuns(_, let query, _, _, _)? = effects.first(where: { if case .loadRuns = $0 { true } else { false } }) else {
            Issue.record("no load: \(effects)")
            return
        }
        #expect(query.orderBy.isEmpty)
    }

    @Test func theCacheDropsTheLeastRecentlyUsedPastItsLimit() {
        var cache = RunsCache()
        cache.maxRuns = 10
        let key = { (id: String) in RunsCache.Key(experimentIds: [id], filter: "") }
        let entry = { (count: Int) in RunsCache.Entry(runs: (0..<count).map { makeRun("r\($0)") }, selectedRunId: nil, scroll: 0) }
        cache.store(entry(4), for: key("1"))
        cache.store(entry(4), for: key("2"))
        _ = cache.entry(for: key("1"))
        cache.store(entry(4), for: key("3"))
        #expect(cache.entry(for: key("2")) == nil)
        #expect(cache.entry(for: key("1"))?.runs.count == 4)
        #expect(cache.entry(for: key("3"))?.runs.count == 4)
    }

    // MARK: The sorted column

    @Test func theSortedColumnCarriesAnArrow() {
        var state = stateWithRuns([makeRun("a", metrics: ["loss": 2]), makeRun("b", metrics: ["loss": 1])])
        state.size = Size(width: 120, height: 20)
        _ = reduce(&state, .goBack)
        _ = reduce(&state, .openSelected)
        func header() -> String {
            var buffer = CellBuffer(size: state.size)
            render(state, RenderContext(), into: &buffer)
            return buffer.text().split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        }
        // The store's order is newest first.
        #expect(header().contains("Started ▼"))
        _ = reduce(&state, .runCommand("sort metrics.loss asc"))
        #expect(header().contains("loss ▲"))
        #expect(!header().contains("Started ▼"))
        _ = reduce(&state, .reverseSort)
        #expect(header().contains("loss ▼"))
        var ascii = CellBuffer(size: state.size)
        render(state, RenderContext(symbols: .ascii), into: &ascii)
        #expect(ascii.text().contains("loss v"))
    }

    @Test func theSortedColumnShowsEvenWhenItWouldNotFit() {
        let metrics = Dictionary(uniqueKeysWithValues: (0..<12).map { ("metric_\($0)", Double($0)) })
        var state = stateWithRuns([makeRun("a", metrics: metrics), makeRun("b", metrics: metrics.mapValues { $0 + 1 })])
        _ = reduce(&state, .runCommand("sort metrics.metric_11 desc"))
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(), into: &buffer)
        let header = buffer.text().split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        #expect(header.contains("metric_11 ▼"), "at 80 columns: \(header)")
        // And by a metric no column shows.
        _ = reduce(&state, .runCommand("columns metrics.metric_0"))
        _ = reduce(&state, .runCommand("sort metrics.metric_5 asc"))
        var again = CellBuffer(size: state.size)
        render(state, RenderContext(), into: &again)
        #expect(again.text().split(separator: "\n").dropFirst(2).first?.contains("metric_5 ▲") == true)
    }

    @Test func aMetricAndAParamOfOneNameGetDistinctHeaders() {
        var state = stateWithRuns([makeRun("a", metrics: ["lr": 2], params: ["lr": "0.1"]), makeRun("b", metrics: ["lr": 1], params: ["lr": "0.2"])])
        state.size = Size(width: 140, height: 20)
        _ = reduce(&state, .runCommand("columns metrics.lr params.lr tags.team"))
        var buffer = CellBuffer(size: state.size)
        render(state, RenderContext(), into: &buffer)
        let header = buffer.text().split(separator: "\n").dropFirst(2).first.map(String.init) ?? ""
        #expect(header.contains("metrics.lr"))
        #expect(header.contains("params.lr"))
        #expect(header.contains("team"))
        #expect(state.runs.columns == [.metric("lr"), .param("lr"), .tag("team")])
    }

    // MARK: The status line

    @Test func theNewestOutcomeIsShownNotAnOlderError() {
        var state = stateWithRuns([makeRun("a", metrics: ["loss": 1])])
        _ = reduce(&state, .runCommand("sort nonsense!"))
        #expect(state.status.error?.hasPrefix("sort:") == true)
        _ = reduce(&state, .runCommand("sort metrics.loss asc"))
        #expect(state.status.error == nil)
        #expect(state.status.message == "sorted by metrics.loss ASC")
    }

    @Test(arguments: [
        ("0.01", "refresh: 0.01 s is too short; the minimum is 1 s"),
        ("1e30", "refresh: 1e30 s is too long; the maximum is 86400 s (a day)"),
        ("nan", "refresh: 'nan' is not a number of seconds"),
        ("-5", "refresh: -5 s is too short; the minimum is 1 s"),
        ("soon", "refresh: 'soon' is not a number of seconds"),
        ("", "refresh: '' is not a number of seconds"),
    ])
    func refreshRefusesValuesOutsideItsBoundsNamingThem(_ value: String, _ message: String) {
        var state = stateWithRuns([makeRun("a")])
        let before = state.live.interval
        _ = reduce(&state, .runCommand("refresh \(value)"))
        #expect(state.status.error == message)
        #expect(state.live.interval == before)
    }

    @Test func refreshTakesSecondsWithinItsBounds() {
        var state = stateWithRuns([makeRun("a")])
        _ = reduce(&state, .runCommand("refresh 2.5"))
        #expect(state.live.interval == 2_500)
        #expect(state.status.error == nil)
    }

    // MARK: Smaller things

    @Test func tabOnAnAmbiguousSortPrefixListsTheCandidates() {
        var state = stateWithRuns([makeRun("a", metrics: ["loss": 1, "lr_x": 2])])
        _ = reduce(&state, .beginCommand)
        for c in "sort metrics.l" { _ = reduce(&state, .key(.char(c))) }
        _ = reduce(&state, .key(.tab))
        #expect(state.commandDraft == "sort metrics.l")
        #expect(state.status.message == "metrics.loss  metrics.lr_x")
        _ = reduce(&state, .key(.char("o")))
        _ = reduce(&state, .key(.tab))
        #expect(state.commandDraft == "sort metrics.loss ")
    }

    @Test func helpExplainsTheSigns() {
        let lines = HelpOverlay.helpLines(.unicode)
        #expect(lines.contains("Signs"))
        #expect(lines.contains { $0.contains("▶ running") && $0.contains("✘ failed") && $0.contains("◷ scheduled") })
        #expect(lines.contains { $0.contains("≈") && $0.contains("approximate") })
        #expect(HelpOverlay.helpLines(.ascii).contains { $0.contains("> running") })
    }

    @Test func theExperimentsPaneGrowsWithAWideScreen() {
        #expect(DashboardLayout(size: Size(width: 160, height: 40)).side?.width == 44)
        #expect(DashboardLayout(size: Size(width: 240, height: 40)).side?.width == 60)
        #expect(DashboardLayout(size: Size(width: 120, height: 40)).side?.width == 36)
    }

    @Test func runsWhoseParentLinksFormACycleAreStillShown() {
        let state = stateWithRuns([
            makeRun("a", name: "a", start: 3, parent: "b"), makeRun("b", name: "b", start: 2, parent: "a"),
            makeRun("s", name: "self", start: 1, parent: "s"), makeRun("c", name: "child-of-a", start: 0, parent: "a"),
        ])
        #expect(state.runs.rows.count == 4)
        #expect(Set(rowNames(state).map { $0.trimmingCharacters(in: .whitespaces) }) == ["a", "b", "self", "child-of-a"])
    }

    @Test func aRetriedRequestIsSaidAtOnceWithItsAttempt() {
        var state = loadedState()
        let notice = RetryNotice(retry: 1, maxRetries: 7, delaySeconds: 0, reason: "connection refused", server: "http://u:secret@127.0.0.1:5099")
        _ = reduce(&state, .storeRetrying(notice))
        #expect(state.status.error == "connection refused: http://127.0.0.1:5099 (retrying, attempt 2 of 8)")
        // A long wait keeps it on screen until the retry is due.
        _ = reduce(&state, .storeRetrying(RetryNotice(retry: 4, maxRetries: 7, delaySeconds: 16, reason: "connection refused", server: "http://127.0.0.1:5099")))
        _ = reduce(&state, .tick(now: state.now + 12_000))
        #expect(state.status.error == "connection refused: http://127.0.0.1:5099 (retrying, attempt 5 of 8)")
        _ = reduce(&state, .tick(now: state.now + 6_000))
        #expect(state.status.error == nil)
    }
}
