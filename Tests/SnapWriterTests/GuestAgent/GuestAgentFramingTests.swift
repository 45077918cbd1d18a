import Foundation
import Testing
@testable import SnapWriter

/// Input framing (§1.2): a stream of JSON texts ended by balance, not by lines, with QEMU's
/// lexical and parse errors and its recovery.
@Suite struct GuestAgentFramingTests {
    static let session = #"{"execute":"guest-sync","arguments":{"id":1},"id":"a"}"#
        + "{'execute':'guest-ping','id':[1,{'b':null}]}\n"
        + #"  {"execute": "guest-fsfreeze-status", "arguments": {}, "id": -3.5}"#
        + #"{"execute":"guest-info","arguments":{"x":1}}"#

    static let sessionReply = "{\"return\": 1, \"id\": \"a\"}\n"
        + "{\"return\": {}, \"id\": [1, {\"b\": null}]}\n"
        + "{\"return\": \"thawed\", \"id\": -3.5}\n"
        + "{\"error\": {\"class\": \"GenericError\", \"desc\": \"Parameter 'x' is unexpected\"}}\n"

    @Test func wholeSessionInOneWrite() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(Self.session) == Self.sessionReply)
    }

    @Test func everySplitPointGivesTheSameBytes() {
        let bytes = Array(Self.session.utf8)
        for split in 0...bytes.count {
            let (agent, _) = GuestAgent.testing()
            let reply = agent.receive(Array(bytes[..<split])) + agent.receive(Array(bytes[split...]))
            #expect(String(decoding: reply, as: UTF8.self) == Self.sessionReply, "split at \(split)")
        }
    }

    @Test func oneByteAtATime() {
        let (agent, _) = GuestAgent.testing()
        var reply: [UInt8] = []
        for byte in Array(Self.session.utf8) { reply += agent.receive([byte]) }
        #expect(String(decoding: reply, as: UTF8.self) == Self.sessionReply)
    }

    @Test func aNumberAtTopLevelWaitsForTheByteThatEndsIt() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange("42").isEmpty)
        #expect(agent.exchange(" ") == #"{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}"# + "\n")
    }

    @Test func aPartialTextCarriesOverToTheNextClient() {
        // The agent's parser outlives connections; a 0xFF is how a new client flushes it.
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{"execute":"guest-ping","#).isEmpty)
        #expect(agent.exchange(#""id":"next-client"}"#) == "{\"return\": {}, \"id\": \"next-client\"}\n")
        #expect(agent.exchange(#"{"execute":"guest-pi"#).isEmpty)
        let reply = agent.receive([0xFF] + Array(#"{"execute":"guest-sync","arguments":{"id":5}}"#.utf8))
        #expect(String(decoding: reply, as: UTF8.self)
            == #"{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\"guest-pi\uFFFD'"}}"# + "\n"
            + "{\"return\": 5}\n")
    }

    @Test(arguments: [
        ("@", #"JSON parse error, stray '@'"#),
        ("\u{1}", #"JSON parse error, stray '\u0001'"#),
        ("\"ab\u{7}", #"JSON parse error, stray '\"ab\u0007'"#),
        ("01", #"JSON parse error, stray '01'"#),
        ("-x", #"JSON parse error, stray '-x'"#),
        ("1.e", #"JSON parse error, stray '1.e'"#),
        ("TRUE", #"JSON parse error, stray 'T'"#),
        ("\"é\u{0}", #"JSON parse error, stray '\"\u00E9'"#),
    ])
    func lexicalErrors(input: String, desc: String) {
        let (agent, _) = GuestAgent.testing()
        let reply = agent.exchange(input + "{\"execute\":\"guest-ping\"}")
        let first = String(reply.split(separator: "\n")[0])
        #expect(first == #"{"error": {"class": "GenericError", "desc": ""# + desc + #""}}"#)
        #expect(reply.hasSuffix("{\"return\": {}}\n"), "recovers at the next brace: \(reply)")
    }

    @Test func recoverySkipsUntilAStructuralCharacter() {
        let (agent, _) = GuestAgent.testing()
        // After the stray '@', "junk tru" is skipped in recovery; '{' starts afresh.
        #expect(agent.exchange("@junk tru{\"execute\":\"guest-ping\"}")
            == #"{"error": {"class": "GenericError", "desc": "JSON parse error, stray '@'"}}"# + "\n{\"return\": {}}\n")
        // Two impossible bytes are two errors: each one ends recovery and is stray again.
        let reply = agent.receive([0xFF, 0xFE])
        #expect(String(decoding: reply, as: UTF8.self)
            == String(repeating: #"{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\uFFFD'"}}"# + "\n", count: 2))
    }

    @Test(arguments: [
        ("foo", "JSON parse error, invalid keyword 'foo'"),
        ("{\"a\" 1}", "JSON parse error, missing : in object pair"),
        ("{\"a\":}", "JSON parse error, expecting value"),
        ("{\"a\":1,\"a\":2}", "JSON parse error, duplicate key"),
        ("{1:2}", "JSON parse error, key is not a string in object"),
        ("{\"a\":1 \"b\":2}", "JSON parse error, expected separator in dict"),
        ("[1 2]", "JSON parse error, expected separator in list"),
        ("[1,]", "JSON parse error, expecting value"),
        ("]", "JSON parse error, expecting value"),
        (":", "JSON parse error, expecting value"),
        ("\"\\x\"", "JSON parse error, invalid escape sequence in string"),
        ("\"\\uD800\"", #"JSON parse error, \\uD800 is not a valid Unicode character"#),
        ("\"\\u12\"", #"JSON parse error, \\u12\" is not a valid Unicode character"#),
        ("\"\\uFFFF\"", #"JSON parse error, \\uFFFF is not a valid Unicode character"#),
    ])
    func parseErrors(input: String, desc: String) {
        let (agent, _) = GuestAgent.testing()
        // The trailing space ends a keyword or number, which needs the byte after it.
        #expect(agent.exchange(input + " ") == #"{"error": {"class": "GenericError", "desc": ""# + desc + #""}}"# + "\n")
    }

    @Test func invalidUTF8InsideAString() {
        let (agent, _) = GuestAgent.testing()
        let reply = agent.receive(Array(#"{"execute":"#.utf8) + [0x22, 0xC3, 0x28, 0x22, 0x7D])
        #expect(String(decoding: reply, as: UTF8.self)
            == #"{"error": {"class": "GenericError", "desc": "JSON parse error, invalid UTF-8 sequence in string"}}"# + "\n")
    }

    @Test func idsComeBackAsQemuWritesThem() {
        let (agent, _) = GuestAgent.testing()
        let cases: [(String, String)] = [
            ("\"caf\\u00e9 \\ud83d\\ude00 \\u0000x\"", "\"caf\\u00E9 \\uD83D\\uDE00 \\u0000x\""),
            ("18446744073709551615", "18446744073709551615"),
            ("-9223372036854775809", "-9.2233720368547758e+18"),
            ("0.1", "0.10000000000000001"),
            ("1E2", "100"),
            // QEMU's writer prints a double with %.17g, infinity included (a FIXME in json-writer.c).
            ("-1e999", "-inf"),
            ("{\"z\": 1, \"id\": true, \"return\": false}", "{\"z\": 1, \"return\": false, \"id\": true}"),
        ]
        for (given, written) in cases {
            #expect(agent.exchange(#"{"execute":"guest-ping","id":"# + given + "}") == "{\"return\": {}, \"id\": " + written + "}\n")
        }
    }

    @Test func singleQuotedStringsMayHoldDoubleQuotesAndEscapedApostrophes() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{'execute':'guest-ping','id':'say "hi" it\'s'}"#)
            == #"{"return": {}, "id": "say \"hi\" it's"}"# + "\n")
    }

    @Test func nestingLimitIsQemus() {
        let (agent, _) = GuestAgent.testing()
        let deepest = String(repeating: "[", count: 1024) + String(repeating: "]", count: 1024)
        #expect(agent.exchange(deepest) == #"{"error": {"class": "GenericError", "desc": "QMP input must be a JSON object"}}"# + "\n")
        let reply = agent.exchange(String(repeating: "[", count: 1025))
        #expect(reply == #"{"error": {"class": "GenericError", "desc": "JSON nesting depth limit exceeded"}}"# + "\n")
        #expect(agent.exchange(#"{"execute":"guest-ping"}"#) == "{\"return\": {}}\n")
    }

    @Test func tokenCountAndSizeLimits() {
        let limits = AgentJSONLimits(tokenSize: 64, tokenCount: 10, nesting: 1024)
        let (agent, _) = GuestAgent.testing(limits: limits)
        #expect(agent.exchange("[1,2,3,4,5,") == #"{"error": {"class": "GenericError", "desc": "JSON token count limit exceeded"}}"# + "\n")
        #expect(agent.exchange("[\"" + String(repeating: "a", count: 70) + "\"]").hasPrefix(
            #"{"error": {"class": "GenericError", "desc": "JSON token size limit exceeded"}}"#))
        // What followed the cut lexes on as new tokens; a 0xFF flushes the rest.
        let reply = agent.receive([0xFF] + Array(#"{"execute":"guest-ping"}"#.utf8))
        #expect(String(decoding: reply, as: UTF8.self).hasSuffix("{\"return\": {}}\n"))
    }

    @Test func qemuTokenCountLimitOnRealSizes() {
        let (agent, _) = GuestAgent.testing()
        var input = Array("[".utf8)
        input.reserveCapacity(4 << 20)
        for _ in 0..<(1 << 20) { input += [UInt8(ascii: "1"), UInt8(ascii: ",")] }
        let reply = agent.receive(input)
        #expect(String(decoding: reply, as: UTF8.self)
            == #"{"error": {"class": "GenericError", "desc": "JSON token count limit exceeded"}}"# + "\n")
    }
}
