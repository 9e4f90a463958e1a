import Testing
import VigilAPIModel

@Suite("JSONWriter")
struct JSONWriterTests {
    private func text(_ value: JSONValue) -> String {
        JSONWriter.writeString(value)
    }

    @Test func compactWithSortedKeys() {
        let value: JSONValue = ["b": 1, "a": [true, false, nil], "C": ["y": "z", "x": 2.5]]
        #expect(text(value) == #"{"C":{"x":2.5,"y":"z"},"a":[true,false,null],"b":1}"#)
        #expect(JSONWriter.write(value) == Array(text(value).utf8))
        #expect(text([:]) == "{}")
        #expect(text([]) == "[]")
    }

    @Test func stringEscaping() {
        #expect(text(.string("\"\\\n\r\t\u{08}\u{0C}\u{01}\u{1F}/é😀")) == #""\"\\\n\r\t\b\f\u0001\u001f/é😀""#)
        #expect(text(.string("")) == #""""#)
        #expect(text(["a\"b": "c"]) == #"{"a\"b":"c"}"#)
    }

    @Test func numbers() {
        #expect(text(.int(0)) == "0")
        #expect(text(.int(7)) == "7")
        #expect(text(.int(-42)) == "-42")
        #expect(text(.int(Int64.min)) == "-9223372036854775808")
        #expect(text(.double(1)) == "1.0")
        #expect(text(.double(0.1)) == "0.1")
        #expect(text(.double(-0.0)) == "-0.0")
        #expect(text(.double(1e20)) == "1e+20")
        #expect(text(.double(1e-7)) == "1e-07")
        #expect(text(.double(1_767_225_600.123)) == "1767225600.123")
        #expect(text(.double(.nan)) == "null")
        #expect(text(.double(.infinity)) == "null")
    }

    @Test func roundTripValues() throws {
        let value: JSONValue = [
            "unicode": "e\u{301} 中文 😀 \u{7F} \u{2028}",
            "control": "\u{0}\u{1}\n",
            "numbers": [0, -1, .int(Int64.max), 0.5, 1.0, -2.5e-300, 1.7976931348623157e308, .double(Double.leastNonzeroMagnitude)],
            "nested": ["a": [["b": nil]], "empty": [:], "list": []],
            "bool": true,
        ]
        #expect(try JSONParser.parse(JSONWriter.write(value)) == value)
    }

    @Test func roundTripDoubles() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let bits = generator.next() as UInt64
            let number = Double(bitPattern: bits)
            guard number.isFinite else { continue }
            let written = JSONWriter.write(.double(number))
            let parsed = try JSONParser.parse(written)
            #expect(parsed == .double(number), "\(number)")
        }
    }

    @Test func canonicalTextIsStable() throws {
        let canonical = #"{"a":[1,2.5,"x",null,true],"b":{"c":{}},"d":"\"q\""}"#
        #expect(JSONWriter.writeString(try JSONParser.parse(canonical)) == canonical)
    }

    @Test func descriptionIsJSON() {
        #expect(JSONValue.object(["k": .array([1, "v"])]).description == #"{"k":[1,"v"]}"#)
    }

    @Test func accessors() {
        let value: JSONValue = ["s": "x", "i": 3, "d": 2.0, "f": 2.5, "b": true, "a": [1], "n": nil]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["i"]?.intValue == 3)
        #expect(value["d"]?.int64Value == 2)
        #expect(value["f"]?.int64Value == nil)
        #expect(value["i"]?.doubleValue == 3)
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?[0] == 1)
        #expect(value["a"]?[1] == nil)
        #expect(value["n"]?.isNull == true)
        #expect(value["missing"] == nil)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value.objectValue?.count == 7)
        #expect(JSONValue.int(1) != JSONValue.double(1))
    }
}
