import HostBackup
import SnapWriter
import Testing

/// ALTER DATABASE … SET RECOVERY and what it does to the log chain (reference §6).
@Suite struct RecoveryModelTests {
    @Test func simpleAndBackBreaksTheChainUntilAFull() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: full }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
              - recoveryModel: { vm: VM1, database: Inventory, model: simple }
              - backup: { vm: VM1, database: Inventory, type: log }
              - recoveryModel: { vm: VM1, database: Inventory, model: full }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
              - backup: { vm: VM1, database: Inventory, type: log, copyOnly: true }
              - backup: { vm: VM1, database: Inventory, type: full }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
            """))
        #expect(result.steps.map(\.msg) == [nil, nil, nil, nil, 4208, nil, nil, 4214, 4214, nil, nil, nil])
        #expect(result.step(3).ok && result.step(5).ok)
        #expect(result.step(4).text == BackupErrors.logBackupInSimpleRecovery().text)
        #expect(result.step(7).text == BackupErrors.noCurrentDatabaseBackup().text)
        let (full, restarted) = try (#require(result.row(9)), #require(result.row(11)))
        #expect(restarted.firstLsn == full.firstLsn, "the new chain begins at the new full's first_lsn")
        #expect(restarted.beginsLogChain == true)
        #expect(!result.trace("LogChainBroken", in: "VM1").isEmpty)
    }

    @Test func aDifferentialAlsoRestartsTheChain() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: full }
              - recoveryModel: { vm: VM1, database: Inventory, model: simple }
              - workload: { seconds: 5 }
              - recoveryModel: { vm: VM1, database: Inventory, model: full }
              - backup: { vm: VM1, database: Inventory, type: differential }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
            """))
        let (full, differential, log) = try (#require(result.row(0)), #require(result.row(4)), #require(result.row(6)))
        #expect(differential.differentialBaseLsn == full.checkpointLsn, "switching models keeps the base")
        #expect(log.firstLsn == differential.firstLsn && log.beginsLogChain == true)
    }

    @Test func aFullInSimpleRecoveryStartsNoChain() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - recoveryModel: { vm: VM1, database: Inventory, model: simple }
              - backup: { vm: VM1, database: Inventory, type: full }
              - recoveryModel: { vm: VM1, database: Inventory, model: full }
              - backup: { vm: VM1, database: Inventory, type: log }
            """))
        #expect(result.row(1)?.recoveryModel == "SIMPLE")
        #expect(result.step(3).msg == 4214)
    }

    @Test func bulkLoggedKeepsTheChain() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: full }
              - recoveryModel: { vm: VM1, database: Inventory, model: bulk-logged }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
            """))
        let log = try #require(result.row(3))
        #expect(log.firstLsn == result.row(0)!.firstLsn && log.recoveryModel == "BULK_LOGGED")
    }

    @Test func anAvailabilityGroupDatabaseRefusesAnythingButFull() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - recoveryModel: { vm: VM1, database: Sales, model: simple }
              - recoveryModel: { vm: VM2, database: Sales, model: bulk-logged }
              - recoveryModel: { vm: VM1, database: Sales, model: full }
            """))
        #expect(result.steps.map(\.msg) == [1468, 1468, nil])
        #expect(result.steps.map(\.ok) == [false, false, true])
        #expect(result.step(0).text == BackupErrors.involvedInAvailabilityGroup(database: "Sales").text)
        #expect(result.log().recoveryModel == .full)
    }
}
