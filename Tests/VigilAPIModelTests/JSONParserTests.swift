import Testing
import VigilAPIModel

@Suite("JSONParser")
struct JSONParserTests {
    private func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private func failure(_ bytes: [UInt8]) -> JSONParseError? {
        do {
            _ = try JSONParser.parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    private func failure(_ text: String) -> JSONParseError? {
        failure(Array(text.utf8))
    }

    @Test func literalsAndContainers() throws {
        #expect(try parse("null") == .null)
        #expect(try parse(" true ") == .bool(true))
        #expect(try parse("\tfalse\r\n") == .bool(false))
        #expect(try parse("[]") == .array([]))
        #expect(try parse("{}") == .object([:]))
        #expect(try parse(#"{"a":[1,{"b":null}],"c":"d"}"#)
            == .object(["a": .array([.int(1), .object(["b": .null])]), "c": .string("d")]))
        #expect(try parse(" [ 1 , 2 ] ") == [1, 2])
    }

    @Test func numbers() throws {
        #expect(try parse("0") == .int(0))
        #expect(try parse("-0") == .int(0))
        #expect(try parse("123") == .int(123))
        #expect(try parse("-9223372036854775808") == .int(Int64.min))
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("9223372036854775808") == .double(9.223372036854775808e18))
        #expect(try parse("-9223372036854775809") == .double(-9.223372036854775808e18))
        #expect(try parse("1.5") == .double(1.5))
        #expect(try parse("1e3") == .double(1000))
        #expect(try parse("1.0") == .double(1))
        #expect(try parse("-1.25E-2") == .double(-0.0125))
        #expect(try parse("1e+2") == .double(100))
        #expect(try parse("1767225600.123") == .double(1_767_225_600.123))
    }

    @Test func strings() throws {
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{08}\u{0C}\n\r\t"))
        #expect(try parse(#""caf\u00e9 \u00E9""#) == .string("café é"))
        #expect(try parse(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse("\"é😀中\"") == .string("é😀中"))
        #expect(try parse(#""a\u0041b""#) == .string("aAb"))
        #expect(try parse(#"{"\u00e9":1}"#) == .object(["é": 1]))
    }

    @Test func duplicateKeysLastWins() throws {
        #expect(try parse(#"{"a":1,"b":2,"a":3}"#) == .object(["a": 3, "b": 2]))
    }

    @Test func errorMessageFormat() {
        let error = failure(#"{"a":1 "b":2}"#)
        #expect(error == JSONParseError(offset: 7, reason: "expected ',' or '}'"))
        #expect(error?.message == "Malformed JSON at byte 7: expected ',' or '}'")
        #expect(error?.description == "Malformed JSON at byte 7: expected ',' or '}'")
    }

    @Test(arguments: [
        ("", 0, "unexpected end of input, expected a value"),
        ("   ", 3, "unexpected end of input, expected a value"),
        ("[1,2", 4, "unexpected end of input, expected ',' or ']'"),
        ("[1 2]", 3, "expected ',' or ']'"),
        ("[1,]", 3, "expected a value, found ']'"),
        ("{,}", 1, "expected a string key or '}'"),
        (#"{"a":1,}"#, 7, "expected a string key"),
        (#"{"a" 1}"#, 5, "expected ':'"),
        (#"{"a":}"#, 5, "expected a value, found '}'"),
        ("{a:1}", 1, "expected a string key or '}'"),
        (#"{"a":1}x"#, 7, "unexpected data after the JSON value"),
        ("1 2", 2, "unexpected data after the JSON value"),
        ("01", 1, "leading zeros are not allowed in numbers"),
        ("-", 1, "unexpected end of input in number"),
        ("-a", 1, "expected a digit after '-'"),
        ("1.", 2, "unexpected end of input in number"),
        ("1.e5", 2, "expected a digit after '.'"),
        ("1e", 2, "unexpected end of input in number"),
        ("1e+", 3, "unexpected end of input in number"),
        (".5", 0, "expected a value, found '.'"),
        ("+1", 0, "expected a value, found '+'"),
        ("1e400", 0, "number out of range"),
        ("NaN", 0, "expected a value, found 'N'"),
        ("'a'", 0, "expected a value, found '''"),
        ("tru", 3, "unexpected end of input in literal 'true'"),
        ("trux", 0, "invalid literal, expected 'true'"),
        ("nul", 3, "unexpected end of input in literal 'null'"),
        ("[fals]", 1, "invalid literal, expected 'false'"),
        (#""abc"#, 4, "unexpected end of input in string"),
        (#""a\qb""#, 2, #"invalid escape sequence '\q'"#),
        (#""\u12""#, 5, #"invalid \u escape, expected 4 hexadecimal digits"#),
        (#""\ud800""#, 1, #"unpaired UTF-16 surrogate in \u escape"#),
        (#""\ud800\u0041""#, 1, #"unpaired UTF-16 surrogate in \u escape"#),
        (#""\udc00""#, 1, #"unpaired UTF-16 surrogate in \u escape"#),
        ("\"a\nb\"", 2, "unescaped control character U+000A in string"),
        ("\"\t\"", 1, "unescaped control character U+0009 in string"),
        ("[1]/*c*/", 3, "unexpected data after the JSON value"),
    ] as [(String, Int, String)])
    func invalidDocuments(text: String, offset: Int, reason: String) {
        #expect(failure(text) == JSONParseError(offset: offset, reason: reason))
    }

    @Test func invalidUTF8() {
        #expect(failure([0x22, 0xC3, 0x28, 0x22]) == JSONParseError(offset: 1, reason: "invalid UTF-8 sequence in string"))
        #expect(failure([0x22, 0xC0, 0xAF, 0x22]) == JSONParseError(offset: 1, reason: "invalid UTF-8 byte 0xC0 in string"))
        // An encoded surrogate (U+D800) is not valid UTF-8.
        #expect(failure([0x22, 0x61, 0xED, 0xA0, 0x80, 0x22]) == JSONParseError(offset: 2, reason: "invalid UTF-8 sequence in string"))
        #expect(failure([0x22, 0xF0, 0x9F, 0x98]) == JSONParseError(offset: 1, reason: "truncated UTF-8 sequence in string"))
        // Byte order mark.
        #expect(failure([0xEF, 0xBB, 0xBF, 0x31]) == JSONParseError(offset: 0, reason: "expected a value, found byte 0xEF"))
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(Array(ok.utf8)) }
        let tooDeep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(failure(tooDeep) == JSONParseError(offset: 64, reason: "maximum nesting depth of 64 exceeded"))
        let objects = String(repeating: #"{"a":"#, count: 65) + "1" + String(repeating: "}", count: 65)
        #expect(failure(objects) == JSONParseError(offset: 320, reason: "maximum nesting depth of 64 exceeded"))
        // A hostile input does not exhaust the stack.
        #expect(failure(String(repeating: "[", count: 1_000_000))?.reason == "maximum nesting depth of 64 exceeded")
        // Custom limit.
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array("[[1]]".utf8), maximumDepth: 1) }
        #expect(try JSONParser.parse(Array("[[1]]".utf8), maximumDepth: 2) == [[1]])
    }

    @Test func stringOverload() throws {
        #expect(try JSONParser.parse(#"{"k":"é"}"#) == ["k": "é"])
    }
}
