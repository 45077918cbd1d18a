import Foundation
import HostBackup
import SnapWriter
import Testing

/// How native backups fill msdb's backupset (reference §2) and move the database's
/// backup state: the differential base, database_backup_lsn and the log chain.
@Suite struct NativeBackupTests {
    static func date(_ text: String?) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text ?? "") ?? .distantPast
    }

    static func seconds(_ row: BackupSet) -> Double {
        date(row.backupFinishDate).timeIntervalSince(date(row.backupStartDate))
    }

    @Test func theFirstFullEverStartsTheChainAndBecomesTheBase() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - workload: { seconds: 10 }
              - backup: { vm: VM1, database: Inventory, type: full }
            """))
        let row = try #require(result.row(1))
        let log = result.log("Inventory")
        #expect(result.step(1).ok && !result.step(1).skipped && result.step(1).msg == nil && result.step(1).text == nil)
        #expect(row.type == .database && row.isCopyOnly == false && row.isSnapshot == false)
        let checkpoint = try #require(row.checkpointLsn)
        #expect(row.firstLsn < checkpoint, "the oldest active transaction began before the checkpoint")
        #expect(row.firstLsn == log.oldestActiveTransaction(atOffset: log.offset(of: checkpoint)))
        #expect(row.lastLsn > checkpoint, "the workload wrote log while the backup ran")
        #expect(row.lastLsn == log.endOfLog, "nothing ran after it: it ended at the end of the log")
        #expect(row.databaseBackupLsn == .zero, "no full before it")
        #expect(row.differentialBaseLsn == nil && row.differentialBaseGuid == nil)
        #expect(row.beginsLogChain == false)
        #expect(row.deviceType == 2)
        #expect(row.physicalDeviceName == "D:\\Backup\\Inventory_FULL_20260105_080010.bak")
        #expect(row.backupStartDate == "2026-01-05T08:00:10.000Z")
        #expect(row.serverName == "VM1" && row.machineName == "VM1" && row.recoveryModel == "FULL")
        #expect(row.databaseGuid == log.databaseGuid && row.firstRecoveryForkGuid == row.lastRecoveryForkGuid)
        #expect(log.differentialBaseLsn == checkpoint && log.differentialBaseGuid != nil)
        #expect(log.lastFullCheckpoint == checkpoint)
        #expect(log.lastLogBackupLsn == row.firstLsn, "the next log backup begins at this full's first_lsn")
        #expect(result.msdb("VM1") == [row])
    }

    @Test func everyFullGivesTheBaseANewGuidAndACopyOnlyFullKeepsIt() throws {
        let steps = [
            "  - backup: { vm: VM1, database: Inventory, type: full }",
            "  - backup: { vm: VM1, database: Inventory, type: full, copyOnly: true }",
            "  - backup: { vm: VM1, database: Inventory, type: full }",
        ]
        var guids: [String?] = []
        for count in 1...3 {
            let result = try EngineFixtures.run(EngineFixtures.group(steps: steps.prefix(count).joined(separator: "\n")))
            guids.append(result.log("Inventory").differentialBaseGuid)
        }
        #expect(guids[0] != nil && guids[1] == guids[0], "a copy-only full leaves the base as it was")
        #expect(guids[2] != nil && guids[2] != guids[0], "the next full is a new base")
    }

    @Test func fullsNameThePreviousFullAndCopyOnlyFullsChangeNothing() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: full }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: full, copyOnly: true }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: full }
              - backup: { vm: VM1, database: Inventory, type: differential }
            """))
        let (first, copy, second, differential) = try (
            #require(result.row(0)), #require(result.row(2)), #require(result.row(4)), #require(result.row(5)))
        #expect(copy.isCopyOnly == true)
        #expect(copy.databaseBackupLsn == first.checkpointLsn, "a copy-only full keeps the last full's checkpoint")
        #expect(copy.differentialBaseLsn == nil && copy.differentialBaseGuid == nil)
        #expect(second.databaseBackupLsn == first.checkpointLsn, "the copy-only full is not a previous full")
        #expect(differential.differentialBaseLsn == second.checkpointLsn)
        #expect(differential.databaseBackupLsn == second.checkpointLsn)
        #expect(result.log("Inventory").lastLogBackupLsn == first.firstLsn, "a later full does not restart the chain")
    }

    @Test func aDifferentialIsBasedOnTheLastFullNotOnACopyOnlyOne() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: full }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: full, copyOnly: true }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: differential }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: differential }
            """))
        let full = try #require(result.row(0))
        let log = result.log("Inventory")
        for index in [4, 6] {
            let differential = try #require(result.row(index))
            #expect(differential.type == .differential && differential.isCopyOnly == false)
            #expect(differential.differentialBaseLsn == full.checkpointLsn)
            #expect(differential.databaseBackupLsn == full.checkpointLsn)
            #expect(differential.differentialBaseGuid == log.differentialBaseGuid)
            #expect(differential.firstLsn <= differential.checkpointLsn!)
            #expect(differential.checkpointLsn! < differential.lastLsn)
            #expect(differential.physicalDeviceName?.contains("Inventory_DIFF_") == true)
        }
        #expect(log.differentialBaseLsn == full.checkpointLsn, "differentials never move the base")
        #expect(try #require(result.row(6)).firstLsn > result.row(4)!.lastLsn)
    }

    @Test func logBackupsChainFromOneToTheNextAndCopyOnlyLogsStandAside() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: full }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log, copyOnly: true }
              - workload: { seconds: 5 }
              - backup: { vm: VM1, database: Inventory, type: log }
            """))
        let full = try #require(result.row(0))
        let (first, second, copy, third) = try (
            #require(result.row(2)), #require(result.row(4)), #require(result.row(6)), #require(result.row(8)))
        #expect(first.firstLsn == full.firstLsn, "the first log backup begins at the full's first_lsn")
        #expect(first.beginsLogChain == true)
        #expect(second.firstLsn == first.lastLsn && second.beginsLogChain == false)
        #expect(copy.isCopyOnly == true && copy.firstLsn == second.lastLsn && copy.beginsLogChain == false)
        #expect(copy.lastLsn > copy.firstLsn)
        #expect(third.firstLsn == second.lastLsn, "a copy-only log does not move the chain")
        for log in [first, second, copy, third] {
            #expect(log.type == .log && log.isSnapshot == false && log.deviceType == 2)
            #expect(log.databaseBackupLsn == full.checkpointLsn)
            #expect(log.differentialBaseLsn == nil)
            #expect(log.physicalDeviceName?.hasSuffix(".trn") == true)
            #expect(log.checkpointLsn.map { $0 <= log.lastLsn } == true)
        }
        #expect(result.log("Inventory").lastLogBackupLsn == third.lastLsn)
        #expect(third.lastLsn == result.log("Inventory").endOfLog)
    }

    @Test func aBackupTakesTimeInProportionToWhatItReads() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full }
              - workload: { seconds: 60 }
              - backup: { vm: VM1, database: Sales, type: log }
            """, salesSizeMiB: 2048))
        let full = try #require(result.row(0))
        // 2 GiB at 100 MiB/s, plus half a second of overhead and the little log there was.
        #expect(abs(Self.seconds(full) - 20.98) < 0.05)
        let log = try #require(result.row(2))
        #expect(Self.seconds(log) >= 0.5 && Self.seconds(log) < 0.6)
        #expect(full.lastLsn > full.checkpointLsn!, "twenty seconds of workload went into the full")
    }

    @Test func aLogTakenDuringAFullChainsAfterTheLastLogAndNamesThePreviousFull() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full }
              - workload: { seconds: 30 }
              - backup: { vm: VM1, database: Sales, type: log }
              - workload: { seconds: 30 }
              - backup: { vm: VM1, database: Sales, type: full, wait: false }
              - workload: { seconds: 10 }
              - backup: { vm: VM1, database: Sales, type: log }
              - workload: { seconds: 60 }
              - backup: { vm: VM1, database: Sales, type: log }
            """, salesSizeMiB: 4096))
        let (firstFull, firstLog, secondFull, duringFull, afterFull) = try (
            #require(result.row(0)), #require(result.row(2)), #require(result.row(4)), #require(result.row(6)),
            #require(result.row(8)))
        #expect(NativeBackupTests.date(duringFull.backupStartDate) > NativeBackupTests.date(secondFull.backupStartDate))
        #expect(NativeBackupTests.date(duringFull.backupFinishDate) < NativeBackupTests.date(secondFull.backupFinishDate))
        #expect(duringFull.firstLsn == firstLog.lastLsn, "the running full does not move the chain")
        #expect(duringFull.databaseBackupLsn == firstFull.checkpointLsn, "the running full is not yet the last full")
        #expect(secondFull.databaseBackupLsn == firstFull.checkpointLsn)
        #expect(afterFull.firstLsn == duringFull.lastLsn)
        #expect(afterFull.databaseBackupLsn == secondFull.checkpointLsn)
        #expect(afterFull.firstLsn <= secondFull.lastLsn && secondFull.lastLsn < afterFull.lastLsn,
                "the log after the full covers its last_lsn")
        let recovery = result.world.engine.achievedRecoveryPoint(of: result.sqlDatabase("VM1", "Sales")!)
        #expect(recovery.plan.sequence.map(\.backupSetId) == [secondFull.backupSetId, afterFull.backupSetId])
        #expect(recovery.plan.restoredTo == afterFull.lastLsn)
    }

    @Test func aSecondDataBackupWaitsForTheFirst() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Sales, type: full, wait: false }
              - backup: { vm: VM1, database: Sales, type: differential }
            """, salesSizeMiB: 1024))
        let (full, differential) = try (#require(result.row(0)), #require(result.row(1)))
        #expect(result.step(1).ok, "the running full becomes its base: no 3035")
        #expect(differential.backupStartDate == full.backupFinishDate)
        #expect(differential.differentialBaseLsn == full.checkpointLsn)
        #expect(!result.trace("BackupWaiting", in: "VM1").isEmpty)
    }

    @Test func aFailedBackupIsAStepResultAndTheRunGoesOn() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: """
              - backup: { vm: VM1, database: Inventory, type: log }
              - backup: { vm: VM1, database: Inventory, type: differential }
              - backup: { vm: VM1, database: Inventory, type: full, inTransaction: true }
              - backup: { vm: VM1, database: Inventory, type: log, inTransaction: true }
              - backup: { vm: VM1, database: Inventory, type: full }
              - backup: { vm: VM1, database: Inventory, type: log }
            """))
        #expect(result.steps.map(\.msg) == [4214, 3035, 3021, 3021, nil, nil])
        #expect(result.steps.map(\.ok) == [false, false, false, false, true, true])
        #expect(result.step(0).text == BackupErrors.noCurrentDatabaseBackup().text)
        #expect(result.step(1).text == BackupErrors.noDifferentialBase(database: "Inventory").text)
        #expect(result.step(2).text == BackupErrors.insideTransaction(.backupDatabase).text)
        #expect(result.step(3).text == BackupErrors.insideTransaction(.backupLog).text)
        #expect(result.steps[0..<4].allSatisfy { $0.backup == nil && !$0.skipped })
        #expect(result.msdb("VM1").count == 2, "failed backups record nothing")
        let json = RunReport.json(result.result)
        guard case .array(let steps)? = json["steps"] else { Issue.record("no steps"); return }
        #expect(steps[0]["msg"] == .int(4214))
        #expect(steps[0]["ok"] == .bool(false))
        #expect(steps[0]["text"] == .string(BackupErrors.noCurrentDatabaseBackup().text))
        #expect(steps[0]["backup"] == .null)
        #expect(steps[4]["backup"]?["device_type"] == .int(2))
    }
}
