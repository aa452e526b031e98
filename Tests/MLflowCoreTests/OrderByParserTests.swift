import MLflowCore
import Testing

private let accepted: [(String, OrderBy)] = [
    ("metrics.acc", OrderBy(key: .metric("acc"), ascending: true)),
    ("metrics.acc DESC", OrderBy(key: .metric("acc"), ascending: false)),
    ("metrics.acc  desc", OrderBy(key: .metric("acc"), ascending: false)),
    ("metrics.`val/loss` DESC", OrderBy(key: .metric("val/loss"), ascending: false)),
    ("metrics.\"a b\" Asc", OrderBy(key: .metric("a b"), ascending: true)),
    ("`metrics`.acc", OrderBy(key: .metric("acc"), ascending: true)),
    ("params.lr asc", OrderBy(key: .param("lr"), ascending: true)),
    ("tags.mlflow.runName DESC", OrderBy(key: .tag("mlflow.runName"), ascending: false)),
    ("attributes.start_time", OrderBy(key: .attribute("start_time"), ascending: true)),
    ("attr.created DESC", OrderBy(key: .attribute("start_time"), ascending: false)),
    ("run_name", OrderBy(key: .attribute("run_name"), ascending: true)),
    ("metrics.", OrderBy(key: .metric(""), ascending: true)),
]

@Test(arguments: accepted)
func parsesOrderBy(_ text: String, _ expected: OrderBy) throws {
    #expect(try OrderBy.parse(text) == expected)
}

private let rejected: [(String, Int, String)] = [
    ("", 0, "empty"),
    (" metrics.acc", 0, "whitespace at the start"),
    ("metrics.acc ", 11, "whitespace at the end"),
    ("metrics.acc DOWN", 12, "expected ASC or DESC"),
    ("metrics.acc DESC NULLS LAST", 17, "NULLS"),
    ("metrics.acc DESC ASC", 16, "after DESC"),
    ("metrics.acc, params.lr", 11, "unexpected ','"),
    ("datasets.name", 0, "dataset"),
    ("attributes.`Run name`", 11, "unknown attribute"),
    ("attributes.lifecycle_stage", 11, "unknown attribute"),
    ("foo.x", 0, "unknown entity type"),
    ("metrics.acc > 0", 12, "expected ASC or DESC"),
]

@Test(arguments: rejected)
func rejectsOrderBy(_ text: String, _ position: Int, _ message: String) {
    #expect {
        try OrderBy.parse(text)
    } throws: { error in
        guard let error = error as? SearchSyntaxError else { return false }
        return error.position == position && error.message.contains(message)
    }
}

@Test func parseListRefusesTheSameKeyTwice() throws {
    #expect(try OrderBy.parseList(["metrics.a DESC", "params.a"]) == [
        OrderBy(key: .metric("a"), ascending: false), OrderBy(key: .param("a"), ascending: true),
    ])
    #expect(throws: SearchSyntaxError.self) { try OrderBy.parseList(["metrics.a", "metrics.a DESC"]) }
    #expect(throws: SearchSyntaxError.self) { try OrderBy.parseList(["attributes.created", "start_time DESC"]) }
    #expect(try OrderBy.parseList([]) == [])
}

@Test func orderByNeverCrashesOnGarbage() {
    var rng = SplitMix64(seed: 7)
    let pieces = ["metrics.", "tags.", "acc", "`", "\"", "'", " ", "DESC", "asc", ".", "\\", "\u{0}", "é", ","]
    for _ in 0..<10_000 {
        var text = ""
        for _ in 0..<Int(rng.next() % 8) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
        do {
            _ = try OrderBy.parse(text)
        } catch {
            #expect(error is SearchSyntaxError)
        }
    }
}
