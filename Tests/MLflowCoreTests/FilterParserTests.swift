import MLflowCore
import Testing

private func clause(_ key: SearchKey, _ comparator: Comparator, _ value: SearchValue) -> SearchClause {
    SearchClause(key: key, comparator: comparator, value: value)
}

private let accepted: [(String, [SearchClause])] = [
    ("", []),
    ("   ", []),
    ("metrics.acc > 0.9", [clause(.metric("acc"), .greater, .number(0.9))]),
    ("metric.acc >= -1.5e3", [clause(.metric("acc"), .greaterOrEqual, .number(-1500))]),
    ("metrics.acc<=.5", [clause(.metric("acc"), .lessOrEqual, .number(0.5))]),
    ("metrics.acc != 5.", [clause(.metric("acc"), .notEqual, .number(5))]),
    ("metrics.acc < 1e999", [clause(.metric("acc"), .less, .number(.infinity))]),
    ("metrics.`val/loss` < 1", [clause(.metric("val/loss"), .less, .number(1))]),
    ("metrics.\"a b\" = 1", [clause(.metric("a b"), .equal, .number(1))]),
    ("metrics.a.b = 1", [clause(.metric("a.b"), .equal, .number(1))]),
    ("params.lr = '0.01'", [clause(.param("lr"), .equal, .string("0.01"))]),
    ("parameters.lr = \"0.01\"", [clause(.param("lr"), .equal, .string("0.01"))]),
    ("params.x = 'it''s'", [clause(.param("x"), .equal, .string("it''s"))]),
    ("params.x = 'a\\'", [clause(.param("x"), .equal, .string("a\\"))]),
    ("tags.x LiKe '%a_'", [clause(.tag("x"), .like, .string("%a_"))]),
    ("tags.x ilike 'A'", [clause(.tag("x"), .ilike, .string("A"))]),
    ("tags.x is null", [clause(.tag("x"), .isNull, .none)]),
    ("tags.x IS NOT NULL", [clause(.tag("x"), .isNotNull, .none)]),
    ("tags.\"mlflow.runName\" = 'a'", [clause(.tag("mlflow.runName"), .equal, .string("a"))]),
    ("tags.mlflow.runName = 'a'", [clause(.tag("mlflow.runName"), .equal, .string("a"))]),
    ("tags.é = 'ü'", [clause(.tag("é"), .equal, .string("ü"))]),
    ("attributes.status = 'FINISHED'", [clause(.attribute("status"), .equal, .string("FINISHED"))]),
    ("status = 'FINISHED'", [clause(.attribute("status"), .equal, .string("FINISHED"))]),
    ("attr.created > 5", [clause(.attribute("start_time"), .greater, .number(5))]),
    ("run.`Run name` = 'x'", [clause(.attribute("run_name"), .equal, .string("x"))]),
    ("attributes.run_id IN ('a', \"b\",)", [clause(.attribute("run_id"), .in, .list(["a", "b"]))]),
    ("attributes.run_id not in ('a' 'b')", [clause(.attribute("run_id"), .notIn, .list(["ab"]))]),
    ("attributes.run_id IN ('\\x41\\n', r'\\n', '''c''')", [clause(.attribute("run_id"), .in, .list(["A\n", "\\n", "c"]))]),
    ("attributes.run_id IN ('\\N{LATIN SMALL LETTER E WITH ACUTE}')", [clause(.attribute("run_id"), .in, .list(["é"]))]),
    ("datasets.context IN ('train')", [clause(.dataset("context"), .in, .list(["train"]))]),
    ("dataset.name != 'x'", [clause(.dataset("name"), .notEqual, .string("x"))]),
    ("AND metrics.a > 1 and AND metrics.b < 2 AND", [
        clause(.metric("a"), .greater, .number(1)), clause(.metric("b"), .less, .number(2)),
    ]),
    ("metrics.a > 1 metrics.b < 2", [clause(.metric("a"), .greater, .number(1)), clause(.metric("b"), .less, .number(2))]),
    ("tags.a='x'and tags.b='y'", [clause(.tag("a"), .equal, .string("x")), clause(.tag("b"), .equal, .string("y"))]),
    ("metrics.a > 1e5and metrics.b > 0", [clause(.metric("a"), .greater, .number(100_000)), clause(.metric("b"), .greater, .number(0))]),
    ("tags.x = 'a\u{0}b'", [clause(.tag("x"), .equal, .string("a\u{0}b"))]),
    ("tags.x = 'line1\nline2'", [clause(.tag("x"), .equal, .string("line1\nline2"))]),
    ("metrics. > 1", [clause(.metric(""), .greater, .number(1))]),
    ("params..x = 'a'", [clause(.param(".x"), .equal, .string("a"))]),
    // MLflow translates attribute aliases for every entity.
    ("params.created = 'x'", [clause(.param("start_time"), .equal, .string("x"))]),
    ("tags.`Run name` = 'x'", [clause(.tag("run_name"), .equal, .string("x"))]),
    ("tags.a IS NULL tags.b = 'x'", [clause(.tag("a"), .isNull, .none), clause(.tag("b"), .equal, .string("x"))]),
    ("attributes.run_id IN ('a') tags.b = 'x'", [clause(.attribute("run_id"), .in, .list(["a"])), clause(.tag("b"), .equal, .string("x"))]),
]

@Test(arguments: accepted)
func parsesFilter(_ text: String, _ expected: [SearchClause]) throws {
    #expect(try SearchFilter.parse(text).clauses == expected)
}

/// Rejected filters with where the error points (a character offset) and part of the message.
private let rejected: [(String, Int, String)] = [
    ("foo.x = 'a'", 0, "unknown entity type 'foo'"),
    ("METRICS.x > 1", 0, "unknown entity type"),
    ("metrics .x > 1", 7, "space before '.'"),
    ("attributes.lifecycle_stage = 'active'", 11, "unknown attribute 'lifecycle_stage'"),
    ("datasets.source = 'x'", 9, "unknown dataset field"),
    ("metrics.acc LIKE 1", 12, "LIKE cannot be used with a metric"),
    ("metrics.acc IS NULL", 12, "IS NULL cannot be used"),
    ("tags.x > 'a'", 7, "> cannot be used with a tag"),
    ("attributes.status IN ('a')", 21, "only run_id takes a list"),
    ("attributes.start_time LIKE '1%'", 22, "LIKE cannot be used"),
    ("metrics.acc > '0.5'", 14, "expected a number"),
    ("params.lr = 0.01", 12, "expected a quoted string"),
    ("params.lr = lr", 12, "must be quoted"),
    ("params.lr = `x`", 12, "backticks quote keys"),
    ("tags.x = 'abc", 9, "unterminated string"),
    ("tags.x = \"abc", 9, "unterminated string"),
    ("tags.`x = 'a'", 5, "unclosed backtick"),
    ("tags.x =", 8, "missing value"),
    ("tags.x", 6, "expected a comparison operator"),
    ("tags.x == 'a'", 7, "unknown operator '=='"),
    ("tags.x = 'a' OR tags.y = 'b'", 13, "OR is not supported"),
    ("tags.x = 'é' OR tags.y = 'b'", 13, "OR is not supported"),
    ("tags.x = 'e\u{301}' OR tags.y = 'b'", 13, "OR is not supported"),
    ("(tags.x = 'a')", 0, "parentheses"),
    ("tags.x = 'a';", 12, "';'"),
    ("tags.x = 'a' -- note", 13, "comments"),
    ("tags.x NOT LIKE 'a'", 7, "NOT LIKE"),
    ("tags.x IS NOT  NULL", 10, "NOT NULL"),
    ("tags.x = 'a' NOT tags.y = 'b'", 13, "NOT is only allowed"),
    ("params.in = 'x'", 7, "reserved word"),
    ("metrics.1 > 1", 8, "starts with a digit"),
    ("metrics.x > 0x1F", 12, "hexadecimal"),
    ("metrics.x > +5", 12, "expected a value"),
    ("attributes.run_id IN ()", 21, "empty"),
    ("attributes.run_id IN ('a', 1)", 27, "only quoted strings"),
    ("attributes.run_id IN ('a'", 21, "unclosed '('"),
    ("attributes.run_id IN 'a'", 21, "needs a list"),
    ("attributes.run_id = ('a')", 20, "only allowed after IN"),
    ("attributes.run_id IN (b'a')", 22, "only plain quoted strings"),
    ("tags.a = 'x' tags.b IS NULL", 13, "put AND before this clause"),
    ("tags.a = 'x' attributes.run_id IN ('a')", 13, "put AND before this clause"),
    ("\u{0}", 0, "expected a key"),
    ("'", 0, "expected a key"),
]

@Test(arguments: rejected)
func rejectsFilter(_ text: String, _ position: Int, _ message: String) {
    #expect {
        try SearchFilter.parse(text)
    } throws: { error in
        guard let error = error as? SearchSyntaxError else { return false }
        return error.position == position && error.message.contains(message) && error.input == text
    }
}

@Test func errorPointsAtTheToken() throws {
    let error = try #require(throws: SearchSyntaxError.self) { try SearchFilter.parse("metrics.acc > 1 or tags.x = 'a'") }
    #expect(error.position == 16)
    #expect(error.description == "OR is not supported: MLflow joins clauses with AND only at position 17")
    #expect(error.pointer == "metrics.acc > 1 or tags.x = 'a'\n                ^")
}

/// Random and hostile input must give a filter or a `SearchSyntaxError`, never a crash.
@Test func neverCrashesOnGarbage() throws {
    var rng = SplitMix64(seed: 42)
    let pieces = ["metrics.", "params.", "tags.", "attributes.", "datasets.", "`", "'", "\"", "(", ")", ",", ".",
                  "=", "!=", "<", ">=", "LIKE", "IN", "NOT", "IS", "NULL", "AND", "OR", "0", "-", "1e", "x", " ",
                  "\u{0}", "\n", "\\", "é", "e\u{301}", "🙂", "%", "_", "#", "--", "/*", "$", "\u{FFFF}", "''", "``"]
    var outcomes = (accepted: 0, rejected: 0)
    for _ in 0..<20_000 {
        var text = ""
        for _ in 0..<Int(rng.next() % 12) { text += pieces[Int(rng.next() % UInt64(pieces.count))] }
        do {
            _ = try SearchFilter.parse(text)
            outcomes.accepted += 1
        } catch let error as SearchSyntaxError {
            #expect(error.position >= 0 && error.position <= text.count)
            outcomes.rejected += 1
        }
    }
    #expect(outcomes.accepted > 100)
    #expect(outcomes.rejected > 10_000)
}

@Test func handlesHugeInputs() throws {
    let quotes = String(repeating: "'", count: 200_001)
    #expect(throws: SearchSyntaxError.self) { try SearchFilter.parse("tags.x = " + quotes) }
    // As MLflow's pattern backtracks, the last escaped quote closes the string.
    let escapes = String(repeating: "\\'", count: 100_000)
    #expect(try SearchFilter.parse("tags.x = '" + escapes).clauses == [clause(.tag("x"), .equal, .string(String(escapes.dropLast())))])
    #expect(throws: SearchSyntaxError.self) { try SearchFilter.parse("tags.x = '" + escapes + "x") }
    let many = Array(repeating: "metrics.m > 1", count: 20_000).joined(separator: " AND ")
    #expect(try SearchFilter.parse(many).clauses.count == 20_000)
    let nested = "attributes.run_id IN " + String(repeating: "(", count: 50_000) + "'a'" + String(repeating: ")", count: 50_000)
    #expect(throws: SearchSyntaxError.self) { try SearchFilter.parse(nested) }
    let longValue = String(repeating: "é", count: 500_000)
    #expect(try SearchFilter.parse("tags.x = '\(longValue)'").clauses == [clause(.tag("x"), .equal, .string(longValue))])
}

/// A small deterministic generator for reproducible random tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
