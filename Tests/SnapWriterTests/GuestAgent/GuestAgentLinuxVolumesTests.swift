import Foundation
import Testing
@testable import SnapWriter

/// A Linux guest's freeze and thaw over its volumes (§5), driven through the agent.
@Suite struct GuestAgentLinuxVolumesTests {
    /// Mounts that record what reached them.
    final class Journal {
        var entries: [String] = []
        var frozen: Set<String> = []
        var failing: String?

        func mount(_ point: String) -> LinuxAgentMount {
            LinuxAgentMount(
                mountpoint: point,
                freeze: { () throws(GuestAgentFailure) -> LinuxAgentMount.FreezeOutcome in
                    self.entries.append("FIFREEZE \(point)")
                    if self.failing == point { throw GuestAgentFailure(desc: "failed to freeze \(point): Operation not permitted") }
                    if point == "/proc" { return .unsupported }
                    if self.frozen.contains(point) { return .alreadyFrozen }
                    self.frozen.insert(point)
                    return .frozen
                },
                thaw: {
                    self.entries.append("FITHAW \(point)")
                    return self.frozen.remove(point) != nil
                })
        }
    }

    static func agent(_ journal: Journal, points: [String], hookFails: LinuxVolumesAgentSystem.HookPhase? = nil) -> GuestAgent {
        let system = LinuxVolumesAgentSystem(mounts: { points.map(journal.mount) }, fsfreezeHook: { phase throws(GuestAgentFailure) in
            journal.entries.append("hook \(phase.rawValue)")
            if phase == hookFails {
                throw GuestAgentFailure(desc: "child process has failed to execute fsfreeze hook: exit status 1")
            }
        })
        return GuestAgent(system: system)
    }

    @Test func freezeGoesInReverseMountOrderAndCountsWhatFroze() {
        let journal = Journal()
        journal.frozen = ["/data"]  // frozen by someone else: EBUSY, not counted
        let agent = Self.agent(journal, points: ["/", "/proc", "/data", "/data/logs"])
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#) == "{\"return\": 2}\n")
        #expect(journal.entries == ["hook freeze", "FIFREEZE /data/logs", "FIFREEZE /data", "FIFREEZE /proc", "FIFREEZE /"])
        journal.entries = []
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-thaw"}"#) == "{\"return\": 3}\n")
        #expect(journal.entries == ["FITHAW /", "FITHAW /proc", "FITHAW /data", "FITHAW /data/logs", "hook thaw"])
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-status"}"#) == "{\"return\": \"thawed\"}\n")
    }

    @Test func freezeListTakesExactMountPointsAndIgnoresTheRest() {
        let journal = Journal()
        let agent = Self.agent(journal, points: ["/", "/data"])
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze-list","arguments":{"mountpoints":["/data","/data/","/nope"]}}"#)
            == "{\"return\": 1}\n")
        #expect(journal.entries == ["hook freeze", "FIFREEZE /data"])
    }

    @Test func aFailedFreezeThawsEverythingAndRunsTheThawHook() {
        let journal = Journal()
        journal.failing = "/"
        let agent = Self.agent(journal, points: ["/", "/data"])
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#)
            == agentError("failed to freeze /: Operation not permitted"))
        #expect(journal.entries == ["hook freeze", "FIFREEZE /data", "FIFREEZE /", "FITHAW /", "FITHAW /data", "hook thaw"])
        #expect(journal.frozen.isEmpty)
        #expect(!agent.isFrozen)
    }

    @Test func aFailingFreezeHookFreezesNothing() {
        let journal = Journal()
        let agent = Self.agent(journal, points: ["/"], hookFails: .freeze)
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#)
            == agentError("child process has failed to execute fsfreeze hook: exit status 1"))
        #expect(journal.entries == ["hook freeze"])
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-status"}"#) == "{\"return\": \"thawed\"}\n")
    }

    @Test func thawWhileThawedRunsTheHookAndAnswersZero() {
        let journal = Journal()
        let agent = Self.agent(journal, points: ["/"])
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-thaw"}"#) == "{\"return\": 0}\n")
        #expect(journal.entries == ["FITHAW /", "hook thaw"])
    }

    @Test func aFailingThawHookIsTheAnswerButTheGuestIsThawed() {
        let journal = Journal()
        let agent = Self.agent(journal, points: ["/"], hookFails: .thaw)
        _ = agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#)
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-thaw"}"#)
            == agentError("child process has failed to execute fsfreeze hook: exit status 1"))
        #expect(journal.frozen.isEmpty && !agent.isFrozen)
    }

    @Test func memoryVolumesHoldTheirWritesWhileFrozen() {
        let volumes = [MemoryVolume(name: "root"), MemoryVolume(name: "data")]
        let system = LinuxVolumesAgentSystem(mounts: [
            .volume(volumes[0], mountpoint: "/"), .volume(volumes[1], mountpoint: "/data"),
        ])
        let agent = GuestAgent(system: system)
        volumes[1].holdWrites()  // already frozen: EBUSY
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-freeze"}"#) == "{\"return\": 1}\n")
        #expect(volumes[0].isHoldingWrites && volumes[1].isHoldingWrites)
        #expect(agent.exchange(#"{"execute":"guest-fsfreeze-thaw"}"#) == "{\"return\": 2}\n")
        #expect(!volumes[0].isHoldingWrites && !volumes[1].isHoldingWrites)
    }
}
