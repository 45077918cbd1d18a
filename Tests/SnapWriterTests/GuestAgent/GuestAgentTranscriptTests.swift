import Foundation
import Testing
@testable import SnapWriter

/// The transcripts of reference/qemu-guest-agent.md §1.8, byte for byte.
@Suite struct GuestAgentTranscriptTests {
    @Test func socatSessionWithoutIds() {
        let (agent, system) = GuestAgent.testing(.windows)
        #expect(agent.exchange(#"{"execute":"guest-ping"}"#) == "{\"return\": {}}\n")
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-status"}"#) == "{\"return\": \"thawed\"}\n")
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#) == "{\"return\": 2}\n")
        #expect(agent.exchange(#"{"execute":"guest-get-time"}"#)
            == #"{"error": {"class": "CommandNotFound", "desc": "Command guest-get-time has been disabled: the command is not allowed"}}"# + "\n")
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-thaw"}"#) == "{\"return\": 2}\n")
        #expect(system.calls == ["freeze all", "thaw"])
    }

    @Test func qemuQmpSyncWithItsIdAndNoNewline() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{"execute":"guest-sync","arguments":{"id":305419896},"id":"__qmp#00000"}"#)
            == "{\"return\": 305419896, \"id\": \"__qmp#00000\"}\n")
    }

    @Test func proxmoxSyncDelimitedAndCommandInOneWrite() throws {
        let (agent, system) = GuestAgent.testing(.linux)
        system.freezeAnswer = .success(3)
        let request = #"{"execute":"guest-sync-delimited","arguments":{"id":1234501}}"# + "\n"
            + #"{"execute":"guest-fsfreeze-freeze","arguments":{}}"# + "\n"
        let reply = agent.receive(Array(request.utf8))
        #expect(reply == [0xFF] + Array("{\"return\": 1234501}\n{\"return\": 3}\n".utf8))
        // QMPClient.pm: s/^.*\xff([^\n]+}\r?\n[^\n]+})\r?\n(.*)$/$2/so, on the bytes as Latin-1.
        let text = String(reply.map { Character(Unicode.Scalar($0)) })
        let proxmox = try Regex(#"^.*\xff([^\n]+}\r?\n[^\n]+})\r?\n(.*)$"#).dotMatchesNewlines()
        let match = try #require(try proxmox.wholeMatch(in: text))
        #expect(match.output[1].substring == "{\"return\": 1234501}\n{\"return\": 3}")
        #expect(match.output[2].substring == "")
    }

    @Test func theSentinelIsOneShot() {
        let (agent, _) = GuestAgent.testing()
        let reply = agent.receive(Array(#"{"execute":"guest-sync-delimited","arguments":{"id":7}}{"execute":"guest-ping"}"#.utf8))
        #expect(reply == [0xFF] + Array("{\"return\": 7}\n{\"return\": {}}\n".utf8))
        #expect(agent.exchange(#"{"execute":"guest-sync","arguments":{"id":8}}"#) == "{\"return\": 8}\n")
    }

    @Test func aRefusedSyncDelimitedHasNoSentinel() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{"execute":"guest-sync-delimited"}"#)
            == #"{"error": {"class": "GenericError", "desc": "Parameter 'id' is missing"}}"# + "\n")
    }

    @Test func aLeadingFFIsAnsweredWithTheStrayErrorThenTheRequest() {
        let (agent, _) = GuestAgent.testing()
        let reply = agent.receive([0xFF] + Array(#"{"execute":"guest-sync-delimited","arguments":{"id":42}}"#.utf8))
        #expect(reply == Array(#"{"error": {"class": "GenericError", "desc": "JSON parse error, stray '\uFFFD'"}}"#.utf8)
            + [0x0A, 0xFF] + Array("{\"return\": 42}\n".utf8))
    }

    @Test func qemuTestSuiteSingleQuotedSync() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange("{'execute': 'guest-sync', 'arguments': {'id': 4242 } }") == "{\"return\": 4242}\n")
    }

    @Test func qemuTestSuiteUnexpectedParameter() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange("{'execute': 'guest-ping', 'arguments': {'foo': 42}}")
            == #"{"error": {"class": "GenericError", "desc": "Parameter 'foo' is unexpected"}}"# + "\n")
    }

    @Test func aFreshAgentIsThawed() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-status","id":1}"#) == "{\"return\": \"thawed\", \"id\": 1}\n")
        #expect(!agent.isFrozen)
    }
}
