import HostBackup
import SnapWriter
import Testing

/// A writer's status belongs to one backup session (reference §3): the next session asks
/// every writer again from Identify on. A veto lasts its session; a writer that stopped
/// answering, or whose session a dead requester abandoned, stays failed until its service
/// restarts.
@Suite struct WriterSessionTests {
    static let sqlWriter = "SqlServerWriter"

    /// VM1 (2012 SP2) holds AG1's primary, VM3 (2012 SP1) its secondary.
    static func secondaryOnSP1(_ steps: String) -> String {
        """
        name: writer-sessions
        seed: 19
        volumes: memory
        vms:
          - { name: VM1, sql: { version: 2012-SP2, databases: [ { name: Sales } ] } }
          - { name: VM3, sql: { version: 2012-SP1, databases: [ { name: Sales } ] } }
        availabilityGroups:
          - name: AG1
            databases: [Sales]
            replicas: [ { vm: VM1, role: primary }, { vm: VM3, role: secondary } ]
        steps:
        \(steps)
        """
    }

    /// The writer events VM3's SQL writer received, in order, from the events named.
    static func events(_ result: RunResult, _ names: Set<String>, scope: String = "HV01/VM3/SqlServerWriter")
        -> [String]
    {
        result.events.filter { $0.scope == scope && names.contains($0.event) }.map(\.event)
    }

    static func hostBackups(_ result: RunResult) -> [HostBackupResult] { result.steps.compactMap(\.hostBackup) }

    @Test func afterAFailoverTheNextHostBackupSucceedsWithoutARestart() throws {
        let result = try ScenarioFixtures.run(Self.secondaryOnSP1("""
              - hostBackup: {}
              - failover: { ag: AG1, to: VM3 }
              - hostBackup: {}
            """))
        let backups = Self.hostBackups(result)
        try #require(backups.count == 2)
        #expect(backups[0].hresult == .writerErrorNonRetryable)
        #expect(backups[0].failure?.vm == "VM3" && backups[0].failure?.event == .prepareSnapshot)
        #expect(backups[1].succeeded)
        let vm3 = try #require(backups[1].vms.first { $0.vm == "VM3" }?.databases.first)
        let vm1 = try #require(backups[1].vms.first { $0.vm == "VM1" }?.databases.first)
        #expect(vm3.role == .primary && vm3.inBackup && vm3.backupSet?.isCopyOnly == false)
        #expect(vm1.role == .secondary && vm1.inBackup && vm1.backupSet?.isCopyOnly == true)
        #expect(Self.events(result, ["Identify", "PrepareForSnapshot"])
            == ["Identify", "PrepareForSnapshot", "Identify", "PrepareForSnapshot"])
        #expect(result.events("StillFailed").isEmpty)
        #expect(result.events("ServiceRestarted").isEmpty)
    }

    @Test func withoutAFailoverTheSecondBackupFailsOnAFreshVeto() throws {
        let result = try ScenarioFixtures.run(Self.secondaryOnSP1("""
              - hostBackup: {}
              - hostBackup: {}
            """))
        let backups = Self.hostBackups(result)
        try #require(backups.count == 2)
        for backup in backups {
            #expect(backup.hresult == .writerErrorNonRetryable)
            #expect(backup.failure?.writer == Self.sqlWriter && backup.failure?.event == .prepareSnapshot)
        }
        // Asked again, it refused again: two PrepareForSnapshot events, two failures there.
        #expect(Self.events(result, ["Identify", "PrepareForSnapshot"])
            == ["Identify", "PrepareForSnapshot", "Identify", "PrepareForSnapshot"])
        let failures = result.events.filter { $0.scope == "HV01/VM3/SqlServerWriter" && $0.event == "WriterFailed" }
        #expect(failures.count == 2)
        #expect(failures.allSatisfy { $0.detail.hasPrefix("PrepareForSnapshot: VSS_E_WRITERERROR_NONRETRYABLE") })
        #expect(result.events("StillFailed").isEmpty)
    }

    /// Between backups, vssadmin shows what the last session left, a veto included.
    @Test func betweenBackupsTheLastSessionsFailureShows() throws {
        let result = try ScenarioFixtures.run(Self.secondaryOnSP1("""
              - hostBackup: {}
              - workload: { seconds: 5 }
            """))
        let status = try #require(result.end.vm(named: "VM3")?.writers.first { $0.name == Self.sqlWriter })
        #expect(status.state == .failedAtPrepareSnapshot)
        #expect(status.lastError == .writerErrorNonRetryable)
    }

    static func faulted(_ fault: String, steps: String) -> String {
        HostFaultScenarioTests.scenario(fault, steps: steps)
    }

    @Test func aFailFaultOnceFailsOneHostBackupAndTheNextSucceeds() throws {
        let result = try ScenarioFixtures.run(Self.faulted("""
              - { vm: VM1, writer: SqlServerWriter, event: post-snapshot, action: fail, error: retryable, times: 1 }
            """, steps: HostFaultScenarioTests.twoBackups))
        let backups = Self.hostBackups(result)
        try #require(backups.count == 2)
        #expect(backups[0].hresult == .writerErrorRetryable)
        #expect(backups[1].succeeded, "a veto lasts its session: no restart needed")
        #expect(result.events("StillFailed").isEmpty)
        #expect(Self.events(result, ["Identify"], scope: "HV01/VM1/SqlServerWriter").count == 2)
    }

    /// A hang in any event after Identify; in Thaw it also costs the other frozen writers no
    /// failure, since VSS sends them Thaw at the same time.
    @Test(arguments: ["prepare-backup", "prepare-snapshot", "freeze", "thaw", "post-snapshot", "backup-complete"].map {
        "  - { vm: VM1, writer: SqlServerWriter, event: \($0), action: hang, times: 1 }"
    } + [
        "  - { host: requester-disappears, vm: VM1, event: post-snapshot, times: 1 }",
    ])
    func aWriterThatStoppedAnsweringStaysFailedUntilItsServiceRestarts(fault: String) throws {
        let result = try ScenarioFixtures.run(Self.faulted(fault, steps: """
              - hostBackup: {}
              - hostBackup: {}
              - restartService: { vm: VM1, service: SQLWriter }
              - hostBackup: {}
            """))
        let backups = Self.hostBackups(result)
        try #require(backups.count == 3)
        #expect(!backups[0].succeeded)
        #expect(!backups[1].succeeded, "the second backup does not ask the stuck writer again")
        #expect(backups[2].succeeded, "the restart cleared it")
        let stillFailed = result.events("StillFailed")
        #expect(stillFailed.count == 1 && stillFailed.first?.scope == "HV01/VM1/SqlServerWriter")
        // Identify in the first and third sessions only.
        #expect(Self.events(result, ["Identify"], scope: "HV01/VM1/SqlServerWriter").count == 2)
    }
}
