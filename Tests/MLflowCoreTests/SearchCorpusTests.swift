import MLflowCore
import Testing

/// Whitespace-only filters: MLflow refuses them, `SearchFilter.parse` gives an empty filter.
private func isWhitespaceOnly(_ text: String) -> Bool {
    !text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isWhitespace || (0x1C...0x1F).contains($0.value) }
}

@Test func corpusComesFromMLflow3() throws {
    let corpus = try SearchCorpus.load()
    #expect(corpus.mlflowVersion.hasPrefix("3."))
    #expect(corpus.runs.count == 8)
    #expect(corpus.filters.count > 1_000)
    #expect(corpus.filters.filter { $0.error == nil }.count > 300)
    #expect(corpus.filters.filter { $0.glued == true }.count == 3)
}

@Test func filtersParseAsMLflowParsesThem() throws {
    let corpus = try SearchCorpus.load()
    var failures: [String] = []
    for item in corpus.filters {
        let parsed = Result { try SearchFilter.parse(item.filter) }
        switch (parsed, item.error) {
        case (.success(let filter), nil):
            let expected = (item.clauses ?? []).map(SearchCorpus.clause)
            if expected.contains(where: { $0 == nil }) {
                failures.append("unreadable expectation for \(item.filter.debugDescription)")
            } else if filter.clauses != expected.compactMap({ $0 }) {
                failures.append("\(item.filter.debugDescription): got \(filter.clauses), MLflow \(expected)")
            }
        case (.failure(let error), nil):
            if item.glued != true {
                failures.append("\(item.filter.debugDescription): refused (\(error)) but MLflow accepts it")
            }
        case (.success(let filter), .some(let reason)):
            if !(isWhitespaceOnly(item.filter) && filter.clauses.isEmpty) {
                failures.append("\(item.filter.debugDescription): accepted as \(filter.clauses) but MLflow refuses it: \(reason)")
            }
        case (.failure(let error), .some):
            if let syntax = error as? SearchSyntaxError {
                if syntax.position < 0 || syntax.position > item.filter.count || syntax.input != item.filter {
                    failures.append("\(item.filter.debugDescription): bad error position \(syntax.position)")
                }
            } else {
                failures.append("\(item.filter.debugDescription): threw \(error), not a SearchSyntaxError")
            }
        }
    }
    #expect(failures.isEmpty, "\(failures.count) disagreements:\n\(failures.joined(separator: "\n"))")
}

@Test func orderByParsesAsMLflowParsesIt() throws {
    let corpus = try SearchCorpus.load()
    var failures: [String] = []
    for item in corpus.orders {
        let parsed = Result { try OrderBy.parseList(item.orderBy) }
        switch (parsed, item.error) {
        case (.success(let entries), nil):
            if let keys = item.parsed {
                let expected = keys.map { OrderBy(key: SearchCorpus.key($0.type, $0.key) ?? .metric("?"), ascending: $0.ascending) }
                if entries != expected { failures.append("\(item.orderBy): parsed \(entries), MLflow \(expected)") }
            }
        case (.failure(let error), nil):
            failures.append("\(item.orderBy): refused (\(error)) but MLflow accepts it")
        case (.success(let entries), .some(let reason)):
            failures.append("\(item.orderBy): accepted as \(entries) but MLflow refuses it: \(reason)")
        case (.failure(let error), .some):
            if !(error is SearchSyntaxError) { failures.append("\(item.orderBy): threw \(error)") }
        }
    }
    #expect(failures.isEmpty, "\(failures.count) disagreements:\n\(failures.joined(separator: "\n"))")
}
@Test func filtersMatchTheRunsMLflowReturned() throws {
    let corpus = try SearchCorpus.load()
    let runs = try corpus.builtRuns()
    var failures: [String] = []
    var checked = 0
    for item in corpus.filters {
        guard let expected = item.matches, let filter = try? SearchFilter.parse(item.filter) else { continue }
        let got = runs.filter { filter.matches($0.run) }.map(\.label).sorted()
        checked += 1
        if got != expected.sorted() {
            failures.append("\(item.filter.debugDescription): matched \(got), MLflow returned \(expected.sorted())")
        }
    }
    #expect(checked > 300)
    #expect(failures.isEmpty, "\(failures.count) disagreements:\n\(failures.joined(separator: "\n"))")
}


@Test func runsSortAsMLflowSortedThem() throws {
    let corpus = try SearchCorpus.load()
    let runs = try corpus.builtRuns()
    let labels = Dictionary(uniqueKeysWithValues: runs.map { ($0.run.info.runId, $0.label) })
    var failures: [String] = []
    var checked = 0
    for item in corpus.orders {
        guard let expected = item.order, let entries = try? OrderBy.parseList(item.orderBy) else { continue }
        checked += 1
        let order = RunOrdering.sort(runs.map(\.run), by: entries).compactMap { labels[$0.info.runId] }
        if order != expected { failures.append("\(item.orderBy): sorted \(order), MLflow \(expected)") }
        // Reversed input must not change the result.
        let fromReversed = RunOrdering.sort(runs.map(\.run).reversed(), by: entries).compactMap { labels[$0.info.runId] }
        if fromReversed != expected { failures.append("\(item.orderBy): reversed input sorted \(fromReversed)") }
    }
    #expect(checked > 60)
    #expect(failures.isEmpty, "\(failures.count) disagreements:\n\(failures.joined(separator: "\n"))")
}
