@testable import HostBackup
import Foundation
import SnapWriter
import Testing

/// A KVM host's backup as vzdump runs it: the agent calls and their timeouts, the
/// snapshot, the thaw, the image; what it does when no agent answers; the SQL writer's
/// answers by build; and the chain a FULL through the agent breaks.
@Suite struct KvmHostBackupTests {
    static func scenario(vms: String, faults: String = "", steps: String = "  - hostBackup") -> String {
        """
        name: kvm
        seed: 9
        volumes: memory
        host: { name: PVE1, hypervisor: kvm }
        vms:
        \(vms)
        \(faults)
        steps:
        \(steps)
        """
    }

    static let windows = """
          - name: WIN1
            guestAgent: {}
            sql: { version: 2019, databases: [ { name: Sales } ] }
        """

    /// Two 2012 SP1 guests with agents, WIN1 the primary of AG1 and WIN2 its secondary.
    static func sp1AvailabilityGroup(agent: String) -> String {
        scenario(vms: """
              - name: WIN1
                guestAgent: \(agent)
                sql: { version: 2012-SP1, databases: [ { name: Sales } ] }
              - name: WIN2
                guestAgent: \(agent)
                sql: { version: 2012-SP1, databases: [ { name: Sales } ] }
            availabilityGroups:
              - name: AG1
                databases: [Sales]
                replicas:
                  - { vm: WIN1, role: primary }
                  - { vm: WIN2, role: secondary }
            """)
    }

    @Test func vzdumpPingsChecksFreezesSnapshotsThawsAndCopies() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.scenario(vms: Self.windows))
        let backup = try #require(run.step(0).hostBackup)
        #expect(backup.succeeded)
        #expect(backup.hostWriters.isEmpty)
        let vm = try #require(run.vm("WIN1"))
        #expect(vm.method == .guestAgentFreeze)
        let report = try #require(vm.guestAgent)
        #expect(report.calls.map(\.command)
            == ["guest-ping", "guest-fsfreeze-status", "guest-fsfreeze-freeze", "guest-fsfreeze-thaw"])
        #expect(report.calls.map { $0.timeout.components.seconds } == [3, 5, 600, 180])
        #expect(report.calls.map(\.returned) == [.object([]), .string("thawed"), .number("2"), .number("2")])
        #expect(report.log == ["INFO: issuing guest-agent 'fs-freeze' command",
                               "INFO: issuing guest-agent 'fs-thaw' command"])
        let image = try #require(vm.image)
        #expect(image.source == .hostSnapshot)
        #expect(image.consistency == .applicationConsistent)
        // The thaw comes once the job's snapshot exists, before the image is copied.
        let order = run.events.filter { $0.scope == "PVE1/vzdump" }.map(\.event)
        #expect(order.firstIndex(of: "ImageCopied")! > order.lastIndex(of: "AgentCall")!)
        #expect(run.world.vm(named: "WIN1")?.dataDisk.snapshotIds.isEmpty == true)
        #expect(run.world.agents["WIN1"]?.isFrozen == false)
    }

    @Test func anAgentThatDoesNotRunCostsThePingTimeoutAndTheSnapshotIsCrashConsistent() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.scenario(vms: """
              - name: WIN1
                guestAgent: { running: false }
                sql: { version: 2019, databases: [ { name: Sales } ] }
            """))
        let vm = try #require(run.vm("WIN1"))
        #expect(vm.method == .crashConsistentSnapshot)
        #expect(vm.status == .succeeded)
        #expect(vm.guestAgent?.calls.map(\.command) == ["guest-ping"])
        #expect(vm.guestAgent?.calls.first?.failureText == "got timeout")
        #expect(vm.guestAgent?.log == ["INFO: skipping guest filesystem freeze - agent configured but not running?"])
        #expect(vm.image?.consistency == .crashConsistent)
        #expect(run.world.clock.now >= .seconds(3))
        #expect(run.world.instances["WIN1"]?.msdb.backupSets.isEmpty == true)
    }

    @Test func aVMWithoutAnAgentIsSnapshottedWithoutOne() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.scenario(vms: """
              - name: LNX1
                os: linux
            """))
        let vm = try #require(run.vm("LNX1"))
        #expect(vm.method == .crashConsistentSnapshot)
        #expect(vm.guestAgent == nil)
        #expect(vm.image?.volume == "/data")
        #expect(vm.image?.pathInRepository.hasSuffix("LNX1-%2Fdata.tar") == true)
    }

    @Test func aLinuxGuestFreezesItsFileSystemsThroughTheFreezeGate() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.scenario(vms: """
              - name: LNX1
                os: linux
                guestAgent: {}
            """))
        let vm = try #require(run.vm("LNX1"))
        #expect(vm.method == .guestAgentFreeze)
        #expect(vm.guestAgent?.calls.map(\.returned) == [.object([]), .string("thawed"), .number("2"), .number("2")])
        #expect(vm.writers.isEmpty)
        #expect(run.world.vm(named: "LNX1")?.dataDisk.isHoldingWrites == false)
    }

    @Test func aSlowBackupJobStartMakesTheThawFailAndTheAgentReturnsToThawed() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.scenario(
            vms: Self.windows, faults: "faults:\n  - { host: slow-backup-start, vm: WIN1, seconds: 12, times: 1 }",
            steps: "  - hostBackup\n  - hostBackup"))
        let first = try #require(run.step(0).hostBackup?.vms.first)
        let thaw = try #require(first.guestAgent?.calls.last)
        #expect(thaw.command == "guest-fsfreeze-thaw")
        guard case .error(let errorClass, let desc) = thaw.answer else {
            Issue.record("the thaw answered \(thaw.answer)")
            return
        }
        #expect(errorClass == "GenericError")
        #expect(desc == "couldn't hold writes: fsfreeze is limited up to 10 seconds: Windows error 0x80042314: ")
        #expect(first.guestAgent?.log.last == "ERROR: Agent error: \(desc)")
        // Proxmox logs the agent's error and keeps the backup.
        #expect(run.step(0).hostBackup?.succeeded == true)
        #expect(run.world.agents["WIN1"]?.isFrozen == false)
        // The rule fired once: the next backup holds briefly and records its full.
        let second = try #require(run.step(1).hostBackup?.vms.first)
        #expect(second.guestAgent?.calls.last?.returned == .number("2"))
        #expect(run.msdb("WIN1").count == 1)
    }

    /// 2012 SP1 on an AG secondary fails VSS_BT_FULL at PrepareForSnapshot as under
    /// Hyper-V, yet the freeze answers, the backup succeeds, and Sales on the secondary is
    /// neither frozen nor in msdb: its image is crash-consistent.
    @Test func anSP1SecondaryIsSilentlyNotQuiesced() throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.sp1AvailabilityGroup(agent: "{}"))
        #expect(run.step(0).hostBackup?.succeeded == true)
        let secondary = try #require(run.vm("WIN2"))
        #expect(secondary.guestAgent?.calls.first { $0.command == "guest-fsfreeze-freeze" }?.returned == .number("2"))
        #expect(secondary.image?.consistency == .crashConsistent)
        #expect(secondary.image?.verification.databases.first?.quiesced == false)
        let writer = run.result.end.vm(named: "WIN2")?.writers.first { $0.name == WriterIdentity.sqlServer.name }
        #expect(writer?.state == .failedAtPrepareSnapshot)
        #expect(writer?.lastError == .writerErrorNonRetryable)
        let errorLog = run.world.instances["WIN2"]?.errorLog ?? []
        #expect(!errorLog.contains { $0.hasPrefix("I/O is frozen on database Sales.") })
        #expect(run.msdb("WIN2").isEmpty)
        #expect(run.vm("WIN1")?.image?.consistency == .applicationConsistent)
    }

    /// The host learns counts only; the run's result adds what each guest's requester did, so
    /// the reports show the type VssOption gave and the SQL writer's decision per database.
    @Test(arguments: [(1, BackupType.full, DatabaseBackupResult.Decision.failed), (5, BackupType.copy, DatabaseBackupResult.Decision.copyOnly)])
    func theResultSaysWhatTheGuestDidWithTheFreeze(_ option: Int, _ type: BackupType, _ secondary: DatabaseBackupResult.Decision) throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.sp1AvailabilityGroup(agent: "{ vssOption: \(option) }"))
        let primary = try #require(run.vm("WIN1")), secondaryVM = try #require(run.vm("WIN2"))
        #expect(primary.guestBackupType == type && secondaryVM.guestBackupType == type)
        #expect(primary.databases.first?.decision == (type == .copy ? .copyOnly : .full))
        #expect(secondaryVM.databases.first?.decision == secondary)
        #expect(secondaryVM.databases.first?.inBackup == (secondary == .copyOnly))
        let sqlWriter = secondaryVM.writers.first { $0.name == WriterIdentity.sqlServer.name }
        #expect((sqlWriter?.state == .failedAtPrepareSnapshot) == (secondary == .failed))
        #expect(primary.errorLog.contains { $0.hasPrefix("I/O is frozen on database Sales.") })
    }

    /// FULL via the agent, then the DBA's differential: based on the agent's snapshot, which
    /// the DBA does not have; with VssOption 5 the DBA's own full stays the base.
    @Test(arguments: [(1, false), (5, true)])
    func theAgentsBackupTypeDecidesTheDBAsDifferentialBase(_ option: Int, _ keepsChain: Bool) throws {
        let run = try ScenarioFixtures.runKeepingWorld(Self.scenario(vms: """
              - name: WIN1
                guestAgent: { vssOption: \(option) }
                sql: { version: 2019, databases: [ { name: Sales } ] }
            """, steps: """
              - backup: { vm: WIN1, database: Sales, type: full }
              - workload: { seconds: 5 }
              - hostBackup
              - workload: { seconds: 5 }
              - backup: { vm: WIN1, database: Sales, type: differential }
            """))
        let rows = run.msdb("WIN1")
        #expect(rows.count == 3)
        let dbaFull = rows[0], agent = rows[1], differential = rows[2]
        #expect(agent.isSnapshot == true && agent.isCopyOnly == keepsChain)
        let base = keepsChain ? dbaFull.checkpointLsn : agent.checkpointLsn
        #expect(differential.differentialBaseLsn == base)
        // The DBA restores from the DBA's own files: the full, then the differential.
        let plan = RestoreReplay.replay([dbaFull, differential], database: "Sales")
        #expect((plan.error?.msg == 3136) == !keepsChain)
        #expect((plan.error == nil) == keepsChain)
    }
}
