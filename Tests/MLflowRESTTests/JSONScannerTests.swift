import Foundation
import MLflowCore
import NIOHTTP1
import TestFixtures
import Testing
@testable import MLflowREST

/// JSONScanner must give exactly what JSONDecoder gives, or refuse (and leave the bytes to JSONDecoder).
@Suite("JSONScanner reads what JSONDecoder reads") struct JSONScannerTests {
    /// Both readers' results, written out in full (NaN compares equal to itself this way, -0 differs from 0).
    func both<T: JSONScannable>(_ type: T.Type, _ json: String) throws -> (scanned: String, decoded: String) {
        let data = Data(json.utf8)
        let scanned = try JSONScanner.scan(data) { try T(scanning: &$0) }
        let decoded = try JSONDecoder().decode(T.self, from: data)
        return (String(reflecting: scanned), String(reflecting: decoded))
    }

    func expectSame<T: JSONScannable>(_ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try both(type, json)
        #expect(result.scanned == result.decoded, sourceLocation: sourceLocation)
    }

    /// The scanner refuses and JSONDecoder refuses too: a malformed body is an error either way.
    func expectBothRefuse<T: JSONScannable>(_ type: T.Type, _ json: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let data = Data(json.utf8)
        #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try JSONScanner.scan(data) { try T(scanning: &$0) } }
        #expect(throws: (any Error).self, sourceLocation: sourceLocation) { try JSONDecoder().decode(T.self, from: data) }
    }

    @Test func aPageOfRunsWithEverythingMLflowSends() throws {
        try expectSame(SearchRunsResponse.self, #"""
        {"runs": [{"info": {"run_uuid": "a1", "experiment_id": "3", "run_name": "n", "user_id": "u", "status": "RUNNING",
          "start_time": 1736889540000, "artifact_uri": "mlflow-artifacts:/3/a1/artifacts", "lifecycle_stage": "active", "run_id": "a1"},
          "data": {"metrics": [{"key": "acc", "value": 0.867802, "timestamp": 1736889545000, "step": 4},
                               {"key": "nan", "value": "NaN", "timestamp": 1}, {"key": "inf", "value": "Infinity", "step": -3},
                               {"key": "ninf", "value": "-Infinity"}, {"key": "exp", "value": 1.5e-7}, {"key": "big", "value": 1.7976931348623157e308},
                               {"key": "neg0", "value": -0.0}, {"key": "int", "value": 42}, {"key": "long", "value": 0.12345678901234567890123}],
                   "params": [{"key": "lr", "value": "0.01"}, {"key": "empty"}],
                   "tags": [{"key": "mlflow.runName", "value": "n"}]},
          "inputs": {"dataset_inputs": [{"tags": [{"key": "mlflow.data.context", "value": "train"}],
                     "dataset": {"name": "d", "digest": "x", "source_type": "local", "source": "{}", "schema": "{}", "profile": "{}"}}],
                     "model_inputs": [{"model_id": "m-1"}]},
          "outputs": {"model_outputs": [{"model_id": "m-2", "step": 7}]}}],
         "next_page_token": "eyJvZmZzZXQiOiAxMDB9"}
        """#)
    }

    @Test func stringsWithEscapesControlCharactersAndUnicode() throws {
        try expectSame(KeyValueDTO.self, #"{"key": "\u001b[2J\u001b[31mEVIL\u0000\u007f", "value": "tab\there \"q\" \\ \/ \b\f\n\r"}"#)
        try expectSame(KeyValueDTO.self, #"{"key": "\ud83d\ude00 emoji", "value": "é日本語 \u202e bidi"}"#)
        try expectSame(KeyValueDTO.self, "{\"key\": \"raw é 日本 😀\", \"value\": null}")
    }

    @Test func int64sAsNumbersOrStringsAndNullsAsAbsent() throws {
        try expectSame(MetricDTO.self, #"{"key": "k", "value": "0.5", "timestamp": "9223372036854775807", "step": "-9223372036854775808"}"#)
        try expectSame(MetricDTO.self, #"{"key": "k", "value": null, "timestamp": null, "step": -12, "run_id": null}"#)
        try expectSame(RunDTO.self, #"{"info": {"run_id": "r", "end_time": null}, "data": null, "inputs": null, "outputs": {}}"#)
    }

    @Test func unknownKeysOfAnyShapeAreSkipped() throws {
        try expectSame(RunDTO.self, #"""
         { "future" : {"a": [1, -2.5e+3, true, false, null, {"b": [[], {}]}, "s\"t"]},
           "info" : { "run_id" : "r" , "new": [ ] } , "data" : { "metrics" : [ ] , "x" : "y" } }
        """#)
    }

    @Test func malformedBodiesAreRefusedByBoth() {
        expectBothRefuse(SearchRunsResponse.self, #"{"runs": [{"info": {"run_id": "r"}}"#)                 // truncated
        expectBothRefuse(SearchRunsResponse.self, #"{"runs": []} x"#)                                      // trailing bytes
        expectBothRefuse(SearchRunsResponse.self, #"{"runs": [{"data": {}}]}"#)                            // no info
        expectBothRefuse(SearchRunsResponse.self, #"{"runs": [null]}"#)
        expectBothRefuse(SearchRunsResponse.self, #"{"runs": {}}"#)
        expectBothRefuse(MetricDTO.self, #"{"key": "k", "step": 01}"#)                                      // leading zero
        expectBothRefuse(MetricDTO.self, #"{"key": "k", "step": 9223372036854775808}"#)                     // over int64
        expectBothRefuse(MetricDTO.self, #"{"key": "k", "value": "fast"}"#)
        expectBothRefuse(KeyValueDTO.self, "{\"key\": \"a\u{01}b\"}")                                       // raw control character
        expectBothRefuse(KeyValueDTO.self, "{\"key\": \"a\", \"unknown\u{01}\": 1}")                       // ... in a key it skips
        expectBothRefuse(KeyValueDTO.self, #"{"key": "\ud83d alone"}"#)                                     // lone surrogate
        expectBothRefuse(KeyValueDTO.self, #"{"key": "\x"}"#)
        expectBothRefuse(KeyValueDTO.self, #"{"value": "no key"}"#)
        expectBothRefuse(KeyValueDTO.self, "")
    }

    /// Found by fuzzing: the scanner skipped a key holding invalid UTF-8, where JSONDecoder refuses the body.
    @Test func invalidUTF8InAKeyItSkipsIsRefusedByBoth() throws {
        var bytes = Array(#"{"key": "k", "t"#.utf8)
        bytes += [0xFF, 0xC3, 0x28]
        bytes += Array(#"amp": 10}"#.utf8)
        #expect(throws: (any Error).self) { try JSONScanner.scan(Data(bytes)) { try MetricDTO(scanning: &$0) } }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(MetricDTO.self, from: Data(bytes)) }
        try expectSame(MetricDTO.self, #"{"key": "k", "clé é 日本": 1}"#)
    }

    /// Found by fuzzing: the scanner read 1e-400 as 0, where JSONDecoder refuses a number that is not
    /// zero but rounds to it.
    @Test func numbersThatRoundToZeroAreRefusedByBoth() throws {
        expectBothRefuse(MetricDTO.self, #"{"key": "k", "value": 1e-400}"#)
        expectBothRefuse(MetricDTO.self, #"{"key": "k", "value": -2.4703282292062327e-324}"#)
        try expectSame(MetricDTO.self, #"{"key": "k", "value": 5e-324}"#)
        try expectSame(MetricDTO.self, #"{"key": "k", "value": 0e-400}"#)
        try expectSame(MetricDTO.self, #"{"key": "k", "value": -0.000e999}"#)
    }

    @Test func invalidUTF8AndDeepNestingAreRefused() {
        var bytes = Array(#"{"key": ""#.utf8)
        bytes += [0xC3, 0x28]
        bytes += Array(#""}"#.utf8)
        #expect(throws: (any Error).self) { try JSONScanner.scan(Data(bytes)) { try KeyValueDTO(scanning: &$0) } }
        let deep = #"{"key": "k", "x": "# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        #expect(throws: (any Error).self) { try JSONScanner.scan(Data(deep.utf8)) { try KeyValueDTO(scanning: &$0) } }
    }

    @Test func whatTheScannerWillNotTakeStillDecodesThroughJSONDecoder() async throws {
        let store = try RESTStore(configuration: RESTConfiguration.fromEnvironment(
            baseURL: "http://127.0.0.1:9", environment: [:], credentialsFile: "/nonexistent"))
        // An escaped key and an integer written with an exponent: valid JSON the scanner leaves alone.
        let body = Data(#"{"r\u0075ns": [{"info": {"run_id": "r", "start_time": 1736889540000}, "data": {"metrics": [{"key": "k", "value": 1, "step": 3}]}}]}"#.utf8)
        #expect(throws: (any Error).self) { try JSONScanner.scan(body) { try SearchRunsResponse(scanning: &$0) } }
        let response = try store.decode(SearchRunsResponse.self, body, "/runs/search")
        let run = try #require(response.runs?.first).model()
        #expect(run.info.runId == "r")
        #expect(run.metrics.first?.step == 3)
        // And a body neither can read is the usual clear error.
        #expect(throws: MLflowError.self) { try store.decode(SearchRunsResponse.self, Data("<html>".utf8), "/runs/search") }
        await store.close()
    }

    @Test(.enabled(if: Fixtures.haveServer)) func everyPageOfTheLiveServerReadsTheSameBothWays() async throws {
        guard let url = Fixtures.serverURL else { throw FixtureError.missing("RUNBOARD_TEST_SERVER") }
        let store = try RESTStore(configuration: RESTConfiguration.fromEnvironment(baseURL: url, environment: [:], credentialsFile: "/nonexistent"))
        defer { Task { await store.close() } }
        let experiments = try await store.searchExperiments(view: .all, maxResults: 1000, pageToken: nil).items
        #expect(!experiments.isEmpty)
        var runs: [Run] = []
        for experiment in experiments {
            let body = try JSONSerialization.data(withJSONObject: [
                "experiment_ids": [experiment.experimentId], "run_view_type": "ALL", "max_results": 1000,
            ])
            let data = try await store.transport.send(.POST, "/api/2.0/mlflow/runs/search", json: body)
            let scanned = try JSONScanner.scan(data) { try SearchRunsResponse(scanning: &$0) }
            let decoded = try JSONDecoder().decode(SearchRunsResponse.self, from: data)
            #expect(String(reflecting: scanned) == String(reflecting: decoded))
            runs += try (decoded.runs ?? []).map { try $0.model() }
        }
        #expect(runs.count > 5)
        var histories = 0
        for run in runs {
            let one = try await store.transport.send(.GET, "/api/2.0/mlflow/runs/get", query: [("run_id", run.info.runId)])
            #expect(String(reflecting: try JSONScanner.scan(one) { try GetRunResponse(scanning: &$0) })
                == String(reflecting: try JSONDecoder().decode(GetRunResponse.self, from: one)))
            for metric in run.metrics {
                let query = [("run_id", run.info.runId), ("metric_key", metric.key), ("max_results", "25000")]
                let history = try await store.transport.send(.GET, "/api/2.0/mlflow/metrics/get-history", query: query)
                #expect(String(reflecting: try JSONScanner.scan(history) { try MetricHistoryResponse(scanning: &$0) })
                    == String(reflecting: try JSONDecoder().decode(MetricHistoryResponse.self, from: history)))
                histories += 1
            }
        }
        #expect(histories > 5)
    }
}
