import HostBackup
import SnapWriter
import Testing

/// The SQL writer's snapshot backups and native backups share one engine state.
@Suite struct SnapshotEngineTests {
    @Test func aCopyOnlySnapshotOfALaggingSecondaryStopsAtItsRedoPoint() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(version: "2012-SP2-CU2", steps: """
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 30 }
              - workload: { seconds: 60 }
              - hostBackup
            """))
        let snapshot = try #require(result.database("VM2", "Sales")?.backupSet)
        let copy = try #require(result.sqlDatabase("VM2", "Sales"))
        let redo = copy.log.lsn(atOffset: copy.progress.redone)
        #expect(snapshot.isCopyOnly == true && snapshot.isSnapshot == true && snapshot.deviceType == 7)
        #expect(snapshot.firstLsn == redo && snapshot.lastLsn == redo && snapshot.checkpointLsn == redo)
        let primary = try #require(result.database("VM1", "Sales")?.backupSet)
        #expect(primary.lastLsn == result.log().endOfLog && redo < primary.lastLsn)
    }

    @Test func aVSSFullIsTheBaseAndChainStartOfLaterNativeBackups() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(version: "2012-SP2-CU2", steps: """
              - workload: { seconds: 10 }
              - hostBackup
              - workload: { seconds: 10 }
              - backup: { vm: VM1, database: Sales, type: differential }
              - backup: { vm: VM2, database: Sales, type: log }
            """))
        let snapshot = try #require(result.database("VM1", "Sales")?.backupSet)
        #expect(snapshot.isCopyOnly == false)
        #expect(result.row(3)?.differentialBaseLsn == snapshot.checkpointLsn)
        #expect(result.row(4)?.firstLsn == snapshot.firstLsn && result.row(4)?.beginsLogChain == true)
    }

    @Test func aHostBackupWaitsForNativeBackupsUnderWay() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(version: "2012-SP2-CU2", steps: """
              - backup: { vm: VM1, database: Sales, type: full, wait: false }
              - hostBackup
            """, salesSizeMiB: 1024))
        let native = try #require(result.row(0))
        let snapshot = try #require(result.database("VM1", "Sales")?.backupSet)
        #expect(native.backupSetId < snapshot.backupSetId)
        #expect(snapshot.databaseBackupLsn == native.checkpointLsn)
        #expect(result.events.contains { $0.event == "WaitingForBackups" })
    }
}

@Suite struct WorldEngineTests {
    @Test func twoGroupsWithADatabaseOfTheSameNameKeepTwoLogs() throws {
        let vms = (1...4).map { "  - name: VM\($0)\n    sql:\n      version: 2019\n      databases: [{ name: Sales }]" }
        let yaml = """
            name: two-groups
            vms:
            \(vms.joined(separator: "\n"))
            availabilityGroups:
              - { name: AG1, databases: [Sales], replicas: [{ vm: VM1, role: primary }, { vm: VM2, role: secondary }] }
              - { name: AG2, databases: [Sales], replicas: [{ vm: VM3, role: primary }, { vm: VM4, role: secondary }] }
            steps:
              - backup: { vm: VM1, database: Sales, type: full }
              - backup: { vm: VM4, database: Sales, type: log }
            """
        let result = try EngineFixtures.run(yaml)
        let logs = (1...4).map { result.sqlDatabase("VM\($0)", "Sales")!.log }
        #expect(logs[0] === logs[1] && logs[2] === logs[3] && logs[0] !== logs[2])
        #expect(result.step(1).msg == 4214, "AG1's full does not start AG2's chain")
    }
}
