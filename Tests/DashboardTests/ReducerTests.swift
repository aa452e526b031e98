import Dashboard
import MLflowCore
import Testing
import TerminalCore

@Suite struct ReducerTests {
    @Test func startAsksForActiveExperiments() {
        var state = DashboardState(storeURI: "x", size: Size(width: 80, height: 24), now: 0)
        let effects = reduce(&state, .start)
        #expect(effects == [.loadExperiments(requestId: 1, view: .activeOnly)])
        #expect(state.experiments.load == .loading(requestId: 1))
        #expect(state.isLoading)
    }

    @Test func staleExperimentsAreDropped() {
        var state = DashboardState(storeURI: "x", size: Size(width: 80, height: 24), now: 0)
        _ = reduce(&state, .start)
        let second = reduce(&state, .toggleDeletedExperiments)
        #expect(second == [.cancel(requestId: 1), .loadExperiments(requestId: 2, view: .all)])
        _ = reduce(&state, .experimentsLoaded(requestId: 1, [Experiment(experimentId: "9", name: "old")]))
        #expect(state.experiments.all.isEmpty)
        _ = reduce(&state, .experimentsLoaded(requestId: 2, [Experiment(experimentId: "3", name: "new")]))
        #expect(state.experiments.all.map(\.name) == ["new"])
        #expect(state.experiments.load == .loaded)
    }

    @Test func theRunsOfTheFirstExperimentAreAskedForWithTheExperiments() {
        var state = DashboardState(storeURI: "x", size: Size(width: 120, height: 30), now: 0)
        _ = reduce(&state, .start)
        let effects = reduce(&state, .experimentsLoaded(requestId: 1, [Experiment(experimentId: "7", name: "a"), Experiment(experimentId: "8", name: "b")]))
        #expect(effects == [
            .loadRuns(requestId: 2, query: RunQuery(experimentIds: ["7"]), firstPageSize: 100, pageSize: 1_000, pauseAfterFirstPage: 700),
            .loadRunCounts(requestId: 3, experimentIds: ["7", "8"]),
        ])
        #expect(state.focus == .experiments)
        // Opening it uses what the preview asked for.
        #expect(reduce(&state, .key(.enter)) == [])
        #expect(state.focus == .runs)
        #expect(state.runs.load == .loading(requestId: 2))
    }

    @Test func thePreviewFollowsTheCursorOnceItRests() {
        var state = loadedState()
        _ = reduce(&state, .runsPageLoaded(requestId: 2, [makeRun("a")], done: true))
        #expect(reduce(&state, .moveDown) == [])
        #expect(state.experiments.previewDueAt == state.now + 150)
        // Moving on does not push the time back, and a tick before it is due asks for nothing.
        _ = reduce(&state, .moveUp)
        _ = reduce(&state, .moveDown)
        #expect(reduce(&state, .tick(now: state.now + 100)) == [])
        #expect(state.runs.experimentIds == ["1"])
        let effects = reduce(&state, .tick(now: state.now + 100))
        #expect(effects == [.loadRuns(requestId: 4, query: RunQuery(experimentIds: ["2"]), firstPageSize: 100, pageSize: 1_000, pauseAfterFirstPage: 700)])
        #expect(state.runs.experimentIds == ["2"])
        #expect(state.experiments.previewDueAt == nil)
        // Back on the first one before the tick: nothing is due once the runs pane shows it.
        _ = reduce(&state, .moveUp)
        _ = reduce(&state, .moveDown)
        #expect(state.experiments.previewDueAt == nil)
    }

    @Test func openingAnotherExperimentCancelsThePreview() {
        var state = loadedState()
        _ = reduce(&state, .moveDown)
        let effects = reduce(&state, .key(.enter))
        #expect(state.focus == .runs)
        #expect(effects == [.cancel(requestId: 2), .loadRuns(requestId: 4, query: RunQuery(experimentIds: ["2"]), firstPageSize: 100, pageSize: 1_000, pauseAfterFirstPage: 50)])
        #expect(state.experiments.previewDueAt == nil)
    }

    @Test func runCountsComeFromTheStoreOrFromEveryRunLoaded() {
        var state = loadedState()
        #expect(state.experiments.runCounts.isEmpty)
        _ = reduce(&state, .runCountsLoaded(requestId: 99, ["1": 5]))
        #expect(state.experiments.runCounts.isEmpty, "a stale answer is dropped")
        _ = reduce(&state, .runCountsLoaded(requestId: 3, ["1": 5, "2": 0]))
        #expect(state.experiments.runCounts == ["1": 5, "2": 0])
        // A store that cannot count: every active run of one experiment loaded is its count.
        _ = reduce(&state, .runsPageLoaded(requestId: 2, (0..<7).map { makeRun("r\($0)") }, done: true))
        #expect(state.experiments.runCounts["1"] == 7)
        // Filtered runs are not a count.
        _ = reduce(&state, .runCommand("filter metrics.acc > 0.5"))
        if let id = state.runs.load.pendingRequestId { _ = reduce(&state, .runsPageLoaded(requestId: id, [makeRun("r0")], done: true)) }
        #expect(state.experiments.runCounts["1"] == 7)
    }

    @Test func markedExperimentsAreOpenedTogether() {
        var state = loadedState()
        _ = reduce(&state, .key(.char(" ")))
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.experiments.marked == ["1", "2"])
        let effects = reduce(&state, .openSelected)
        #expect(runsRequestId(effects) == 4)
        #expect(state.runs.experimentIds == ["1", "2"])
    }

    @Test func pagesAccumulateWithProgressAndStalePagesAreDropped() {
        var state = loadedState()
        let id = openRuns(&state) ?? -1
        _ = reduce(&state, .runsPageLoaded(requestId: id, [makeRun("a"), makeRun("b")], done: false))
        #expect(state.runs.runs.count == 2)
        #expect(state.runs.complete == false)
        #expect(state.runs.load == .loading(requestId: id))
        _ = reduce(&state, .runsPageLoaded(requestId: id + 100, [makeRun("zz")], done: true))
        #expect(state.runs.runs.count == 2)
        _ = reduce(&state, .runsPageLoaded(requestId: id, [makeRun("c")], done: true))
        #expect(state.runs.runs.map(\.info.runId) == ["a", "b", "c"])
        #expect(state.runs.complete)
        #expect(state.runs.load == .loaded)
    }

    @Test func selectionMovesAndClampsAndScrolls() {
        var state = stateWithRuns((0..<50).map { makeRun(String(format: "r%02d", $0)) })
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.down))
        #expect(state.runs.cursor.selected == 2)
        _ = reduce(&state, .key(.char("G")))
        #expect(state.runs.cursor.selected == 49)
        #expect(state.runs.cursor.scroll == 50 - 19)
        _ = reduce(&state, .key(.pageUp))
        #expect(state.runs.cursor.selected == 49 - 18)
        _ = reduce(&state, .key(.char("g")))
        #expect(state.runs.cursor == ListCursor(selected: 0, scroll: 0))
        _ = reduce(&state, .key(.up))
        #expect(state.runs.cursor.selected == 0)
    }

    @Test func nestedRunsAreIndentedUnderTheirParentAndCollapse() {
        var state = stateWithRuns([
            makeRun("c1", name: "child1", start: 3_000, parent: "p"),
            makeRun("p", name: "parent", start: 1_000),
            makeRun("o", name: "other", start: 2_000),
            makeRun("g", name: "grandchild", start: 4_000, parent: "c1"),
        ])
        #expect(rowNames(state) == ["parent", " child1", "  grandchild", "other"])
        _ = reduce(&state, .key(.char("z")))
        #expect(rowNames(state) == ["parent", "other"])
        #expect(state.runs.rows[0].collapsed)
        _ = reduce(&state, .key(.char("z")))
        #expect(rowNames(state).count == 4)
    }

    @Test func textFilterAppliesAsTypedAndEscClearsIt() {
        var state = stateWithRuns([makeRun("1", name: "bert-base"), makeRun("2", name: "gpt"), makeRun("3", name: "bert-large")])
        _ = reduce(&state, .key(.char("f")))
        #expect(state.input == .runTextFilter)
        for c in "bert" { _ = reduce(&state, .key(.char(c))) }
        #expect(rowNames(state) == ["bert-base", "bert-large"])
        _ = reduce(&state, .key(.backspace))
        #expect(state.runs.textFilter == "ber")
        _ = reduce(&state, .key(.escape))
        #expect(state.input == .none)
        #expect(rowNames(state).count == 3)
    }

    @Test func searchFilterShowsItsErrorPositionAndAppliesOnlyWhenValid() {
        var state = stateWithRuns([makeRun("1")])
        _ = reduce(&state, .key(.char("/")))
        for c in "metrics.acc >" { _ = reduce(&state, .key(.char(c))) }
        #expect(state.runs.searchError != nil)
        #expect(reduce(&state, .key(.enter)).isEmpty)
        #expect(state.input == .runSearchFilter)
        #expect(state.status.error?.hasPrefix("filter: ") == true)
        for c in " 0.9" { _ = reduce(&state, .key(.char(c))) }
        #expect(state.runs.searchError == nil)
        let effects = reduce(&state, .key(.enter))
        #expect(state.input == .none)
        #expect(state.runs.searchFilter == "metrics.acc > 0.9")
        guard case .loadRuns(_, let query, _, _, _)? = effects.last else {
            Issue.record("expected a load, got \(effects)")
            return
        }
        #expect(query.filter == "metrics.acc > 0.9")
        #expect(query.experimentIds == ["1"])
    }

    @Test func searchErrorCarriesThePosition() throws {
        var state = stateWithRuns([makeRun("1")])
        _ = reduce(&state, .runCommand("filter params.lr = '1' and foo.x = 2"))
        let error = try #require(state.runs.searchError)
        #expect(error.input == "params.lr = '1' and foo.x = 2")
        #expect(error.position == 20)
    }

    @Test func sortCyclesAndReversesLocally() {
        var state = stateWithRuns([
            makeRun("1", name: "b", start: 1, metrics: ["loss": 0.5]),
            makeRun("2", name: "a", start: 3, metrics: ["loss": 0.1]),
            makeRun("3", name: "c", start: 2, metrics: ["loss": 0.9]),
        ])
        #expect(rowNames(state) == ["b", "a", "c"])
        #expect(reduce(&state, .key(.char("s"))).isEmpty)
        #expect(rowNames(state) == ["a", "c", "b"])
        _ = reduce(&state, .key(.char("s")))
        #expect(rowNames(state) == ["a", "b", "c"])
        _ = reduce(&state, .key(.char("S")))
        #expect(rowNames(state) == ["c", "b", "a"])
        _ = reduce(&state, .runCommand("sort metrics.loss desc"))
        #expect(state.runs.sort == [OrderBy(key: .metric("loss"), ascending: false)])
        #expect(rowNames(state) == ["c", "b", "a"])
        #expect(state.status.message == "sorted by metrics.loss DESC")
    }

    @Test func selectionFollowsTheRunAcrossSortAndRefresh() {
        var state = stateWithRuns([
            makeRun("1", name: "b", start: 1, status: .running),
            makeRun("2", name: "a", start: 3),
        ])
        _ = reduce(&state, .moveDown)
        #expect(state.runs.selected?.info.runId == "2")
        _ = reduce(&state, .runCommand("sort attributes.run_name asc"))
        #expect(state.runs.cursor.selected == 0)
        #expect(state.runs.selected?.info.runId == "2")
        state.live.lastRefresh = state.now
        #expect(reduce(&state, .tick(now: state.now + 1_000)).isEmpty)
        let effects = reduce(&state, .tick(now: state.now + 5_000))
        #expect(effects == [.refreshRuns(requestId: 4, experimentIds: ["1"], runIds: ["1"])])
        #expect(reduce(&state, .tick(now: state.now + 10_000)).isEmpty, "one refresh at a time")
        _ = reduce(&state, .runsRefreshed(requestId: 4, [makeRun("1", name: "b", start: 1, status: .finished)]))
        #expect(state.runs.runs[0].info.status == .finished)
        #expect(state.runs.selected?.info.runId == "2")
        #expect(!state.runs.hasActiveRuns)
    }

    @Test func autoRefreshCanBeTurnedOff() {
        var state = stateWithRuns([makeRun("1", status: .running)])
        _ = reduce(&state, .key(.char("R")))
        #expect(state.live.auto == false)
        #expect(reduce(&state, .tick(now: state.now + 60_000)).isEmpty)
    }

    @Test func errorsShowInTheStatusLineAndExpire() {
        var state = loadedState()
        let id = openRuns(&state) ?? -1
        _ = reduce(&state, .requestFailed(requestId: id, message: "connection failed: refused"))
        #expect(state.runs.load == .failed("connection failed: refused"))
        #expect(state.status.error == "connection failed: refused")
        _ = reduce(&state, .tick(now: state.now + StatusMessages.errorLifetime - 1))
        #expect(state.status.error != nil)
        _ = reduce(&state, .tick(now: state.now + 1))
        #expect(state.status.error == nil)
        _ = reduce(&state, .requestFailed(requestId: 999, message: "stale"))
        #expect(state.status.error == nil)
    }

    @Test func openingARunLoadsItThenItsSparklines() {
        var state = stateWithRuns([makeRun("r1", metrics: ["acc": 0.9, "loss": 0.2])])
        let effects = reduce(&state, .key(.enter))
        #expect(state.focus == .detail)
        #expect(effects == [.loadRun(requestId: 4, runId: "r1")])
        #expect(state.detail.run?.info.runId == "r1", "the row's run shows until the full one arrives")
        let next = reduce(&state, .runLoaded(requestId: 4, makeRun("r1", metrics: ["acc": 0.9, "loss": 0.2])))
        #expect(next == [
            .loadMetricHistories(requestId: 5, runId: "r1", keys: ["acc", "loss"], maxPoints: 100),
            .loadMetricSummaries(requestId: 6, runId: "r1", keys: ["acc", "loss"]),
        ])
        _ = reduce(&state, .key(.down))
        let chart = reduce(&state, .key(.enter))
        #expect(state.focus == .chart)
        #expect(state.chart.key == "loss")
        #expect(chart == [.loadChartHistory(requestId: 7, runId: "r1", key: "loss", maxPoints: 1_000)])
        _ = reduce(&state, .key(.escape))
        #expect(state.focus == .detail)
        _ = reduce(&state, .key(.escape))
        #expect(state.focus == .runs)
    }

    @Test func chartViewControls() {
        var state = stateWithRuns([makeRun("r1", metrics: ["acc": 0.9])])
        _ = reduce(&state, .openChart)
        #expect(state.focus == .chart)
        _ = reduce(&state, .key(.char("x")))
        #expect(state.chart.xAxis == .wallTime)
        _ = reduce(&state, .key(.char("L")))
        #expect(state.chart.logY)
        _ = reduce(&state, .key(.char("+")))
        #expect(state.chart.zoom == 0.5)
        #expect(state.chart.pan == 0.25)
        _ = reduce(&state, .key(.right))
        #expect(state.chart.pan == 0.375)
        _ = reduce(&state, .key(.right))
        _ = reduce(&state, .key(.right))
        #expect(state.chart.pan == 0.5)
        _ = reduce(&state, .key(.char("0")))
        #expect(state.chart.zoom == 1 && state.chart.pan == 0)
        _ = reduce(&state, .key(.char("e")))
        #expect(state.chart.smoothing == 0.6)
    }

    @Test func copyAndQuit() {
        var state = stateWithRuns([makeRun("abc")])
        #expect(reduce(&state, .key(.char("y"))) == [.copyToClipboard("abc")])
        #expect(reduce(&state, .key(.char("q"))) == [.quit])
        #expect(state.quitting)
    }

    @Test func helpSwallowsKeysUntilClosed() {
        var state = stateWithRuns([makeRun("a"), makeRun("b")])
        _ = reduce(&state, .key(.char("?")))
        #expect(state.showHelp)
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char("k")))
        #expect(state.helpScroll == 1)
        _ = reduce(&state, .key(.char("G")))
        #expect(state.runs.cursor.selected == 0, "keys do not reach the pane under the help")
        #expect(reduce(&state, .key(.char("q"))).isEmpty)
        #expect(!state.showHelp)
        #expect(!state.quitting)
    }

    @Test func commandLineCompletes() {
        #expect(DashboardCommands.complete("so", columns: []) == "sort ")
        #expect(DashboardCommands.complete("sort metrics.l", columns: ["metrics.loss", "metrics.lr_x"]) == "sort metrics.l")
        #expect(DashboardCommands.complete("sort metrics.lo", columns: ["metrics.loss", "metrics.lr_x"]) == "sort metrics.loss ")
    }

    @Test func defaultColumnsAreTheMostVarying() {
        let runs = (0..<10).map { i in
            makeRun("\(i)", metrics: ["acc": Double(i), "const": 1, "loss": Double(i % 3)], params: ["lr": "\(i)", "opt": "adam"])
        }
        #expect(RunColumns.mostVarying(runs, metrics: 2, params: 1) == [.metric("acc"), .metric("loss"), .param("lr")])
    }

    @Test func startCanOpenAnExperimentByNameAndARun() {
        var state = DashboardState(storeURI: "x", size: Size(width: 80, height: 24), now: 0)
        state.openExperimentOnLoad = "beta"
        state.openRunOnLoad = "r2"
        _ = reduce(&state, .start)
        let effects = reduce(&state, .experimentsLoaded(requestId: 1, [
            Experiment(experimentId: "1", name: "alpha"), Experiment(experimentId: "2", name: "beta"),
        ]))
        #expect(state.focus == .runs)
        #expect(effects == [
            .loadRuns(requestId: 2, query: RunQuery(experimentIds: ["2"]), firstPageSize: 100, pageSize: 1_000, pauseAfterFirstPage: 50),
            .loadRunCounts(requestId: 3, experimentIds: ["1", "2"]),
        ])
        #expect(reduce(&state, .runsPageLoaded(requestId: 2, [makeRun("r1")], done: false)).isEmpty)
        let open = reduce(&state, .runsPageLoaded(requestId: 2, [makeRun("r2"), makeRun("r3")], done: true))
        #expect(open == [.loadRun(requestId: 4, runId: "r2")])
        #expect(state.focus == .detail)
        #expect(state.openRunOnLoad == nil)
    }

    @Test func anUnknownStartExperimentIsReported() {
        var state = DashboardState(storeURI: "x", size: Size(width: 80, height: 24), now: 0)
        state.openExperimentOnLoad = "nope"
        _ = reduce(&state, .start)
        let effects = reduce(&state, .experimentsLoaded(requestId: 1, [Experiment(experimentId: "1", name: "alpha")]))
        #expect(effects == [.loadRunCounts(requestId: 2, experimentIds: ["1"])])
        #expect(state.status.error == "no experiment nope")
        #expect(state.focus == .experiments)
    }
}

@Suite struct ColumnPickerTests {
    func stateWithColumns() -> DashboardState {
        stateWithRuns((0..<4).map {
            makeRun("r\($0)", metrics: ["acc": Double($0), "loss": 1 / Double($0 + 1)], params: ["lr": "0.\($0)", "seed": "1"])
        })
    }

    @Test func picksColumnsInTheOrderTheyArePicked() {
        var state = stateWithColumns()
        _ = reduce(&state, .key(.enter))  // opens the run: `C` belongs to the runs pane only
        _ = reduce(&state, .key(.char("C")))
        #expect(state.columnPicker == nil)
        _ = reduce(&state, .key(.escape))
        _ = reduce(&state, .key(.char("C")))
        let picker = try? #require(state.columnPicker)
        #expect(picker?.candidates == [.metric("acc"), .metric("loss"), .param("lr"), .param("seed")])
        #expect(picker?.chosen == state.runs.columns)
        // Drop everything shown, then pick seed and acc, in that order.
        for column in state.runs.columns {
            let index = state.columnPicker?.candidates.firstIndex(of: column) ?? 0
            state.columnPicker?.cursor.select(index, count: 4)
            _ = reduce(&state, .key(.char(" ")))
        }
        #expect(state.columnPicker?.chosen == [])
        _ = reduce(&state, .key(.char("G")))  // not a picker key: nothing happens
        _ = reduce(&state, .key(.char("g")))
        state.columnPicker?.cursor.select(0, count: 4)
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.down))
        _ = reduce(&state, .key(.char("j")))
        _ = reduce(&state, .key(.char(" ")))
        _ = reduce(&state, .key(.char("k")))
        _ = reduce(&state, .key(.char("k")))
        _ = reduce(&state, .key(.char("k")))
        _ = reduce(&state, .key(.char(" ")))
        #expect(state.columnPicker?.chosen == [.param("seed"), .metric("acc")])
        #expect(state.focus == .runs)
        _ = reduce(&state, .key(.enter))
        #expect(state.columnPicker == nil)
        #expect(state.runs.columns == [.param("seed"), .metric("acc")])
        #expect(state.runs.columnsChosen)
        #expect(state.focus == .runs, "Enter applied the picker, it did not open a run")
    }

    @Test func escapeCancelsAndNoneChosenMeansTheDefaults() {
        var state = stateWithColumns()
        let before = state.runs.columns
        _ = reduce(&state, .key(.char("C")))
        _ = reduce(&state, .key(.char(" ")))
        _ = reduce(&state, .key(.escape))
        #expect(state.columnPicker == nil)
        #expect(state.runs.columns == before)
        _ = reduce(&state, .runCommand("columns params.seed"))
        _ = reduce(&state, .key(.char("C")))
        #expect(state.columnPicker?.chosen == [.param("seed")])
        state.columnPicker?.cursor.select(3, count: 4)
        _ = reduce(&state, .key(.char(" ")))
        _ = reduce(&state, .key(.enter))
        #expect(state.runs.columns == RunColumns.mostVarying(state.runs.runs))
        #expect(!state.runs.columnsChosen)
        // Ctrl-C still quits from the picker.
        _ = reduce(&state, .key(.char("C")))
        #expect(reduce(&state, .key(.ctrl("c"))) == [.quit])
        #expect(state.quitting)
    }

    /// Ctrl-Z asks the loop to suspend from every pane, the picker and a prompt; `.resumed` clears it
    /// and nothing else changes.
    @Test func ctrlZAsksToSuspendFromAnywhere() {
        var state = loadedState()
        let before = state
        #expect(reduce(&state, .key(.ctrl("z"))) == [])
        #expect(state.suspendRequested)
        _ = reduce(&state, .resumed)
        #expect(state == before)
        _ = reduce(&state, .key(.char("/")))
        _ = reduce(&state, .key(.char("x")))
        _ = reduce(&state, .key(.ctrl("z")))
        #expect(state.suspendRequested)
        #expect(state.experiments.filter == "x")
        // And from the column picker, which stays open.
        var picking = stateWithRuns([makeRun("r1", metrics: ["loss": 1])])
        _ = reduce(&picking, .key(.char("C")))
        #expect(picking.columnPicker != nil)
        _ = reduce(&picking, .key(.ctrl("z")))
        #expect(picking.suspendRequested)
        #expect(picking.columnPicker != nil)
    }
}

@Suite struct InfinityTests {
    /// Every store gives back a logged infinity as infinity (the SQL stores' ±1.8e308 is undone where
    /// they read it); the dashboard shows it as such, so it rules neither min, max nor the best step.
    @Test func infinitiesAreShownAndRuleNoExtreme() {
        let big = Double.infinity
        var state = stateWithRuns([makeRun("r1", metrics: ["loss": big])])
        #expect(state.runs.runs[0].metrics[0].value == .infinity)
        _ = reduce(&state, .key(.enter))
        let detailId = state.detail.load.pendingRequestId ?? -1
        let effects = reduce(&state, .runLoaded(requestId: detailId, makeRun("r1", metrics: ["loss": -big])))
        #expect(state.detail.run?.metrics.first?.value == -.infinity)
        guard case .loadMetricHistories(let historyId, _, _, _)? = effects.first else {
            Issue.record("no history request")
            return
        }
        let history = [1.0, big, 0.5, -big, 0.25].enumerated().map { Metric(key: "loss", value: $1, timestamp: 0, step: Int64($0)) }
        _ = reduce(&state, .metricHistoriesLoaded(requestId: historyId, ["loss": history]))
        #expect(state.detail.histories["loss"]?.map(\.value) == [1.0, .infinity, 0.5, -.infinity, 0.25])
        // The detail's min and max leave them out; the best step is that of 0.25.
        state.size = Size(width: 120, height: 40)
        let detail = Scenes.draw(state).text()
        #expect(!detail.contains("e308"))
        #expect(detail.contains("≈0.25         ≈1       ≈4"))
        let chart = reduce(&state, .key(.enter))
        guard case .loadChartHistory(let chartId, _, _, _)? = chart.first else {
            Issue.record("no chart request")
            return
        }
        _ = reduce(&state, .chartHistoryLoaded(requestId: chartId, history))
        #expect(state.chart.points.map(\.value) == [1.0, .infinity, 0.5, -.infinity, 0.25])
        // The chart's scale is the finite values'; the infinities are markers.
        #expect(!Scenes.draw(state).text().contains("e308"))
    }
}
