@testable import HostBackup
import SnapWriter
import Testing

/// The agent's Windows requester against a guest's VSS, driven as the agent drives it:
/// the call order, VssOption read at every freeze, what the SQL writer records, the 10 s
/// hold, the 60 s wait for the Frozen event, and the freeze-state rules of the agent.
@Suite struct KvmAgentRequesterTests {
    static func world(vssOption: Int = 1, faults: String = "") throws -> World {
        let scenario = try ScenarioParser.parse("""
            name: requester
            seed: 4
            volumes: memory
            host: { name: PVE1, hypervisor: kvm }
            vms:
              - name: WIN1
                guestAgent: { vssOption: \(vssOption) }
                sql: { version: 2019, databases: [ { name: Sales } ] }
            \(faults)
            steps: []
            """, file: "test.yaml")
        return try World(scenario: scenario)
    }

    static func requester(_ world: World) throws -> WindowsAgentRequester {
        try #require(world.vm(named: "WIN1")?.agentSystem as? WindowsAgentRequester)
    }

    /// The requester's calls in the guest's VSS, in order.
    static func calls(_ world: World) -> [String] {
        world.log.events.filter { $0.scope == "PVE1/WIN1/VSS" }.map { $0.detail.isEmpty ? $0.event : "\($0.event) \($0.detail)" }
    }

    @Test func freezeRunsTheRequesterSequenceAndAnswersWhileWritesAreHeld() throws {
        let world = try Self.world()
        let requester = try Self.requester(world)
        let count = try requester.agentFreeze(mountpoints: nil)
        #expect(count == 2)
        let calls = Self.calls(world).filter { !$0.hasPrefix("StartSnapshotSet") && !$0.hasPrefix("DoSnapshotSet") }
        #expect(Array(calls.prefix(10)) == [
            "InitializeForBackup", "SetBackupState VSS_BT_FULL", "SetContext VSS_CTX_APP_ROLLBACK 0x0200002B",
            "GatherWriterMetadata", "AddComponent SqlServerWriter: WIN1\\Sales", "AddToSnapshotSet C:",
            "AddToSnapshotSet D:", "PrepareForBackup", "GatherWriterStatus",
            "EndPrepareSnapshots QEMU Guest Agent VSS Provider",
        ])
        #expect(calls.last == "HoldWrites C:, D:")
        let vm = try #require(world.vm(named: "WIN1"))
        #expect(vm.dataDisk.isHoldingWrites)
        #expect(vm.guest.databasesFrozenNow == ["Sales"])
        #expect(requester.isHolding)
    }

    @Test func thawEndsTheSetWithBackupCompleteAndAFullMovesTheDifferentialBase() throws {
        let world = try Self.world()
        let requester = try Self.requester(world)
        _ = try requester.agentFreeze(mountpoints: nil)
        #expect(try requester.agentThaw() == 2)
        #expect(Self.calls(world).contains("BackupComplete"))
        let instance = try #require(world.instances["WIN1"])
        let row = try #require(instance.msdb.backupSets.last)
        #expect(row.isSnapshot == true && row.isCopyOnly == false)
        #expect(instance.database(named: "Sales")?.log.differentialBaseLsn == row.checkpointLsn)
        #expect(world.vm(named: "WIN1")?.dataDisk.isHoldingWrites == false)
        #expect(instance.errorLog.contains { $0.hasPrefix("I/O is frozen on database Sales.") })
        #expect(instance.errorLog.contains { $0.hasPrefix("I/O was resumed on database Sales.") })
    }

    @Test(arguments: [(5, BackupType.copy), (1, .full), (3, .differential), (0, .full), (6, .full), (42, .full)])
    func vssOptionIsReadAtEveryFreeze(_ option: Int, _ type: BackupType) throws {
        let world = try Self.world()
        let requester = try Self.requester(world)
        requester.vssOption = option
        _ = try requester.agentFreeze(mountpoints: nil)
        _ = try requester.agentThaw()
        #expect(Self.calls(world).contains("SetBackupState \(type.name)"))
        let row = try #require(world.instances["WIN1"]?.msdb.backupSets.last)
        #expect(row.isCopyOnly == (type == .copy))
    }

    @Test func thawWithoutFreezeAnswersNothingThawed() throws {
        let world = try Self.world()
        #expect(try Self.requester(world).agentThaw() == 0)
        #expect(Self.calls(world).isEmpty)
    }

    @Test func aHoldPastTenSecondsFailsTheThawWithTheAgentsTextAndRecordsNoBackup() throws {
        let world = try Self.world()
        let requester = try Self.requester(world)
        _ = try requester.agentFreeze(mountpoints: nil)
        world.clock.advance(by: .milliseconds(10_001))
        #expect(throws: GuestAgentFailure(desc:
            "couldn't hold writes: fsfreeze is limited up to 10 seconds: Windows error 0x80042314: ")) {
            try requester.agentThaw()
        }
        #expect(!requester.isHolding)
        #expect(world.instances["WIN1"]?.msdb.backupSets.isEmpty == true)
        #expect(world.vm(named: "WIN1")?.dataDisk.isHoldingWrites == false)
        #expect(!Self.calls(world).contains("BackupComplete"))
    }

    @Test func aHoldOfTenSecondsIsWithinTheLimit() throws {
        let world = try Self.world()
        let requester = try Self.requester(world)
        _ = try requester.agentFreeze(mountpoints: nil)
        world.clock.advance(by: .seconds(10))
        #expect(try requester.agentThaw() == 2)
    }

    @Test func olderBuildsWordTheHoldErrorWithoutTheWindowsError() {
        #expect(WindowsAgentBuild.before10_2.message("couldn't hold writes: fsfreeze is limited up to 10 seconds",
                                                     .holdWritesTimeout)
            == "couldn't hold writes: fsfreeze is limited up to 10 seconds: ")
    }

    /// Writers slow to prepare and freeze keep the Frozen event from coming within 60 s:
    /// the freeze fails with the requester's text, and the set ends by the agent's own thaw.
    @Test func aFrozenEventLaterThanSixtySecondsFailsTheFreeze() throws {
        let world = try Self.world(faults: """
            faults:
              - { vm: WIN1, writer: SqlServerWriter, event: prepare-snapshot, action: delay, delayMs: 50000 }
              - { vm: WIN1, writer: System Writer, event: freeze, action: delay, delayMs: 15000 }
            """)
        let requester = try Self.requester(world)
        #expect(throws: GuestAgentFailure(desc: "timeout when try to receive Frozen event from VSS provider: "
            + "Windows error 0x80004005: Unspecified error")) {
            try requester.agentFreeze(mountpoints: nil)
        }
        #expect(!requester.isHolding)
        #expect(world.vm(named: "WIN1")?.dataDisk.isHoldingWrites == false)
    }

    /// The agent's own state machine: a second freeze is refused while frozen, and the
    /// status returns to thawed even when the thaw failed on the hold limit.
    @Test func theAgentRefusesASecondFreezeAndThawsAfterAHoldError() throws {
        let world = try Self.world()
        let agent = try #require(world.agents["WIN1"])
        func send(_ text: String) -> String { String(decoding: agent.receive(Array(text.utf8)), as: UTF8.self) }
        #expect(send(#"{"execute":"guest-fsfreeze-freeze"}"#) == "{\"return\": 2}\n")
        #expect(send(#"{"execute":"guest-fsfreeze-freeze"}"#) == "{\"error\": {\"class\": \"CommandNotFound\", "
            + "\"desc\": \"Command guest-fsfreeze-freeze has been disabled: the command is not allowed\"}}\n")
        world.clock.advance(by: .seconds(12))
        #expect(send(#"{"execute":"guest-fsfreeze-thaw"}"#) == "{\"error\": {\"class\": \"GenericError\", "
            + "\"desc\": \"couldn't hold writes: fsfreeze is limited up to 10 seconds: Windows error 0x80042314: \"}}\n")
        #expect(send(#"{"execute":"guest-fsfreeze-status"}"#) == "{\"return\": \"thawed\"}\n")
        #expect(send(#"{"execute":"guest-fsfreeze-thaw"}"#) == "{\"return\": 0}\n")
    }
}
