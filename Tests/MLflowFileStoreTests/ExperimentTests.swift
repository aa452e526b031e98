import MLflowCore
import MLflowFileStore
import Testing

@Suite struct ExperimentTests {
    @Test func listsInMLflowsDefaultOrderWithTagsAndDescription() async throws {
        let tree = try TreeBuilder("experiments-order")
        try tree.experiment("0", name: "Default", created: 100)
        try tree.experiment("987654321098765432", name: "b", created: 300, tags: [
            "mlflow.note.content": "# Notes\nline two", "team": "vision", "nested/deep/key": "v\u{1b}[31m",
        ])
        try tree.experiment("12345678901234567", name: "a", created: 300)
        try tree.experiment("5", name: "legacy", created: nil, quotedId: false)
        try tree.experiment("777", name: "gone", created: 400, stage: "deleted", trash: true)
        let store = try FileStore(path: tree.root)

        let active = try await store.searchExperiments(view: .activeOnly, maxResults: 10, pageToken: nil)
        // Same creation time: the shorter id is the smaller number.
        #expect(active.items.map(\.experimentId) == ["12345678901234567", "987654321098765432", "0", "5"])
        #expect(active.nextPageToken == nil)
        let b = active.items[1]
        #expect(b.name == "b")
        #expect(b.tags.map(\.key) == ["mlflow.note.content", "nested/deep/key", "team"])
        #expect(b.tags.value(for: "nested/deep/key") == "v\u{1b}[31m")
        #expect(b.description == "# Notes\nline two")
        #expect(b.creationTime == 300)
        #expect(b.lifecycleStage == .active)
        #expect(b.artifactLocation == "file://\(tree.root)/987654321098765432")
        let legacy = active.items[3]
        #expect(legacy.name == "legacy")
        #expect(legacy.creationTime == nil)

        let deleted = try await store.searchExperiments(view: .deletedOnly, maxResults: 10, pageToken: nil)
        #expect(deleted.items.map(\.experimentId) == ["777"])
        #expect(deleted.items.first?.lifecycleStage == .deleted)
        let all = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        #expect(all.items.map(\.experimentId) == ["777", "12345678901234567", "987654321098765432", "0", "5"])
        #expect(store.warnings.isEmpty)
    }

    @Test func pagesWithOpaqueTokens() async throws {
        let tree = try TreeBuilder("experiments-paging")
        for i in 0..<7 { try tree.experiment("\(100 + i)", name: "e\(i)", created: Int64(1000 - i)) }
        let store = try FileStore(path: tree.root)
        var ids: [String] = []
        var token: String?
        var pages = 0
        repeat {
            let page = try await store.searchExperiments(view: .all, maxResults: 3, pageToken: token)
            ids += page.items.map(\.experimentId)
            token = page.nextPageToken
            pages += 1
        } while token != nil
        #expect(pages == 3)
        #expect(ids == ["100", "101", "102", "103", "104", "105", "106"])
        #expect(try await store.allExperiments(view: .activeOnly).count == 7)
        await #expect(throws: MLflowError.self) {
            try await store.searchExperiments(view: .all, maxResults: 3, pageToken: "not a token")
        }
        await #expect(throws: MLflowError.self) {
            try await store.searchExperiments(view: .all, maxResults: 0, pageToken: nil)
        }
    }

    @Test func findsByIdAndNameIncludingDeleted() async throws {
        let tree = try TreeBuilder("experiments-lookup")
        try tree.experiment("1", name: "alive")
        try tree.experiment("2", name: "gone", stage: "deleted", trash: true)
        let store = try FileStore(path: tree.root)
        #expect(try await store.experiment(id: "1").name == "alive")
        #expect(try await store.experiment(id: "2").lifecycleStage == .deleted)
        #expect(try await store.experiment(named: "gone")?.experimentId == "2")
        #expect(try await store.experiment(named: "nope") == nil)
        #expect(try await store.resolveExperiment("alive")?.experimentId == "1")
        #expect(try await store.resolveExperiment("2")?.name == "gone")
        for bad in ["3", "", "..", "../1", "models", ".trash"] {
            await #expect(throws: MLflowError.notFound("experiment '\(bad)'")) { try await store.experiment(id: bad) }
        }
    }

    @Test func skipsBrokenExperimentsWithANote() async throws {
        let tree = try TreeBuilder("experiments-broken")
        try tree.experiment("1", name: "fine")
        try tree.write("2/meta.yaml", "name: [unclosed\n  {")
        try tree.write("3/meta.yaml", "")
        try tree.write("4/meta.yaml", "experiment_id: '5'\nname: moved\n")
        try tree.write("6/other.txt", "no meta here")
        try tree.write(".ipynb_checkpoints/x", "ignored")
        try tree.write("models/reg/meta.yaml", "name: reg\n")
        let store = try FileStore(path: tree.root)
        let page = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        #expect(page.items.map(\.experimentId) == ["1"])
        let notes = store.warnings.sorted()
        #expect(notes.count == 4)
        #expect(notes[0].hasPrefix("experiment folder '2' skipped: meta.yaml is not valid YAML"))
        #expect(notes[1] == "experiment folder '3' skipped: meta.yaml is empty")
        #expect(notes[2] == "experiment folder '4' skipped: meta.yaml records id '5'")
        #expect(notes[3] == "experiment folder '6' skipped: meta.yaml is missing")
        // Notes are not repeated when the tree is read again.
        _ = try await store.searchExperiments(view: .all, maxResults: 10, pageToken: nil)
        #expect(store.warnings.count == 4)
        store.clearWarnings()
        #expect(store.warnings.isEmpty)
    }

    @Test func refusesAMissingFolder() throws {
        #expect(throws: MLflowError.self) { try FileStore(path: "/nonexistent/mlruns") }
    }
}
