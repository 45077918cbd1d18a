import Foundation
import Testing
@testable import SnapWriter

/// The freeze state machine of each build (§2.2).
@Suite struct GuestAgentFreezeTests {
    static let freeze = #"{"execute":"guest-fsfreeze-freeze"}"#
    static let thaw = #"{"execute":"guest-fsfreeze-thaw"}"#
    static let status = #"{"execute":"guest-fsfreeze-status"}"#

    @Test func windowsFreezeOfNoVolumeStaysFrozen() {
        let (agent, system) = GuestAgent.testing(.windows)
        system.freezeAnswer = .success(0)
        #expect(agent.exchange(Self.freeze) == "{\"return\": 0}\n")
        #expect(agent.exchange(Self.status) == "{\"return\": \"frozen\"}\n")
        #expect(agent.isFrozen)
    }

    @Test func linuxFreezeOfNothingUnfreezes() {
        let (agent, system) = GuestAgent.testing(.linux)
        system.freezeAnswer = .success(0)
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":["/nowhere"]}}"#)
            == "{\"return\": 0}\n")
        #expect(agent.exchange(Self.status) == "{\"return\": \"thawed\"}\n")
        #expect(system.calls == ["freeze [/nowhere]"])
    }

    @Test(arguments: [GuestAgentPlatform.linux, .windows])
    func aFailedFreezeLeavesThawedAndCallsNothingElse(platform: GuestAgentPlatform) {
        let (agent, system) = GuestAgent.testing(platform)
        system.freezeAnswer = .failure(GuestAgentFailure(desc: "failed to freeze /: Operation not permitted"))
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze","id":1}"#)
            == agentError("failed to freeze /: Operation not permitted", id: "1"))
        #expect(agent.exchange(Self.status) == "{\"return\": \"thawed\"}\n")
        #expect(system.calls == ["freeze all"])
        system.freezeAnswer = .success(1)
        #expect(agent.exchange(Self.freeze) == "{\"return\": 1}\n")
    }

    @Test func windowsThawAlwaysEndsThawedEvenWhenItFails() {
        let (agent, system) = GuestAgent.testing(.windows)
        _ = agent.exchange(Self.freeze)
        let text = "couldn't hold writes: fsfreeze is limited up to 10 seconds: Windows error 0x80042314: "
        system.thawAnswer = .failure(GuestAgentFailure(desc: text))
        #expect(agent.exchange(Self.thaw) == agentError(text))
        #expect(agent.exchange(Self.status) == "{\"return\": \"thawed\"}\n")
        #expect(!agent.isFrozen)
    }

    @Test(arguments: [GuestAgentPlatform.linux, .windows])
    func thawWhileThawedStillAsksTheSystem(platform: GuestAgentPlatform) {
        let (agent, system) = GuestAgent.testing(platform)
        system.thawAnswer = .success(0)
        #expect(agent.exchange(Self.thaw) == "{\"return\": 0}\n")
        #expect(system.calls == ["thaw"])
    }

    @Test func freezeWhileFrozenIsRefusedWithoutReachingTheGuest() {
        let (agent, system) = GuestAgent.testing(.windows)
        _ = agent.exchange(Self.freeze)
        #expect(agent.exchange(Self.freeze)
            == agentError("Command guest-fsfreeze-freeze has been disabled: the command is not allowed", "CommandNotFound"))
        #expect(system.calls == ["freeze all"])
    }

    @Test func mountpointsReachTheSystemAsTheBuildReadsThem() {
        let (linux, linuxSystem) = GuestAgent.testing(.linux)
        linuxSystem.freezeAnswer = .success(0)
        _ = linux.exchange(#"{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":[]}}"#)
        _ = linux.exchange(#"{"execute":"guest-fsfreeze-freeze-list","arguments":{}}"#)
        _ = linux.exchange(#"{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":["/","/data"]}}"#)
        #expect(linuxSystem.calls == ["freeze []", "freeze all", "freeze [/,/data]"])
        let (windows, windowsSystem) = GuestAgent.testing(.windows)
        _ = windows.exchange(#"{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":[]}}"#)
        #expect(windowsSystem.calls == ["freeze all"])
    }

    @Test func aFreezeAnswersOnlyOnceTheSystemReturned() {
        // The reply to the freeze comes first even when the thaw arrived in the same write:
        // commands run one after another.
        let (agent, system) = GuestAgent.testing(.linux)
        system.freezeAnswer = .success(4)
        system.thawAnswer = .success(4)
        #expect(agent.exchange(Self.freeze + Self.status + Self.thaw + Self.status)
            == "{\"return\": 4}\n{\"return\": \"frozen\"}\n{\"return\": 4}\n{\"return\": \"thawed\"}\n")
        #expect(system.calls == ["freeze all", "thaw"])
    }
}
