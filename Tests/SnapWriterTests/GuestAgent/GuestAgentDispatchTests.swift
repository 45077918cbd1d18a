import Foundation
import Testing
@testable import SnapWriter

/// The request envelope, arguments, command lookup and `guest-info` (§1.4, §1.6, §2.3).
@Suite struct GuestAgentDispatchTests {
    @Test(arguments: [
        (#"[1]"#, agentError("QMP input must be a JSON object")),
        (#""guest-ping""#, agentError("QMP input must be a JSON object")),
        (#"{}"#, agentError("QMP input lacks member 'execute'")),
        (#"{"id": 5}"#, agentError("QMP input lacks member 'execute'", id: "5")),
        (#"{"execute": 1, "id": "x"}"#, agentError("QMP input member 'execute' must be a string", id: #""x""#)),
        (#"{"execute": "guest-ping", "arguments": [], "id": 2}"#, agentError("QMP input member 'arguments' must be an object", id: "2")),
        (#"{"exec-oob": "guest-ping"}"#, agentError("QMP input member 'exec-oob' is unexpected")),
        (#"{"execute": "guest-ping", "foo": 1}"#, agentError("QMP input member 'foo' is unexpected")),
        (#"{"execute": "guest-nope", "id": null}"#, agentError("The command guest-nope has not been found", "CommandNotFound", id: "null")),
        (#"{"execute": "query-status"}"#, agentError("The command query-status has not been found", "CommandNotFound")),
        (#"{"execute": "guest-sync", "arguments": {"id": "1"}}"#, agentError("Invalid parameter type for 'id', expected: integer")),
        (#"{"execute": "guest-sync", "arguments": {"id": 1.0}}"#, agentError("Invalid parameter type for 'id', expected: integer")),
        (#"{"execute": "guest-sync", "arguments": {"id": 9223372036854775808}}"#, agentError("Invalid parameter type for 'id', expected: integer")),
        (#"{"execute": "guest-sync", "arguments": {"id": -9223372036854775808}}"#, #"{"return": -9223372036854775808}"# + "\n"),
        (#"{"execute": "guest-sync", "arguments": {"id": 1, "extra": 2}}"#, agentError("Parameter 'extra' is unexpected")),
        (#"{"execute": "guest-fsfreeze-freeze-list", "arguments": {"mountpoints": "/"}}"#, agentError("Invalid parameter type for 'mountpoints', expected: array")),
        (#"{"execute": "guest-fsfreeze-freeze-list", "arguments": {"mountpoints": ["/", 2]}}"#, agentError("Invalid parameter type for 'mountpoints[1]', expected: string")),
        (#"{"execute": "guest-fsfreeze-freeze-list", "arguments": {"mountpoints": null}}"#, agentError("Invalid parameter type for 'mountpoints', expected: array")),
        (#"{"execute": "guest-file-open", "arguments": {"mode": "r"}}"#, agentError("Parameter 'path' is missing")),
        (#"{"execute": "guest-set-user-password", "arguments": {"username": "a", "password": "b", "crypted": 1}}"#, agentError("Invalid parameter type for 'crypted', expected: boolean")),
        (#"{"execute": "guest-file-open", "arguments": {"path": "/etc/hostname"}}"#, agentError("this feature or command is not currently supported")),
        (#"{"execute": "guest-get-time", "id": 1}"#, #"{"return": 1700000000123456789, "id": 1}"# + "\n"),
        (#"{"execute": "guest-get-devices"}"#, agentError("The command guest-get-devices has not been found", "CommandNotFound")),
    ])
    func envelopeAndArguments(request: String, reply: String) {
        let (agent, _) = GuestAgent.testing(.linux)
        #expect(agent.exchange(request) == reply)
    }

    @Test func aMissingArgumentsMemberIsAnEmptyObject() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze-list"}"#) == "{\"return\": 2}\n")
        #expect(agent.exchange(#"{"execute":"guest-sync"}"#) == agentError("Parameter 'id' is missing"))
    }

    @Test func theFirstBadMemberInQdictOrderIsReported() {
        // exec-oob (bucket 162) is met before execute (299) and arguments (447).
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{"arguments": 1, "execute": 2, "exec-oob": 3}"#)
            == agentError("QMP input member 'exec-oob' is unexpected"))
        #expect(agent.exchange(#"{"arguments": 1, "execute": 2}"#) == agentError("QMP input member 'execute' must be a string"))
    }

    @Test func whileFrozenOnlyTheAllowlistRuns() {
        let (agent, system) = GuestAgent.testing(.linux)
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#) == "{\"return\": 2}\n")
        let allowed = ["guest-ping", "guest-info", "guest-fsfreeze-status"]
        for name in allowed {
            #expect(agent.exchange(#"{"execute":""# + name + #""}"#).hasPrefix("{\"return\": "), "\(name)")
        }
        #expect(agent.exchange(#"{"execute":"guest-sync","arguments":{"id":3}}"#) == "{\"return\": 3}\n")
        let syncDelimited = agent.receive(Array(#"{"execute":"guest-sync-delimited","arguments":{"id":4}}"#.utf8))
        #expect(syncDelimited == [0xFF] + Array("{\"return\": 4}\n".utf8))
        for name in ["guest-fsfreeze-freeze", "guest-fsfreeze-freeze-list", "guest-get-time", "guest-file-open", "guest-exec",
                     "guest-get-fsinfo", "guest-shutdown"] {
            // Disabled wins over argument checks: no arguments are looked at.
            #expect(agent.exchange(#"{"execute":""# + name + #"","arguments":{"bogus":1},"id":"q"}"#)
                == agentError("Command \(name) has been disabled: the command is not allowed", "CommandNotFound", id: #""q""#))
        }
        #expect(agent.exchange(#"{"execute":"guest-nope"}"#)
            == agentError("The command guest-nope has not been found", "CommandNotFound"))
        #expect(system.calls == ["freeze all"])
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-thaw"}"#) == "{\"return\": 2}\n")
        #expect(agent.exchange(#"{"execute":"guest-get-time"}"#) == "{\"return\": 1700000000123456789}\n")
    }

    @Test func guestInfoListsCommandsInReverseRegistrationOrder() throws {
        for platform in [GuestAgentPlatform.linux, .windows] {
            let (agent, _) = GuestAgent.testing(platform)
            let line = agent.exchange(#"{"execute":"guest-info"}"#)
            let expected = AgentCommandList.commands(for: platform).reversed().map {
                #"{"enabled": true, "name": ""# + $0.name + #"", "success-response": "# + ($0.successResponse ? "true" : "false") + "}"
            }
            #expect(line == #"{"return": {"version": "10.2.0", "supported_commands": ["# + expected.joined(separator: ", ") + "]}}\n")
        }
        let linux = AgentCommandList.commands(for: .linux).map(\.name)
        #expect(linux.first == "guest-sync-delimited")
        #expect(linux.last == "guest-network-get-route")
        #expect(!linux.contains("guest-get-devices"))
        let windows = AgentCommandList.commands(for: .windows).map(\.name)
        #expect(windows.contains("guest-get-devices") && !windows.contains("guest-network-get-route"))
        #expect(!windows.contains("guest-suspend-hybrid") && !windows.contains("guest-get-memory-blocks"))
        let noResponse = AgentCommandList.commands(for: .linux).filter { !$0.successResponse }.map(\.name)
        #expect(noResponse == ["guest-shutdown", "guest-suspend-disk", "guest-suspend-ram", "guest-suspend-hybrid"])
    }

    @Test func guestInfoWhileFrozenDisablesAllButTheAllowlist() throws {
        let (agent, _) = GuestAgent.testing(.windows)
        _ = agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#)
        let line = agent.exchange(#"{"execute":"guest-info","id":9}"#)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let result = try #require(json["return"] as? [String: Any])
        let commands = try #require(result["supported_commands"] as? [[String: Any]])
        let enabled = Set(commands.filter { $0["enabled"] as? Bool == true }.compactMap { $0["name"] as? String })
        #expect(enabled == AgentCommand.allowedWhileFrozen)
        #expect(commands.count == AgentCommandList.commands(for: .windows).count)
        #expect(line.hasSuffix(", \"id\": 9}\n"))
        #expect(line.contains(#"{"enabled": false, "name": "guest-fsfreeze-freeze", "success-response": true}"#))
    }

    @Test func bucketOrderMatchesTheFactSheet() {
        let buckets = ["return": 401, "id": 486, "error": 489, "class": 211, "desc": 377, "version": 184,
                       "supported_commands": 484, "enabled": 33, "name": 39, "success-response": 472]
        for (key, bucket) in buckets { #expect(AgentDict.bucket(Array(key.utf8)) == bucket, "\(key)") }
    }

    @Test func commandsWithoutASuccessResponseStillAnswerTheirRefusal() {
        let (agent, _) = GuestAgent.testing()
        #expect(agent.exchange(#"{"execute":"guest-shutdown","arguments":{"mode":"halt"}}"#)
            == agentError("this feature or command is not currently supported"))
        #expect(agent.exchange(#"{"execute":"guest-shutdown","arguments":{"mode":1}}"#)
            == agentError("Invalid parameter type for 'mode', expected: string"))
    }

    @Test func aVersionOfTheCallersChoosing() {
        let agent = GuestAgent(system: GuestAgentTestSystem(.windows), version: "100.0.0")
        #expect(agent.exchange(#"{"execute":"guest-info"}"#).hasPrefix(#"{"return": {"version": "100.0.0", "supported_commands": [{"#))
    }
}

/// One error line as qemu-ga writes it, with the `id` member first when there is one.
func agentError(_ desc: String, _ errorClass: String = "GenericError", id: String? = nil) -> String {
    let body = #"{"error": {"class": ""# + errorClass + #"", "desc": ""# + desc + #""}}"#
    guard let id else { return body + "\n" }
    return #"{"id": "# + id + #", "error": {"class": ""# + errorClass + #"", "desc": ""# + desc + #""}}"# + "\n"
}
