import HostBackup
import SnapWriter
import Testing

/// Backups on availability group secondaries (reference §4): what they may take, when they
/// must refuse, the handshake and the one log chain across replicas.
@Suite struct SecondaryBackupTests {
    static let chainStart = """
          - backup: { vm: VM1, database: Sales, type: full }
          - workload: { seconds: 30 }
        """

    @Test func aSecondaryTakesOnlyCopyOnlyFullsAndRegularLogs() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - backup: { vm: VM2, database: Sales, type: full }
              - backup: { vm: VM2, database: Sales, type: differential }
              - backup: { vm: VM2, database: Sales, type: log, copyOnly: true }
              - backup: { vm: VM2, database: Sales, type: full, copyOnly: true }
              - backup: { vm: VM2, database: Sales, type: log }
            """))
        #expect(result.steps[2...].map(\.msg) == [3059, 3059, 3059, nil, nil])
        #expect(result.step(2).text == BackupErrors.notSupportedOnSecondary(.backupDatabase).text)
        #expect(result.step(3).text == BackupErrors.notSupportedOnSecondary(.backupDatabase).text)
        #expect(result.step(4).text == BackupErrors.notSupportedOnSecondary(.backupLog).text)
        let copy = try #require(result.row(5))
        #expect(copy.isCopyOnly == true && copy.serverName == "VM2" && copy.type == .database)
        #expect(copy.databaseBackupLsn == result.row(0)!.checkpointLsn)
        #expect(result.log().differentialBaseLsn == result.row(0)!.checkpointLsn, "the copy-only full is no base")
        #expect(result.msdb("VM2").map(\.backupSetId) == [copy.backupSetId, result.row(6)!.backupSetId],
                "each replica's msdb holds the backups taken there")
        #expect(result.msdb("VM1").map(\.backupSetId) == [result.row(0)!.backupSetId])
    }

    @Test func sqlServer2025AddsRegularFullAndDifferentialOnSecondaries() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(version: "2025", steps: Self.chainStart + """

              - backup: { vm: VM2, database: Sales, type: full }
              - workload: { seconds: 10 }
              - backup: { vm: VM2, database: Sales, type: differential }
              - backup: { vm: VM2, database: Sales, type: log, copyOnly: true }
            """))
        #expect(result.steps[2...].map(\.msg) == [nil, nil, nil, 3059])
        let (full, differential) = try (#require(result.row(2)), #require(result.row(4)))
        #expect(full.isCopyOnly == false && full.databaseBackupLsn == result.row(0)!.checkpointLsn)
        #expect(differential.differentialBaseLsn == full.checkpointLsn, "the secondary's full is the new base")
    }

    @Test func aDisconnectedOrSuspendedSecondaryCannotBackUp() throws {
        for change in ["connected: false", "synchronizationState: not-synchronizing"] {
            let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

                  - replica: { ag: AG1, vm: VM2, \(change) }
                  - backup: { vm: VM2, database: Sales, type: log }
                  - backup: { vm: VM2, database: Sales, type: full, copyOnly: true }
                """))
            #expect(result.steps[3...].map(\.msg) == [35294, 35294], "\(change)")
            #expect(result.step(3).text == BackupErrors.noSynchronizationPoint(database: "Sales").text)
            #expect(result.step(4).text == BackupErrors.noSynchronizationPoint(database: "Sales", .backupDatabase).text)
            #expect(result.msdb("VM2").isEmpty)
        }
    }

    @Test func aSecondaryCutOffFromItsPrimaryCannotBackUp() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - replica: { ag: AG1, vm: VM1, connected: false }
              - backup: { vm: VM2, database: Sales, type: log }
              - replica: { ag: AG1, vm: VM1, connected: true }
              - replica: { ag: AG1, vm: VM2, synchronizationState: synchronizing }
              - backup: { vm: VM2, database: Sales, type: log }
            """))
        #expect(result.step(3).msg == 35294)
        #expect(result.step(6).ok, "SYNCHRONIZING is enough")
    }

    @Test func aLaggingSecondaryRefusesWith35295UntilItCatchesUp() throws {
        let upToTheRefusal = Self.chainStart + """

              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 20 }
              - workload: { seconds: 60 }
              - backup: { vm: VM1, database: Sales, type: log }
            """
        let result = try EngineFixtures.run(EngineFixtures.group(steps: upToTheRefusal + """

              - backup: { vm: VM2, database: Sales, type: log }
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 0 }
              - workload: { seconds: 10 }
              - backup: { vm: VM2, database: Sales, type: log }
            """))
        let primaryLog = try #require(result.row(4))
        #expect(result.step(5).msg == 35295)
        let redone = try #require(result.trace("HadrMsgTypeBackupInfoMsg", in: "VM1").last)
        #expect(redone.detail.hasSuffix("first LSN \(primaryLog.lastLsn.numeric)"))
        let text = try #require(result.step(5).text)
        #expect(text.contains("the last backup LSN (\(primaryLog.lastLsn.prefixedHex)) from the primary database"))
        // The redo point the message names is where redo stood 20 s before the step. The log
        // of the whole run has let that part go since; the same run stopped before the step
        // still holds it (the lagging secondary's redo point keeps it).
        let log = try EngineFixtures.run(EngineFixtures.group(steps: upToTheRefusal)).log()
        let atStep = result.events.first { $0.event == "StepStarted" && $0.detail.hasPrefix("5:") }!.tMs
        let lagged = log.lsn(atOffset: log.offset(atTime: .milliseconds(Int64(atStep) - 20_000)))
        #expect(text == BackupErrors.secondaryBehindLastBackup(
            database: "Sales", lastBackupLsn: primaryLog.lastLsn, localRedoLsn: lagged).text)
        let caughtUp = try #require(result.row(8))
        #expect(caughtUp.firstLsn == primaryLog.lastLsn && caughtUp.serverName == "VM2")
    }

    @Test func aSecondaryLogBackupEndsAtItsRedoPoint() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - backup: { vm: VM1, database: Sales, type: log }
              - replica: { ag: AG1, vm: VM2, redoLagSeconds: 10 }
              - workload: { seconds: 60 }
              - backup: { vm: VM2, database: Sales, type: log }
            """))
        let log = try #require(result.row(5))
        let copy = result.sqlDatabase("VM2", "Sales")!
        #expect(log.lastLsn == copy.log.lsn(atOffset: copy.progress.redone))
        #expect(log.lastLsn < copy.log.endOfLog, "the primary has written past the secondary's redo point")
        #expect(result.log().lastLogBackupLsn == log.lastLsn)
    }

    @Test func theHandshakeRunsItsTwelveStepsInOrder() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - backup: { vm: VM2, database: Sales, type: log }
            """))
        let row = try #require(result.row(2))
        let handshake = result.events.filter { $0.detail.hasPrefix("step ") }
        #expect(handshake.map { Int($0.detail.dropFirst(5).prefix { $0.isNumber })! } == Array(1...12))
        let messages = handshake.map(\.event)
        #expect(messages[2] == "HadrMsgTypeBackupSyncMsg" && messages[4] == "HadrMsgTypeBackupInfoMsg")
        #expect(messages[6] == "HadrMsgTypeBackupInfoMsg" && messages[9] == "HadrMsgTypeBackupSyncMsg")
        #expect(Set([0, 1, 5, 7, 8, 10, 11].map { messages[$0] }) == ["LogBackupHandshake"])
        let primarySteps = [4, 5, 8, 9, 10]
        for (index, event) in handshake.enumerated() {
            let onPrimary = primarySteps.contains(index + 1)
            #expect(event.scope == "HV01/\(onPrimary ? "VM1" : "VM2")/MSSQLSERVER", "step \(index + 1)")
        }
        #expect(handshake[4].detail == "step 5: VM1 → VM2: Sales first LSN \(row.firstLsn.numeric)")
        #expect(handshake[6].detail == "step 7: VM2 → VM1: Sales last LSN \(row.lastLsn.numeric)")
        #expect(handshake[11].detail == "step 12: VM2 records backup_set_id \(row.backupSetId) in its msdb")
        let checkpoint = result.log().lastCheckpoint
        #expect(checkpoint >= row.lastLsn, "step 8: the primary checkpoints after the backup")
        #expect(handshake[7].detail == "step 8: VM1 checkpoints Sales at \(checkpoint.numeric)")
    }

    @Test func aFailedHandshakeStopsAndReleasesTheLocks() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - replica: { ag: AG1, vm: VM2, connected: false }
              - backup: { vm: VM2, database: Sales, type: log }
            """))
        let details = result.events.filter { $0.event.hasPrefix("Hadr") || $0.event == "LogBackupHandshake" }.map(\.detail)
        #expect(details == [
            "step 1: Sales: no transaction is open", "step 2: VM2 takes its backup lock on Sales",
            "step 3: VM2 → VM1: not delivered: VM2 is not connected", "VM2 releases its backup lock on Sales",
        ])
    }

    @Test func oneLogChainAlternatesAcrossReplicas() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - backup: { vm: VM2, database: Sales, type: log }
              - workload: { seconds: 30 }
              - backup: { vm: VM1, database: Sales, type: log }
              - workload: { seconds: 30 }
              - backup: { vm: VM3, database: Sales, type: log }
              - workload: { seconds: 30 }
              - backup: { vm: VM2, database: Sales, type: log }
            """, threeReplicas: true))
        let logs = try [2, 4, 6, 8].map { try #require(result.row($0)) }
        #expect(logs.map { $0.serverName ?? "" } == ["VM2", "VM1", "VM3", "VM2"])
        #expect(logs[0].firstLsn == result.row(0)!.firstLsn && logs[0].beginsLogChain == true)
        for (previous, next) in zip(logs, logs.dropFirst()) {
            #expect(next.firstLsn == previous.lastLsn)
            #expect(next.beginsLogChain == false)
        }
        let recovery = result.world.engine.achievedRecoveryPoint(of: result.sqlDatabase("VM1", "Sales")!)
        #expect(recovery.plan.sequence.map(\.backupSetId) == [result.row(0)!.backupSetId] + logs.map(\.backupSetId))
    }

    @Test func aLogBackupRunningOnThePrimaryHoldsItsLockAgainstASecondary() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - backup: { vm: VM1, database: Sales, type: log, wait: false }
              - backup: { vm: VM2, database: Sales, type: log }
            """))
        #expect(result.step(3).msg == 35294)
        let refusal = try #require(result.trace("LogBackupHandshake", in: "VM1").first)
        #expect(refusal.detail == "step 4: VM1 cannot take its backup lock on Sales: the log backup on VM1 holds it")
        #expect(result.row(2) != nil, "the primary's own log backup finished")
    }

    @Test func aPrimaryLogBackupWaitsForASecondarysHandshake() throws {
        let result = try EngineFixtures.run(EngineFixtures.group(steps: Self.chainStart + """

              - backup: { vm: VM2, database: Sales, type: log, wait: false }
              - backup: { vm: VM1, database: Sales, type: log }
            """))
        let (secondary, primary) = try (#require(result.row(2)), #require(result.row(3)))
        #expect(primary.firstLsn == secondary.lastLsn)
        #expect(primary.backupStartDate == secondary.backupFinishDate)
        #expect(result.trace("BackupWaiting", in: "VM1").first?.detail == "Sales: waits for the log backup on VM2")
    }
}
