@testable import MLflowFileStore
import Testing

/// A name, and the `meta.yaml` PyYAML's `safe_dump` (as MLflow 3.17 calls it) writes for it.
struct DumpedName: CustomTestStringConvertible, Sendable {
    var name: String
    var yaml: String
    var testDescription: String { yaml }

    static let all: [DumpedName] = [
        .init(name: "exp-a", yaml: "experiment_id: '1'\nname: exp-a\n"),
        .init(name: "adversarial-\u{1b}[31mRED\u{1b}[0m-\u{1b}]0;pwned\u{07}",
              yaml: "experiment_id: '1'\nname: \"adversarial-\\e[31mRED\\e[0m-\\e]0;pwned\\a\"\n"),
        .init(name: "\u{202e}evil", yaml: "experiment_id: '1'\nname: \u{202e}evil\n"),
        .init(name: "résumé-学習-🚀", yaml: "experiment_id: '1'\nname: résumé-学習-🚀\n"),
        .init(name: "yes", yaml: "experiment_id: '1'\nname: 'yes'\n"),
        .init(name: "123", yaml: "experiment_id: '1'\nname: '123'\n"),
        .init(name: "it's", yaml: "experiment_id: '1'\nname: it's\n"),
        .init(name: "-lead", yaml: "experiment_id: '1'\nname: -lead\n"),
        .init(name: "# hash", yaml: "experiment_id: '1'\nname: '# hash'\n"),
        .init(name: "a: b", yaml: "experiment_id: '1'\nname: 'a: b'\n"),
        .init(name: "trail ", yaml: "experiment_id: '1'\nname: 'trail '\n"),
        .init(name: "", yaml: "experiment_id: '1'\nname: ''\n"),
        .init(name: "null", yaml: "experiment_id: '1'\nname: 'null'\n"),
        .init(name: String(repeating: "x", count: 100) + " yyyyyyyyyy",
              yaml: "experiment_id: '1'\nname: " + String(repeating: "x", count: 100) + "\n  yyyyyyyyyy\n"),
        .init(name: "tab\there", yaml: "experiment_id: '1'\nname: \"tab\\there\"\n"),
        .init(name: "new\nline", yaml: "experiment_id: '1'\nname: 'new\n\n  line'\n"),
        .init(name: "~", yaml: "experiment_id: '1'\nname: '~'\n"),
        .init(name: "0o17", yaml: "experiment_id: '1'\nname: 0o17\n"),
        .init(name: "1e3", yaml: "experiment_id: '1'\nname: 1e3\n"),
        .init(name: "@at", yaml: "experiment_id: '1'\nname: '@at'\n"),
        .init(name: "a #b", yaml: "experiment_id: '1'\nname: 'a #b'\n"),
        .init(name: "plain/path:colon", yaml: "experiment_id: '1'\nname: plain/path:colon\n"),
        .init(name: "it''s", yaml: "experiment_id: '1'\nname: 'it''''s'\n"),
    ]
}

@Suite struct MetaYAMLTests {
    @Test(arguments: DumpedName.all)
    func readsNamesAsPyYAMLWroteThem(_ dumped: DumpedName) throws {
        let fast = try MetaYAML(text: dumped.yaml)
        let full = try MetaYAML(parsingWithYams: dumped.yaml)
        #expect(fast.string("name") == dumped.name)
        #expect(full.string("name") == dumped.name)
        #expect(fast.string("experiment_id") == "1")
        #expect(fast.int64("experiment_id") == 1)
    }

    @Test func flatReaderHandlesMLflowRunMeta() throws {
        let text = """
            artifact_uri: file:///work/mlruns/975011400745477304/5e894a3a6d7d4711801604794f97448f/artifacts
            end_time: null
            entry_point_name: ''
            experiment_id: '975011400745477304'
            lifecycle_stage: active
            run_id: 5e894a3a6d7d4711801604794f97448f
            run_name: adventurous-roo-882
            source_name: ''
            source_type: 4
            source_version: ''
            start_time: 1795732102176
            status: 3
            tags: []
            user_id: root

            """
        #expect(FlatYAML.parse(text) != nil)
        let fast = try MetaYAML(text: text)
        let full = try MetaYAML(parsingWithYams: text)
        #expect(fast.keys == full.keys)
        for key in full.keys {
            #expect(fast.string(key) == full.string(key), "\(key)")
            #expect(fast.int64(key) == full.int64(key), "\(key)")
        }
        #expect(fast.string("end_time") == nil)
        #expect(fast.has("end_time"))
        #expect(fast.int64("start_time") == 1_795_732_102_176)
        #expect(fast.string("artifact_uri") == "file:///work/mlruns/975011400745477304/5e894a3a6d7d4711801604794f97448f/artifacts")
        #expect(fast.string("entry_point_name") == "")
        #expect(fast.string("tags") == nil)
    }

    @Test func nestedMappingsGoThroughYams() throws {
        let text = "destination_id: b39c\ndestination_type: RUN\nsource_id: b39c\nsource_type: DATASET\ntags:\n  mlflow.data.context: training\n"
        #expect(FlatYAML.parse(text) == nil)
        let meta = try MetaYAML(text: text)
        #expect(meta.stringMapping("tags") == ["mlflow.data.context": "training"])
        #expect(try MetaYAML(text: "tags: {}\nsource_id: x\n").stringMapping("tags") == [:])
    }

    @Test func legacyIntegerIdsReadAsText() throws {
        let meta = try MetaYAML(text: "experiment_id: 0\nname: Default\ncreation_time: 0x10\n")
        #expect(meta.string("experiment_id") == "0")
        #expect(meta.int64("creation_time") == 16)
    }

    @Test func brokenFilesAreReported() {
        #expect(throws: MetaYAML.Problem.self) { try MetaYAML(text: "") }
        #expect(throws: MetaYAML.Problem.self) { try MetaYAML(text: "name: [unclosed\n  - x: {") }
        #expect(throws: MetaYAML.Problem.self) { try MetaYAML(text: "- just\n- a list\n") }
        #expect(throws: MetaYAML.Problem.self) { try MetaYAML(text: "\u{0}\u{1}binary") }
    }

    /// Found by the metayaml fuzz target: a quote followed by a combining mark is one Character,
    /// so the flat reader took it for text inside the quotes; YAML (and Yams) sees the quote end
    /// the scalar, with more text after it, and refuses the file.
    @Test func aQuoteJoinedByACombiningMarkStillEndsTheQuotedText() {
        let text = "artifact_location: 'file:///x/it'\u{0650}'\nexperiment_id: '5'\n"
        #expect(FlatYAML.parse(text) == nil)
        #expect(throws: MetaYAML.Problem.self) { try MetaYAML(text: text) }
        // A combining mark inside the quotes is text, as YAML reads it.
        guard case .scalar(let name, plain: false)? = FlatYAML.parse("name: 'a\u{0650}b'\n")?["name"] else {
            Issue.record("a combining mark inside quotes was refused")
            return
        }
        #expect(name == "a\u{0650}b")
    }

    /// Found by the metayaml fuzz target: the space after a key's colon followed by a combining
    /// mark is one Character; dropping that Character lost the mark, which Yams keeps as the
    /// value's first scalar. Likewise an opening quote joined by a mark.
    @Test func aCombiningMarkAfterTheSeparatorBelongsToTheValue() throws {
        let text = "artifaion: \u{0656}i|e:///x/it1last_upd3'\n"
        #expect(try MetaYAML(text: text).string("artifaion") == "\u{0656}i|e:///x/it1last_upd3'")
        #expect(try MetaYAML(parsingWithYams: text).string("artifaion") == "\u{0656}i|e:///x/it1last_upd3'")
        guard case .scalar(let quoted, plain: false)? = FlatYAML.parse("name: '\u{0650}b'\n")?["name"] else {
            Issue.record("a combining mark after the opening quote was refused")
            return
        }
        #expect(quoted == "\u{0650}b")
    }

    /// Found by the metayaml fuzz target: a colon followed by a combining mark is one Character;
    /// stepping over it whole took the mark for part of the separator and accepted `e:\u{0656} 0`,
    /// which YAML does not read as a mapping. The flat reader now leaves it to Yams, which refuses it.
    @Test func aCombiningMarkAfterTheColonIsNotASeparator() {
        let text = "e:\u{0656} 0_+!0J-------------)--/"
        #expect(FlatYAML.parse(text) == nil)
        #expect(throws: MetaYAML.Problem.self) { try MetaYAML(text: text) }
    }
}
