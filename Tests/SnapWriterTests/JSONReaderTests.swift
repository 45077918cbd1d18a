import Testing
@testable import SnapWriter

@Suite struct JSONReaderTests {
    @Test func keepsNumberTextExactlyBeyondTwoToTheSixtyFour() throws {
        // 2^53 + 1 is the first integer a Double cannot hold; 2^64 the first a UInt64 cannot.
        let node = try JSONReader.parse("[9007199254740993, 18446744073709551616, 4294967295429496729565535, -0.5e-3]")
        guard case .array(let items) = node.kind else { Issue.record("not an array"); return }
        #expect(items.map(\.kind) == [
            .number("9007199254740993"), .number("18446744073709551616"),
            .number("4294967295429496729565535"), .number("-0.5e-3"),
        ])
    }

    @Test func keepsMembersInOrderWithDuplicates() throws {
        let node = try JSONReader.parse(#"{"b": 1, "a": [true, false, null], "b": "x"}"#)
        guard case .object(let members) = node.kind else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "b"])
        #expect(members[1].value.kind == .array([
            JSONNode(kind: .bool(true), offset: 15), JSONNode(kind: .bool(false), offset: 21),
            JSONNode(kind: .null, offset: 28),
        ]))
        #expect(members[2].value.kind == .string("x"))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let node = try JSONReader.parse(#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00é""#)
        #expect(node.kind == .string("a\"b\\c/d\u{8}\u{c}\n\r\té😀é"))
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try JSONReader.parse("\u{FEFF}[]").kind == .array([]))
    }

    @Test func recordsWhereEachValueStarts() throws {
        let text = "[\n  {\"k\": 12}\n]"
        let node = try JSONReader.parse(text)
        guard case .array(let items) = node.kind, case .object(let members) = items[0].kind else {
            Issue.record("unexpected shape"); return
        }
        #expect(JSONReader.position(ofOffset: items[0].offset, in: text) == (2, 3))
        #expect(JSONReader.position(ofOffset: members[0].value.offset, in: text) == (2, 9))
    }

    @Test(arguments: [
        ("", 1, 1, "expected a value, found the end of the text"),
        ("[1,]", 1, 4, "expected a value (object, array, string, number, true, false or null)"),
        ("[1 2]", 1, 4, "expected ',' or ']' after an array element"),
        ("{\"a\" 1}", 1, 6, "expected ':' after the member name"),
        ("{a: 1}", 1, 2, "expected a member name in double quotes"),
        ("{\"a\": 1,}", 1, 9, "expected a member name in double quotes"),
        ("[01]", 1, 2, "a number must not have leading zeros"),
        ("[1.]", 1, 4, "expected a digit after the decimal point"),
        ("[1e]", 1, 4, "expected a digit in the exponent"),
        ("[-]", 1, 3, "expected a digit"),
        ("[NaN]", 1, 2, "expected a value (object, array, string, number, true, false or null)"),
        ("[tru]", 1, 2, "expected 'true'"),
        ("\"abc", 1, 1, "unterminated string"),
        ("\"a\tb\"", 1, 3, "control character in a string; write it as an escape such as \\n"),
        ("\"\\x\"", 1, 3, "invalid escape; allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"),
        ("\"\\u12G4\"", 1, 4, "expected four hex digits after \\u"),
        ("\"\\ud83d\"", 1, 2, "unpaired surrogate in a \\u escape"),
        ("\"\\ude00\"", 1, 2, "unpaired surrogate in a \\u escape"),
        ("[]\n  x", 2, 3, "unexpected text after the JSON value"),
        ("[\"é\", x]", 1, 7, "expected a value (object, array, string, number, true, false or null)"),
    ])
    func reportsSyntaxErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect(throws: JSONReader.SyntaxError(line: line, column: column, message: message)) {
            try JSONReader.parse(text)
        }
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let deep = String(repeating: "[", count: JSONReader.maximumDepth + 1)
        #expect(throws: JSONReader.SyntaxError.self) { try JSONReader.parse(deep) }
        let allowed = String(repeating: "[", count: JSONReader.maximumDepth)
            + String(repeating: "]", count: JSONReader.maximumDepth)
        #expect(throws: Never.self) { try JSONReader.parse(allowed) }
    }
}
