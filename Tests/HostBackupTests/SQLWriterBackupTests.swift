import HostBackup
import SnapWriter
import Testing

/// What the SQL writer does to each database it backs up: freeze and thaw with their
/// error-log lines, one msdb row each, and the differential base for a FULL.
@Suite struct SQLWriterBackupTests {
    @Test func everyDatabaseIsFrozenAndThawedWithItsErrorLogLines() throws {
        let result = try ScenarioFixtures.run(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        let log = try #require(result.vm("VM1")?.errorLog)
        for database in ["Sales", "Inventory"] {
            #expect(log.contains("I/O is frozen on database \(database). No user action is required. However, if I/O "
                + "is not resumed promptly, you could cancel the backup."))
            #expect(log.contains("I/O was resumed on database \(database). No user action is required."))
        }
        let frozen = log.firstIndex { $0.hasPrefix("I/O is frozen on database Sales") }!
        let resumed = log.firstIndex { $0.hasPrefix("I/O was resumed on database Sales") }!
        #expect(frozen < resumed)
    }

    @Test func eachDatabaseGetsOneSnapshotRowOnAVirtualDevice() throws {
        let result = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        let rows = result.world.instances.values.flatMap(\.msdb.backupSets)
        #expect(rows.count == 3)
        for row in rows {
            #expect(row.type == .database)
            #expect(row.isSnapshot == true)
            #expect(row.deviceType == 7)
            #expect(row.differentialBaseLsn == nil)
            #expect(row.firstLsn <= row.lastLsn)
        }
        #expect(Set(rows.map(\.backupSetId)).count == rows.count, "ids are unique across replicas")
        #expect(rows.first { $0.serverName == "VM3" }?.isCopyOnly == true)
    }

    @Test func aFullBecomesTheDifferentialBaseAtBackupComplete() throws {
        let result = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(
            version: "2012-SP2-CU2", extra: "steps:\n  - hostBackup: {}\n  - workload: { seconds: 30 }\n  - hostBackup: {}"))
        let primaryRows = result.world.instances["VM1"]!.msdb.backupSets.filter { $0.databaseName == "Sales" }
        #expect(primaryRows.count == 2)
        #expect(primaryRows[0].databaseBackupLsn == .zero, "the first full ever has no previous full")
        #expect(primaryRows[1].databaseBackupLsn == primaryRows[0].checkpointLsn)
        #expect(primaryRows[1].firstLsn > primaryRows[0].lastLsn, "the workload wrote log in between")
        let secondaryRows = result.world.instances["VM3"]!.msdb.backupSets
        #expect(secondaryRows[0].databaseBackupLsn == primaryRows[0].checkpointLsn,
                "a copy-only keeps the last full's checkpoint as database_backup_lsn")
        #expect(secondaryRows[1].databaseBackupLsn == primaryRows[1].checkpointLsn,
                "VM1 completed its full before VM3's copy-only ran")
        let log = result.world.instances["VM1"]!.database(named: "Sales")!.log
        #expect(log.differentialBaseLsn == primaryRows[1].checkpointLsn)
        #expect(log.lastLogBackupLsn == primaryRows[0].firstLsn, "the first full started the log chain")
    }

    @Test func aCopyOnlyNeverBecomesTheDifferentialBase() throws {
        let result = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2"))
        let secondary = result.world.instances["VM3"]!
        #expect(secondary.msdb.backupSets.first?.isCopyOnly == true)
        let events = result.events("DifferentialBaseSet").map(\.scope)
        #expect(events.allSatisfy { $0.hasSuffix("VM1/SqlServerWriter") })
        #expect(events.count == 2)
    }

    @Test func aFailedWriterLeavesNoDatabaseFrozen() throws {
        let result = try ScenarioFixtures.runKeepingWorld(ScenarioFixtures.threeVMs(version: "2012-SP2-CU2", extra: """
            faults:
              - vm: VM1
                writer: System Writer
                event: freeze
                action: fail
                error: retryable
            """))
        #expect(result.lastHostBackup?.hresult == .writerErrorRetryable)
        #expect(result.lastHostBackup?.failure?.event == .freeze)
        let databases = result.world.instances.values.flatMap(\.databases)
        #expect(databases.allSatisfy { !$0.isFrozen })
        let log = result.vm("VM1")!.errorLog
        #expect(log.filter { $0.hasPrefix("I/O is frozen") }.count == log.filter { $0.hasPrefix("I/O was resumed") }.count)
    }
}
