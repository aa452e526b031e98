@testable import Dashboard
import MLflowCore
import Testing
import TerminalCore

@Suite struct ModelsReducerTests {
    static let size = Size(width: 80, height: 24)

    func modelsWork(_ effects: [Effect]) -> [ModelsEffect] {
        effects.compactMap { if case .models(let work) = $0 { work } else { nil } }
    }

    @Test func mOpensTheModelsAndAsksForThem() throws {
        var state = Scenes.base(Self.size)
        let effects = reduce(&state, .key(.char("M")))
        #expect(state.focus == .models)
        #expect(state.models.returnTo == .experiments)
        let work = modelsWork(effects)
        guard case .loadModels(let id)? = work.first, work.count == 1 else {
            Issue.record("expected one loadModels, got \(work)")
            return
        }
        #expect(state.models.isLoading)
        #expect(state.models.crumbs == ["models"])
        _ = reduce(&state, .models(.modelsLoaded(requestId: id, ModelsScenes.models)))
        #expect(state.models.modelsLoad == .loaded)
        #expect(state.models.selectedModel == "fixture-model")
        #expect(state.models.latestLoad.isLoading, "the newest versions come after the models")
        _ = reduce(&state, .models(.latestLoaded(requestId: id, ["fixture-model": "4"], done: false)))
        _ = reduce(&state, .models(.latestLoaded(requestId: id, ["日本語-モデル": "2"], done: true)))
        #expect(state.models.latest == ["fixture-model": "4", "日本語-モデル": "2"])
        #expect(!state.models.isLoading)
    }

    @Test func staleAnswersAreDropped() {
        var state = ModelsScenes.opened(Self.size, answer: false)
        guard case .loadModels(let first)? = modelsWork(reduce(&state, .key(.char("r")))).first else {
            Issue.record("r asks again")
            return
        }
        let effects = reduce(&state, .key(.char("r")))
        #expect(effects.contains(.cancel(requestId: first)))
        _ = reduce(&state, .models(.modelsLoaded(requestId: first, ModelsScenes.models)))
        _ = reduce(&state, .models(.latestLoaded(requestId: first, ModelsScenes.latest, done: true)))
        #expect(state.models.models.isEmpty)
        #expect(state.models.latest.isEmpty)
        #expect(state.models.modelsLoad.isLoading)
    }

    @Test func theCursorFollowsTheModelsNameAcrossAReload() {
        var state = ModelsScenes.opened(Self.size)
        ModelsScenes.type(&state, [.char("G")])
        #expect(state.models.selectedModel == "日本語-モデル")
        let effects = reduce(&state, .key(.char("r")))
        guard case .loadModels(let id)? = modelsWork(effects).first else {
            Issue.record("r reloads the models")
            return
        }
        let more = [RegisteredModel(name: "a-new-model")] + ModelsScenes.models
        _ = reduce(&state, .models(.modelsLoaded(requestId: id, more)))
        #expect(state.models.selectedModel == "日本語-モデル")
        #expect(state.models.modelRow == 4)
        // The model under the cursor is gone: the cursor lands on the first.
        let id2 = modelsWork(reduce(&state, .key(.char("r")))).compactMap { if case .loadModels(let id) = $0 { id } else { nil } }.first ?? -1
        _ = reduce(&state, .models(.modelsLoaded(requestId: id2, Array(more.prefix(2)))))
        #expect(state.models.selectedModel == "a-new-model")
    }

    @Test func slashFiltersByNameAsYouType() {
        var state = ModelsScenes.opened(Self.size)
        ModelsScenes.type(&state, [.char("j")])
        #expect(state.models.selectedModel == ModelsScenes.evil)
        ModelsScenes.type(&state, [.char("/"), .char("M"), .char("o"), .char("D")])
        #expect(state.models.filtering)
        #expect(state.models.filter == "MoD")
        // Case-insensitive, anywhere in the name; the cursor moves to a model still shown.
        #expect(state.models.visibleModels.map(\.name) == ["fixture-model"])
        #expect(state.models.selectedModel == "fixture-model")
        // Keys are typed, not bound, while the filter is open: `q` does not quit.
        ModelsScenes.type(&state, [.backspace, .backspace, .backspace, .char("q")])
        #expect(state.models.filter == "q" && !state.quitting)
        #expect(state.models.visibleModels.isEmpty)
        ModelsScenes.type(&state, [.backspace, .char("-"), .enter])
        #expect(!state.models.filtering)
        #expect(state.models.filter == "-")
        #expect(state.models.visibleModels.count == 3)
        // Esc drops the filter first, then leaves the room.
        ModelsScenes.type(&state, [.escape])
        #expect(state.models.filter.isEmpty && state.focus == .models)
        ModelsScenes.type(&state, [.escape])
        #expect(state.focus == .experiments)
    }

    @Test func enterOpensTheVersionsAndNamesTheirRuns() {
        var state = ModelsScenes.opened(Self.size)
        let effects = reduce(&state, .key(.enter))
        guard case let .loadVersions(id, name)? = modelsWork(effects).first else {
            Issue.record("Enter asks for the versions")
            return
        }
        #expect(name == "fixture-model")
        #expect(state.models.crumbs == ["models", "fixture-model"])
        let next = reduce(&state, .models(.versionsLoaded(requestId: id, name: name, ModelVersion.newestFirst(ModelsScenes.versions))))
        #expect(state.models.versions.map(\.version) == ["5", "4", "3", "2", "1"])
        #expect(state.models.selectedVersion == "5")
        guard case let .loadRunNames(namesId, runIds)? = modelsWork(next).first else {
            Issue.record("the versions' runs are named next")
            return
        }
        #expect(runIds == ["a1f0", "d4c3", "f6a5", "gone1"])
        _ = reduce(&state, .models(.runNamesLoaded(requestId: namesId, names: ["a1f0": "sweep"], gone: ["gone1"])))
        #expect(state.models.runLabel(state.models.versions[2]) == "sweep")
        #expect(state.models.runLabel(state.models.versions[1]) == "d4c3", "an unnamed run shows its id")
        #expect(state.models.runLabel(state.models.versions[4]) == nil)
        #expect(state.models.goneRuns == ["gone1"])
        // Back: the models, the cursor on the model.
        ModelsScenes.type(&state, [.char("h")])
        #expect(state.models.versionsOf == nil && state.focus == .models)
        #expect(state.models.selectedModel == "fixture-model")
    }

    /// Enter on a version: the run is read, then its experiment's runs open with it selected.
    @Test func enterOnAVersionJumpsToItsSourceRunInItsExperiment() throws {
        var state = ModelsScenes.versionsOpened(Self.size)
        #expect(state.models.currentVersion?.version == "5")
        let effects = reduce(&state, .key(.enter))
        guard case let .loadSourceRun(id, runId)? = modelsWork(effects).first else {
            Issue.record("Enter reads the source run")
            return
        }
        #expect(runId == "f6a5")
        #expect(state.models.jumpLoad.isLoading && state.focus == .models)
        let opened = reduce(&state, .models(.sourceRunLoaded(requestId: id, ModelsScenes.otherRun)))
        #expect(state.focus == .runs)
        #expect(state.runs.experimentIds == ["3"])
        #expect(state.experiments.selected?.experimentId == "3")
        guard case .loadRuns(let runsId, _, _, _, _)? = opened.first(where: { if case .loadRuns = $0 { true } else { false } }) else {
            Issue.record("the experiment's runs are read: \(opened)")
            return
        }
        let others = [makeRun("z9z9", experiment: "3"), ModelsScenes.otherRun]
        let detail = reduce(&state, .runsPageLoaded(requestId: runsId, others, done: true))
        #expect(state.runs.selected?.info.runId == "f6a5")
        #expect(state.focus == .detail)
        #expect(detail.contains { if case .loadRun(_, "f6a5") = $0 { true } else { false } })
    }

    @Test func aRunAlreadyOnScreenIsSelectedAtOnce() {
        var state = ModelsScenes.versionsOpened(Self.size)
        ModelsScenes.type(&state, [.char("j"), .char("j")])
        #expect(state.models.currentVersion?.version == "3")
        guard case let .loadSourceRun(id, _)? = modelsWork(reduce(&state, .key(.enter))).first else {
            Issue.record("Enter reads the source run")
            return
        }
        let run = Scenes.runs[0]
        let effects = reduce(&state, .models(.sourceRunLoaded(requestId: id, run)))
        #expect(state.runs.selected?.info.runId == "a1f0")
        #expect(state.focus == .detail)
        #expect(effects.contains { if case .loadRun(_, "a1f0") = $0 { true } else { false } })
    }

    @Test func aVersionWithoutARunOrWithAGoneRunSaysSo() {
        var state = ModelsScenes.versionsOpened(Self.size)
        ModelsScenes.type(&state, [.char("G")])
        #expect(state.models.currentVersion?.version == "1")
        #expect(reduce(&state, .key(.enter)).isEmpty)
        #expect(state.status.message?.contains("has no source run") == true)
        ModelsScenes.type(&state, [.char("k")])
        #expect(reduce(&state, .key(.enter)).isEmpty)
        #expect(state.status.error?.contains("gone") == true)
        #expect(state.focus == .models)
    }

    @Test func aFailedJumpIsShownInTheRoom() {
        var state = ModelsScenes.versionsOpened(Self.size)
        guard case let .loadSourceRun(id, _)? = modelsWork(reduce(&state, .key(.enter))).first else {
            Issue.record("Enter reads the source run")
            return
        }
        _ = reduce(&state, .requestFailed(requestId: id, message: "not found: run f6a5"))
        #expect(state.models.jumpLoad == .failed("not found: run f6a5"))
        #expect(state.focus == .models)
        // A late answer of the failed request changes nothing.
        _ = reduce(&state, .models(.sourceRunLoaded(requestId: id + 100, ModelsScenes.otherRun)))
        #expect(state.focus == .models)
    }

    @Test func filesAreFoundFirstThenBrowsedOrDownloaded() throws {
        var state = ModelsScenes.versionsOpened(Self.size)
        ModelsScenes.type(&state, [.char("j"), .char("j")])
        guard case let .resolveFiles(id, name, version, label, runId, download)? = modelsWork(reduce(&state, .key(.char("A")))).first else {
            Issue.record("A finds where the files are")
            return
        }
        #expect(name == "fixture-model" && version == "3" && label == "model fixture-model v3" && runId == "a1f0" && !download)
        let root = ArtifactRootRef(owner: .run("a1f0"), path: "model", label: label, runId: runId)
        _ = reduce(&state, .models(.filesResolved(requestId: id, root, download: false)))
        #expect(state.focus == .artifacts)
        #expect(state.artifacts.ownerLabel == "model fixture-model v3")
        #expect(state.artifacts.runId == "a1f0")

        var other = ModelsScenes.versionsOpened(Self.size)
        guard case let .resolveFiles(downloadId, _, _, _, _, true)? = modelsWork(reduce(&other, .key(.char("d")))).first else {
            Issue.record("d finds where the files are, to download them")
            return
        }
        _ = reduce(&other, .models(.filesResolved(requestId: downloadId, root, download: true)))
        #expect(other.downloads.prompt?.source == root)
        #expect(other.downloads.prompt?.isFolder == true)
    }

    @Test func onTheModelsTheFileKeysTakeTheNewestVersion() {
        var state = ModelsScenes.opened(Self.size)
        #expect(reduce(&state, .key(.char("y"))) == [.copyToClipboard("models:/fixture-model/4")])
        guard case let .resolveFiles(_, _, version, _, _, _)? = modelsWork(reduce(&state, .key(.char("f")))).first else {
            Issue.record("f finds where the newest version's files are")
            return
        }
        #expect(version == "4")
        ModelsScenes.type(&state, [.char("j"), .char("j")])
        #expect(state.models.selectedModel == "no-versions")
        #expect(reduce(&state, .key(.char("y"))).isEmpty)
        #expect(state.status.message == "the model has no versions")
    }

    @Test func yOnAVersionCopiesItsURI() {
        var state = ModelsScenes.versionsOpened(Self.size)
        ModelsScenes.type(&state, [.char("j")])
        #expect(reduce(&state, .key(.char("y"))) == [.copyToClipboard("models:/fixture-model/4")])
    }

    @Test func rOnTheVersionsReadsBothLevelsAgain() {
        var state = ModelsScenes.versionsOpened(Self.size)
        let work = modelsWork(reduce(&state, .key(.char("r"))))
        #expect(work.contains { if case .loadModels = $0 { true } else { false } })
        #expect(work.contains { if case .loadVersions(_, "fixture-model") = $0 { true } else { false } })
    }

    @Test func rReadsTheRunsNamesAgain() {
        var state = ModelsScenes.versionsOpened(Self.size)
        #expect(state.models.goneRuns == ["gone1"])
        let effects = reduce(&state, .key(.char("r")))
        #expect(state.models.goneRuns.isEmpty, "a run is gone only as the store says now")
        #expect(state.models.versions.count == 5, "the versions stay on screen while they are read again")
        ModelsScenes.answer(&state, effects)
        #expect(state.models.goneRuns == ["gone1"])
        #expect(state.models.runNamesLoad == .loaded)
    }

    @Test func failuresAreShownWhereTheyHappened() {
        var state = ModelsScenes.opened(Self.size, answer: false)
        guard let id = state.models.modelsLoad.pendingRequestId else {
            Issue.record("the models are asked for")
            return
        }
        _ = reduce(&state, .requestFailed(requestId: id, message: "connection refused"))
        #expect(state.models.modelsLoad == .failed("connection refused"))
        #expect(state.models.latestLoad == .failed("connection refused"))
        #expect(state.status.error == "connection refused")
    }

    @Test func columnsGiveWayByPriorityAndShareWhatIsLeft() {
        let specs = [
            FittedColumn(title: "a", min: 10, max: 20, weight: 1, priority: 0),
            FittedColumn(title: "b", min: 10, max: 12, weight: 1, priority: 2),
            FittedColumn.fixed("c", 10, priority: 1),
        ]
        #expect(FittedColumn.fit(specs, width: 21) == [10, nil, 10])
        #expect(FittedColumn.fit(specs, width: 25) == [14, nil, 10])
        #expect(FittedColumn.fit(specs, width: 32) == [10, 10, 10])
        #expect(FittedColumn.fit(specs, width: 60) == [20, 12, 10])
        #expect(FittedColumn.fit(specs, width: 9) == [nil, nil, nil])
    }
}
