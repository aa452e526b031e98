import Foundation
import MLflowClient
import Testing
@testable import RunboardCommands

@Suite struct RenderingTests {
    /// Times come from a store: any two Int64 give a duration or nothing, never a trap.
    @Test func durationsOfAnyTimes() {
        #expect(Format.duration(from: 0, to: 3_723_000) == "1h02m")
        #expect(Format.duration(from: -1, to: .max) == "")
        #expect(Format.duration(from: .min, to: .max) == "")
        #expect(Format.duration(from: .min, to: 0) == "")
        #expect(Format.duration(from: 0, to: .max).hasSuffix("m"))
    }

    let runs: [Run] = [
        Run(info: RunInfo(runId: "a1", runName: "\u{1b}[2J\u{1b}[31mEVIL", experimentId: "1", userId: "u", status: .finished,
                          startTime: 1_700_000_000_000, endTime: 1_700_000_065_000),
            params: [KeyValue(key: "lr", value: "0.01")],
            tags: [KeyValue(key: "mlflow.parentRunId", value: "p0"), KeyValue(key: "note", value: "a,b \"q\"")],
            metrics: [Metric(key: "acc", value: 0.5, timestamp: 1, step: 2), Metric(key: "loss", value: .nan, timestamp: 1, step: 2)]),
        Run(info: RunInfo(runId: "b2", runName: "学習-🚀", experimentId: "1", status: .running, startTime: 1_700_000_100_000),
            metrics: [Metric(key: "loss", value: -.infinity, timestamp: 1, step: 2)]),
    ]

    @Test func tablesNeverCarryRawControlCharacters() throws {
        let text = try RunsCommand.render(runs, format: .table, width: 200)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1b })
        #expect(text.contains("\\x1b[2J\\x1b[31mEVIL"))
        for format in [OutputFormat.csv, .md, .json] {
            let out = try RunsCommand.render(runs, format: format, width: 80)
            #expect(!out.unicodeScalars.contains { $0.value == 0x1b || (0x80...0x9f).contains($0.value) }, "\(format)")
        }
    }

    @Test func tablesFitTheWidthAndSayWhatTheyHide() throws {
        for width in [40, 60, 80, 120] {
            let text = try RunsCommand.render(runs, format: .table, width: width)
            for line in text.split(separator: "\n") where !line.hasPrefix("(") {
                #expect(TerminalSafe.width(String(line)) <= width, "width \(width): \(line)")
            }
        }
        let narrow = try RunsCommand.render(runs, format: .table, width: 40)
        #expect(narrow.contains("not shown"))
    }

    @Test func csvHasEveryColumnAndQuotesFields() throws {
        let text = try RunsCommand.render(runs, format: .csv, width: 10)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0] == "run_id,run_name,experiment_id,status,user_id,start_time,end_time,parent_run_id,metrics.acc,metrics.loss,params.lr,tags.mlflow.parentRunId,tags.note")
        #expect(lines[1] == #"a1,\x1b[2J\x1b[31mEVIL,1,FINISHED,u,2023-11-14T22:13:20Z,2023-11-14T22:14:25Z,p0,0.5,NaN,0.01,p0,"a,b ""q""""#)
        #expect(lines[2].hasPrefix("b2,学習-🚀,1,RUNNING,,2023-11-14T22:15:00Z,,,,-inf,"))
    }

    @Test func jsonIsExactAndStable() throws {
        let text = try RunsCommand.render(runs, format: .json, width: 80)
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(decoded.count == 2)
        #expect(decoded[0]["run_name"] as? String == "\u{1b}[2J\u{1b}[31mEVIL")
        #expect((decoded[0]["metrics"] as? [String: Any])?["loss"] as? String == "NaN")
        #expect((decoded[0]["metrics"] as? [String: Any])?["acc"] as? Double == 0.5)
        #expect((decoded[1]["metrics"] as? [String: Any])?["loss"] as? String == "-Infinity")
        #expect(decoded[0]["parent_run_id"] as? String == "p0")
        #expect(decoded[1]["end_time"] is NSNull)
        #expect(decoded[0]["start_time"] as? Int64 == 1_700_000_000_000)
        #expect(Set(decoded[0].keys) == ["run_id", "run_name", "experiment_id", "status", "user_id", "start_time", "end_time",
                                          "artifact_uri", "lifecycle_stage", "parent_run_id", "params", "metrics", "tags"])
    }

    @Test func jsonEscapesC1AndBidiButKeepsTheirMeaning() throws {
        let e = Experiment(experimentId: "1", name: "a\u{9b}b\u{202e}c\u{7f}")
        let text = try ExperimentsCommand.render([e], format: .json, width: 80)
        #expect(text.contains(#"a\u009bb\u202ec\u007f"#))
        let decoded = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(decoded[0]["name"] as? String == "a\u{9b}b\u{202e}c\u{7f}")
    }

    @Test func markdownEscapesPipes() throws {
        let e = Experiment(experimentId: "3", name: "a|b", tags: [KeyValue(key: "mlflow.note.content", value: "line1\nline2")])
        let text = try ExperimentsCommand.render([e], format: .md, width: 80)
        #expect(text.contains("a\\|b"))
        #expect(text.contains("line1\\nline2"))
        #expect(text.split(separator: "\n").count == 3)
    }

    @Test func stepRangesParse() throws {
        #expect(try HistoryCommand.parseSteps("-5:10") == StepRange(from: -5, to: 10))
        #expect(try HistoryCommand.parseSteps(":10") == StepRange(from: .min, to: 10))
        #expect(try HistoryCommand.parseSteps("7:") == StepRange(from: 7, to: .max))
        #expect(throws: (any Error).self) { try HistoryCommand.parseSteps("10:5") }
        #expect(throws: (any Error).self) { try HistoryCommand.parseSteps("a:b") }
        #expect(throws: (any Error).self) { try HistoryCommand.parseSteps("5") }
    }

    @Test func syntaxErrorsPointAtThePositionEvenAfterEscapes() {
        let error = SearchSyntaxError(message: "bad", input: "tags.\u{1b}x = 1 OR", position: 12)
        let pointer = SafeTextPointer.pointer(error)
        let lines = pointer.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "  tags.\\x1bx = 1 OR")
        let caret = lines[1].firstIndex(of: "^").map { lines[1].distance(from: lines[1].startIndex, to: $0) }
        #expect(caret == 2 + 15)  // "tags.\\x1bx = 1 " is 15 columns
    }
}
