import HostBackup
import SnapWriter
import Testing

/// Host faults: a VM that stops mid-backup, a silent integration service, a second host
/// backup at once, and a guest requester that goes away.
@Suite struct HostFaultScenarioTests {
    static let hyperV = "Microsoft Hyper-V VSS Writer"

    /// VM1 with SQL Server 2019 (Sales), VM2 without SQL Server.
    static func scenario(_ faults: String, steps: String = "  - hostBackup: {}") -> String {
        """
        name: host-faults
        seed: 3
        volumes: memory
        vms:
          - name: VM1
            sql:
              version: 2019
              databases:
                - name: Sales
          - name: VM2
        faults:
        \(faults)
        steps:
        \(steps)
        """
    }

    static let twoBackups = """
          - hostBackup: {}
          - hostBackup: {}
        """

    static func hostBackup(_ result: RunResult, step: Int) throws -> HostBackupResult {
        try #require(result.steps[step].hostBackup)
    }

    /// What VM1's SQL writer was told before the host lost the guest.
    static func sqlWriterEventsBeforeGuestLost(_ result: RunResult) throws -> [String] {
        let lostAt = try #require(result.events.first { $0.event == "GuestLost" }).seq
        return result.events.filter { $0.scope == "HV01/VM1/SqlServerWriter" && $0.seq < lostAt }.map(\.event)
    }

    /// The VM lost by the host: the Hyper-V writer fails PrepareForSnapshot with `code`.
    static func expectLost(_ host: HostBackupResult, vm: String, code: HResult) {
        #expect(!host.succeeded)
        #expect(host.hresult == code)
        #expect(host.failure?.vm == vm)
        #expect(host.failure?.writer == hyperV)
        #expect(host.failure?.event == .prepareSnapshot)
        let lost = host.vms.first { $0.vm == vm }
        #expect(lost?.status == .failed)
        #expect(lost?.hresult == code)
        #expect(lost?.failure == WriterFailureRecord(writer: hyperV, event: .prepareSnapshot, hresult: code,
                                                     state: .failedAtPrepareSnapshot))
        let writer = host.hostWriters.first { $0.name == hyperV }
        #expect(writer?.state == .failedAtPrepareSnapshot)
        #expect(writer?.lastError == code)
    }

    // MARK: vm-stops

    @Test(arguments: ["prepare-backup", "prepare-snapshot", "freeze", "thaw", "post-snapshot", "backup-complete"])
    func aVMThatStopsFailsTheHostBackupRetryably(event: String) throws {
        let result = try ScenarioFixtures.runKeepingWorld(Self.scenario("  - { host: vm-stops, vm: VM1, event: \(event) }",
                                                            steps: Self.twoBackups))
        let first = try Self.hostBackup(result.result, step: 0)
        Self.expectLost(first, vm: "VM1", code: .writerErrorRetryable)
        #expect(first.vms.first { $0.vm == "VM2" }?.status == .notAttempted)
        let stopped = result.events("VMStopped")
        #expect(stopped.count == 1)
        #expect(stopped.first?.scope == "HV01/VM1")
        #expect(stopped.first?.detail == "the VM powered off during the guest's \(WriterEvent(rawValue: event)!.traceName)")
        let vm = try #require(result.world.host.vms.first { $0.name == "VM1" })
        #expect(vm.powerState == .off, "the VM stays off")
        #expect(vm.guest.sqlInstance?.isRunning == false)
        #expect(vm.guest.sqlInstance?.databases.allSatisfy { !$0.isFrozen } == true)
        // The next backup takes the VM as its files are.
        let second = try Self.hostBackup(result.result, step: 1)
        #expect(second.succeeded)
        #expect(second.vms.first { $0.vm == "VM1" }?.method == .savedState)
        #expect(second.vms.first { $0.vm == "VM1" }?.status == .succeeded)
        #expect(second.vms.first { $0.vm == "VM2" }?.method == .childVMSnapshot)
    }

    @Test func theDefaultStopIsAtFreezeAndTheGuestWritersHearNothingMore() throws {
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: vm-stops, vm: VM1 }"))
        #expect(result.events("VMStopped").first?.detail == "the VM powered off during the guest's Freeze")
        let guestSQL = result.events.filter { $0.scope == "HV01/VM1/SqlServerWriter" }.map(\.event)
        #expect(!guestSQL.contains("Freeze"), "the VM stopped before Freeze reached the writer")
        #expect(!guestSQL.contains("Abort"))
        #expect(!guestSQL.contains("BackupComplete"))
        #expect(!guestSQL.contains("BackupShutdown"))
        #expect(result.events("PoweredOff").map(\.scope) == ["HV01/VM1/VSS"])
        #expect(result.events("GuestLost").first?.detail == "the VM stopped during its backup")
    }

    @Test func aStoppedVMRefusesLaterSteps() throws {
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: vm-stops, vm: VM1, event: thaw }", steps: """
              - hostBackup: {}
              - backup: { vm: VM1, database: Sales, type: full }
              - checkdb: { vm: VM1, database: Sales }
            """))
        #expect(result.steps[1].ok == false)
        #expect(result.steps[1].msg == nil)
        #expect(result.steps[2].ok == false)
        #expect(result.steps[2].msg == nil)
    }

    // MARK: integration-service-silent

    @Test func aSilentIntegrationServiceTimesOutAfterSixtySeconds() throws {
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: integration-service-silent, vm: VM1, times: 1 }",
                                                            steps: Self.twoBackups))
        let first = try Self.hostBackup(result, step: 0)
        Self.expectLost(first, vm: "VM1", code: .writerErrorTimeout)
        let silent = try #require(result.events("IntegrationServiceSilent").first)
        #expect(silent.scope == "HV01/VM1")
        #expect(silent.detail == "Hyper-V Volume Shadow Copy Requestor does not answer; the host waits 60 s")
        let next = try #require(result.events.first { $0.seq > silent.seq })
        #expect(next.tMs - silent.tMs >= 60_000, "the virtual clock moved on by the 60 s limit")
        #expect(!result.events.contains { $0.scope.hasPrefix("HV01/VM1/") && $0.seq < next.seq && $0.seq > silent.seq },
                "no guest writer hears of the backup")
        #expect(!result.events.contains { $0.scope == "HV01/VM1/SqlServerWriter" && $0.seq < next.seq })
        let second = try Self.hostBackup(result, step: 1)
        #expect(second.succeeded, "times: 1, and the VM still runs")
        #expect(second.vms.first { $0.vm == "VM1" }?.method == .childVMSnapshot)
    }

    @Test func aSilentIntegrationServiceEveryTimeFailsEveryBackup() throws {
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: integration-service-silent, vm: VM1 }",
                                                            steps: Self.twoBackups))
        #expect(result.steps.map(\.ok) == [false, false])
        #expect(result.lastHostBackup?.hresult == .writerErrorTimeout)
        #expect(result.events("IntegrationServiceSilent").count == 2)
    }

    // MARK: second-backup

    @Test(arguments: ["prepare-backup", "prepare-snapshot", "freeze", "thaw", "post-snapshot"])
    func aSecondHostBackupIsRefusedAndTheFirstGoesOn(event: String) throws {
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: second-backup, event: \(event) }"))
        let host = try #require(result.lastHostBackup)
        #expect(host.succeeded)
        #expect(host.concurrentAttempts.count == 1)
        let attempt = try #require(host.concurrentAttempts.first)
        #expect(attempt.duringEvent == WriterEvent(rawValue: event))
        #expect(attempt.call == "StartSnapshotSet")
        #expect(attempt.hresult == .snapshotSetInProgress)
        let document = RunReport.json(result).serialized(indent: 2)
        #expect(document.contains("""
                "concurrentBackups": [
                  {
                    "duringEvent": "\(event)",
                    "call": "StartSnapshotSet",
                    "hresult": "0x80042316",
                    "error": "VSS_E_SNAPSHOT_SET_IN_PROGRESS"
                  }
                ]
            """))
    }

    @Test func theSecondRequesterReadsCachedMetadataAndDisturbsNoWriter() throws {
        let plain = try ScenarioFixtures.run(Self.scenario("  - { host: integration-service-silent, vm: VM2 }"))
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: second-backup }"))
        let started = try #require(result.events("SecondBackupStarted").first)
        #expect(started.scope == "HV01/requestor")
        let gathered = result.events("GatherWriterMetadata").filter { $0.seq > started.seq && $0.scope == "HV01/VSS" }
        #expect(gathered.first?.detail == "cached: another backup is under way")
        let rejected = try #require(result.events("SecondBackupRejected").first)
        #expect(rejected.detail.hasPrefix("StartSnapshotSet returned VSS_E_SNAPSHOT_SET_IN_PROGRESS (0x80042316)"))
        let between = result.events.filter { $0.seq > started.seq && $0.seq < rejected.seq }
        #expect(!between.contains { $0.event == "Identify" || $0.event == "BackupShutdown" },
                "no writer receives Identify, nor BackupShutdown when the second requester lets go")
        #expect(plain.lastHostBackup?.concurrentAttempts.isEmpty == true)
        #expect(RunReport.json(plain).serialized(indent: 2).contains("\"concurrentBackups\": []"))
    }

    @Test func aSecondBackupEveryTimeIsRefusedInEachHostBackup() throws {
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: second-backup, event: thaw }", steps: Self.twoBackups))
        #expect(result.steps.map(\.ok) == [true, true])
        #expect(result.steps.compactMap(\.hostBackup).map(\.concurrentAttempts.count) == [1, 1])
    }

    // MARK: requester-disappears

    static let goneThenRestart = """
          - hostBackup: {}
          - hostBackup: {}
          - restartService: { vm: VM1, service: SQLWriter }
          - hostBackup: {}
        """

    @Test func aRequesterGoneAfterPostSnapshotLeavesTheSQLWriterFailedUntilRestart() throws {
        let result = try ScenarioFixtures.run(Self.scenario("  - { host: requester-disappears, vm: VM1, times: 1 }",
                                                            steps: Self.goneThenRestart))
        let first = try Self.hostBackup(result, step: 0)
        Self.expectLost(first, vm: "VM1", code: .writerErrorRetryable)
        // The guest's VSS service reports the failure (the VM result reports the same: FaultRegressionTests).
        let failedAt = try #require(result.events.first { $0.scope == "HV01/VM1/SqlServerWriter" && $0.event == "WriterFailed" })
        #expect(failedAt.detail
            == "BackupShutdown: VSS_E_WRITERERROR_NONRETRYABLE (0x800423F4); state VSS_WS_FAILED_AT_BACKUPSHUTDOWN")
        let guestSQL = result.events.filter { $0.scope == "HV01/VM1/SqlServerWriter" }
        let died = try #require(result.events("RequesterDied").first)
        #expect(died.detail == "Hyper-V Volume Shadow Copy Requestor went away after PostSnapshot without ending the backup")
        let firstBackupEnd = try #require(result.events.first { $0.event == "GuestLost" }).seq
        let inFirst = guestSQL.filter { $0.seq < firstBackupEnd }.map(\.event)
        #expect(!inFirst.contains("BackupComplete"))
        #expect(!inFirst.contains("Abort"))
        #expect(inFirst.suffix(3) == ["BackupShutdown", "SnapshotBackupAbandoned", "WriterFailed"])
        #expect(inFirst.contains("BackupShutdown"))
        // It stays failed: the next host backup fails on it.
        let second = try Self.hostBackup(result, step: 1)
        #expect(!second.succeeded)
        #expect(second.failure?.writer == "SqlServerWriter")
        #expect(second.hresult == .writerErrorNonRetryable)
        // After SQLWriter restarts, a host backup succeeds.
        #expect(result.steps[2].ok)
        let third = try Self.hostBackup(result, step: 3)
        #expect(third.succeeded)
        #expect(result.writer("VM1", "SqlServerWriter")?.state == .stable)
        #expect(result.writer("VM1", "SqlServerWriter")?.lastError == .ok)
    }

    @Test func aRequesterGoneAfterPrepareBackupAbortsAndLeavesNoFailedWriter() throws {
        let result = try ScenarioFixtures.run(Self.scenario(
            "  - { host: requester-disappears, vm: VM1, event: prepare-backup, times: 1 }", steps: Self.twoBackups))
        let first = try Self.hostBackup(result, step: 0)
        Self.expectLost(first, vm: "VM1", code: .writerErrorRetryable)
        let guestSQL = try Self.sqlWriterEventsBeforeGuestLost(result)
        #expect(guestSQL.suffix(2) == ["Abort", "BackupShutdown"], "Abort first, then BackupShutdown")
        #expect(!guestSQL.contains("PrepareForSnapshot"))
        #expect(!guestSQL.contains("BackupComplete"))
        let sqlWriter = first.vms.first { $0.vm == "VM1" }?.writers.first { $0.name == "SqlServerWriter" }
        #expect(sqlWriter?.state.isFailed == false)
        #expect(try Self.hostBackup(result, step: 1).succeeded, "nothing stays failed")
    }

    @Test func aRequesterGoneAfterIdentifySendsOnlyBackupShutdown() throws {
        let result = try ScenarioFixtures.run(Self.scenario(
            "  - { host: requester-disappears, vm: VM1, event: identify, times: 1 }", steps: Self.twoBackups))
        let first = try Self.hostBackup(result, step: 0)
        Self.expectLost(first, vm: "VM1", code: .writerErrorRetryable)
        let guestSQL = try Self.sqlWriterEventsBeforeGuestLost(result)
        #expect(guestSQL == ["Identify", "BackupShutdown"])
        #expect(try Self.hostBackup(result, step: 1).succeeded)
    }

    @Test func theHostFaultsAreTheSameRunForTheSameSeed() throws {
        let yaml = Self.scenario("""
              - { host: vm-stops, vm: VM2, event: post-snapshot }
              - { host: second-backup, event: prepare-snapshot }
              - { host: requester-disappears, vm: VM1, times: 1 }
            """, steps: Self.goneThenRestart)
        let first = RunReport.json(try ScenarioFixtures.run(yaml)).serialized(indent: 2)
        let second = RunReport.json(try ScenarioFixtures.run(yaml)).serialized(indent: 2)
        #expect(first == second)
    }
}
