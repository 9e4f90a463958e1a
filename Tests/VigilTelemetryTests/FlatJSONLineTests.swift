import Testing
@testable import VigilTelemetry

@Suite struct FlatJSONLineTests {
    func parse(_ s: String) throws(FlatJSONError) -> FlatJSONLine {
        let bytes = Array(s.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(FlatJSONError) in try FlatJSONLine.parse(buffer) }
    }

    @Test func readsScalarsAndSkipsNestedValues() throws {
        let line = try parse(#" {"a": "x\"y\u00e9\ud83d\ude00", "n": -1.5e3, "t": true, "z": null, "o": {"k": [1, {"q": 2}]}, "e": ""} "#)
        #expect(line["a"] == .string("x\"yé😀"))
        #expect(line["n"] == .number(-1500))
        #expect(line["t"] == .bool(true))
        #expect(line["z"] == .null)
        #expect(line["o"] == .nested)
        #expect(line["e"] == .string(""))
        #expect(line["missing"] == nil)
    }

    @Test func errorsNameTheColumn() {
        #expect(throws: FlatJSONError(column: 1, reason: "expected '{' (each line must be one JSON object)")) { try parse("[1]") }
        #expect(throws: FlatJSONError(column: 9, reason: "expected ',' or '}'")) { try parse(#"{"a": 1 "b": 2}"#) }
        #expect(throws: FlatJSONError(column: 10, reason: "unterminated string")) { try parse(#"{"a":"abc"#) }
        #expect(throws: FlatJSONError(column: 10, reason: "unexpected text after the object")) { try parse(#"{"a": 1} x"#) }
        #expect(throws: FlatJSONError(column: 7, reason: "invalid literal")) { try parse(#"{"a": nope}"#) }
        #expect(throws: FlatJSONError(column: 7, reason: "invalid value")) { try parse(#"{"a": 1..2}"#) }
    }
}
