@testable import SnapWriter

/// A guest whose freeze and thaw answer what the test sets, and which records each call:
/// the test double behind the agent's protocol tests.
final class GuestAgentTestSystem: GuestAgentSystem {
    let agentPlatform: GuestAgentPlatform
    var freezeAnswer: Result<Int, GuestAgentFailure>
    var thawAnswer: Result<Int, GuestAgentFailure>
    private(set) var calls: [String] = []

    init(_ platform: GuestAgentPlatform, freeze: Int = 2, thaw: Int = 2) {
        agentPlatform = platform
        freezeAnswer = .success(freeze)
        thawAnswer = .success(thaw)
    }

    func agentFreeze(mountpoints: [String]?) throws(GuestAgentFailure) -> Int {
        calls.append("freeze " + (mountpoints.map { "[" + $0.joined(separator: ",") + "]" } ?? "all"))
        return try freezeAnswer.get()
    }

    func agentThaw() throws(GuestAgentFailure) -> Int {
        calls.append("thaw")
        return try thawAnswer.get()
    }
}

/// Text in, text out, for tests whose bytes are all ASCII or UTF-8.
extension GuestAgent {
    func exchange(_ text: String) -> String {
        String(decoding: receive(Array(text.utf8)), as: UTF8.self)
    }

    static func testing(_ platform: GuestAgentPlatform = .linux, limits: AgentJSONLimits = .qemu)
        -> (GuestAgent, GuestAgentTestSystem) {
        let system = GuestAgentTestSystem(platform)
        return (GuestAgent(system: system, version: GuestAgent.defaultVersion, clock: { 1_700_000_000_123_456_789 },
                           limits: limits), system)
    }
}
