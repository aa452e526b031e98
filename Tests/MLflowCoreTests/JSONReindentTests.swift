import Foundation
@testable import MLflowCore
import Testing

/// JSON laid out again with its tokens as written: numbers, escapes, key order and repeated keys.
@Suite struct JSONReindentTests {
    func laidOut(_ text: String) throws -> String {
        String(decoding: try JSONReindent.reindent(Array(text.utf8)), as: UTF8.self)
    }

    func failure(_ text: String) -> JSONReindent.Failure? {
        do {
            _ = try JSONReindent.reindent(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func nestedObjectsAndArrays() throws {
        let text = #"{"b":1,"a":[true,false,null,{"c":[]},{}],"d":{"e":"f"}}"#
        #expect(try laidOut(text) == """
        {
          "b": 1,
          "a": [
            true,
            false,
            null,
            {
              "c": []
            },
            {}
          ],
          "d": {
            "e": "f"
          }
        }
        """)
    }

    @Test func numbersAreKeptDigitForDigit() throws {
        let text = "[1e400, 0.10, -0, 123456789012345678901234567890, 1E+2, 5e-324, 2.50]"
        #expect(try laidOut(text) == "[\n  1e400,\n  0.10,\n  -0,\n  123456789012345678901234567890,\n  1E+2,\n  5e-324,\n  2.50\n]")
    }

    /// Found by the jsonlayout fuzz target: a number past Double's range, which JSON allows and
    /// Foundation refuses, is kept as written.
    @Test func aNumberPastDoublesRangeIsKept() throws {
        #expect(try laidOut("1234123456781E4003") == "1234123456781E4003")
        #expect(try laidOut("[-1e-400, 1E+99999]") == "[\n  -1e-400,\n  1E+99999\n]")
    }

    @Test func stringsKeepTheirEscapesAndUnicode() throws {
        let text = #"{"k\"ey":"tab\there \u00e9 é \ud83d\ude00 😀 \/ \\","ключ":"值"}"#
        #expect(try laidOut(text) == "{\n  \"k\\\"ey\": \"tab\\there \\u00e9 é \\ud83d\\ude00 😀 \\/ \\\\\",\n  \"ключ\": \"值\"\n}")
    }

    @Test func repeatedKeysAndOrderStay() throws {
        #expect(try laidOut(#"{"z":1,"a":2,"z":3}"#) == "{\n  \"z\": 1,\n  \"a\": 2,\n  \"z\": 3\n}")
    }

    @Test func scalarsAtTheTopAndWhitespaceAndABOM() throws {
        #expect(try laidOut("  42 \n") == "42")
        #expect(try laidOut("\"x\"") == "\"x\"")
        #expect(try laidOut("\u{FEFF}[ ]") == "[]")
        #expect(try laidOut("{ \r\n\t}") == "{}")
    }

    @Test func invalidInputSaysWhereAndWhy() {
        let cases: [(String, Int, Int, String)] = [
            ("", 1, 1, "no JSON value"),
            ("{\"a\": 1,}", 1, 9, "expected a key in quotes"),
            ("[1, 2", 1, 6, "unexpected end: an array is not closed"),
            ("{\n  \"a\": tru\n}", 2, 8, "expected a value"),
            ("[01]", 1, 3, "expected ',' or ']'"),
            ("[1.]", 1, 4, "invalid number: a digit must follow '.'"),
            ("[-]", 1, 3, "invalid number: a digit must follow '-'"),
            ("[1e]", 1, 4, "invalid number: the exponent has no digits"),
            ("\"a\nb\"", 1, 3, "a control character inside a string (it must be escaped)"),
            ("\"\\x\"", 1, 3, "invalid escape in a string"),
            ("\"\\u12g4\"", 1, 6, "\\u must be followed by four hex digits"),
            ("\"abc", 1, 5, "unterminated string"),
            ("{} {}", 1, 4, "unexpected text after the JSON value"),
            ("{\"a\" 1}", 1, 6, "expected ':' after the key"),
            ("[1 2]", 1, 4, "expected ',' or ']'"),
            ("{\"a\":1]", 1, 7, "expected ',' or '}'"),
            ("[\"é\", x]", 1, 7, "expected a value"),
            ("NaN", 1, 1, "expected a value"),
        ]
        for (text, line, column, message) in cases {
            let failure = failure(text)
            #expect(failure?.line == line && failure?.column == column && failure?.message == message, "\(text.debugDescription): \(String(describing: failure))")
        }
    }

    @Test func depthIsBoundedWithoutRecursion() throws {
        let deep = String(repeating: "[", count: JSONReindent.maxDepth) + String(repeating: "]", count: JSONReindent.maxDepth)
        #expect(try JSONReindent.reindent(Array(deep.utf8)).count > deep.count)
        let deeper = String(repeating: "[", count: 100_000)
        #expect(failure(deeper)?.message == "nested deeper than \(JSONReindent.maxDepth) levels")
    }

    @Test func outputIsBounded() {
        let text = "[" + Array(repeating: "1", count: 1_000).joined(separator: ",") + "]"
        do {
            _ = try JSONReindent.reindent(Array(text.utf8), maxOutputBytes: 1_000)
            Issue.record("a layout over the limit was returned")
        } catch {
            #expect(error.message.hasPrefix("too large to lay out"))
        }
    }

    /// Whatever Foundation reads is read, and means the same after the layout. (Foundation on
    /// Linux also takes a trailing comma, which RFC 8259 does not allow; a lone surrogate escape
    /// is kept as written, where Foundation refuses it.)
    @Test func agreesWithFoundationOnValidity() throws {
        #expect(!JSONReindent.isValid(Array("[1,]".utf8)) && !JSONReindent.isValid(Array("{\"a\":1,}".utf8)))
        #expect(JSONReindent.isValid(Array("[\"\\ud800\"]".utf8)))
        let samples = [#"{"a":[1,2,{"b":null}],"c":"d"}"#, "[]", "[[[]]]", #"{"x":-1.5e-3}"#, "{,}", #"{"a":1 "b":2}"#, "[1 2]", "{\"a\"}"]
        for sample in samples {
            let ours = JSONReindent.isValid(Array(sample.utf8))
            let theirs = (try? JSONSerialization.jsonObject(with: Data(sample.utf8), options: [.fragmentsAllowed])) != nil
            #expect(ours == theirs, "\(sample)")
            if ours, let object = try? JSONSerialization.jsonObject(with: Data(sample.utf8), options: [.fragmentsAllowed]) {
                let again = try JSONSerialization.jsonObject(with: Data(try JSONReindent.reindent(Array(sample.utf8))), options: [.fragmentsAllowed])
                #expect((object as? NSObject) == (again as? NSObject))
            }
        }
    }
}
