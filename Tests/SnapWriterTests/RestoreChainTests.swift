import Testing
@testable import SnapWriter

/// `chain` planning: the rules of reference §6, including the places where popular
/// restore scripts (ordered by date, filtered by database_backup_lsn) go wrong.
@Suite struct RestoreChainTests {
    typealias F = Fixture

    let full = F.full(1, first: 100, checkpoint: 110, last: 200)

    @Test func fullThenTheLogsThatJoin() {
        let plan = F.plan([full, F.log(2, first: 100, last: 300), F.log(3, first: 300, last: 400)])
        #expect(plan.restorable)
        #expect(plan.mode == .plan)
        #expect(plan.ids == [1, 2, 3])
        #expect(plan.restoredTo == F.at(400))
        #expect(plan.error == nil && plan.warning == nil)
    }

    @Test func ordersByLSNNotByIdOrDate() {
        // Ids from several replicas' msdb say nothing about order; LSNs do.
        let plan = F.plan([F.log(9, first: 300, last: 400), F.log(3, first: 100, last: 300), F.full(7, first: 100, checkpoint: 110, last: 200)])
        #expect(plan.ids == [7, 3, 9])
    }

    @Test func theFirstLogIsTheOneCoveringTheFullsLastLsn() {
        // Logs that end at or before the full's last_lsn are skipped, not applied.
        let plan = F.plan([
            F.log(2, first: 10, last: 100), F.log(3, first: 100, last: 180), full,
            F.log(4, first: 180, last: 260), F.log(5, first: 260, last: 400),
        ])
        #expect(plan.ids == [1, 4, 5])
    }

    @Test func aLogTakenWhileAFullRanIsStillNeeded() {
        // Log 3 started before full 2 finished, so its database_backup_lsn names full 1;
        // scripts that keep only logs naming full 2 drop it and break the chain.
        let first = F.full(1, first: 100, checkpoint: 110, last: 200)
        let second = F.full(2, first: 500, checkpoint: 510, last: 600, previousFull: 110)
        let during = F.log(3, first: 450, last: 650, lastFull: 110)
        let after = F.log(4, first: 650, last: 800, lastFull: 510)
        let plan = F.plan([first, F.log(5, first: 100, last: 450, lastFull: 110), second, during, after])
        #expect(plan.ids == [2, 3, 4])
        #expect(plan.restoredTo == F.at(800))
        #expect(F.replay([second, after]).error?.msg == 4305, "what the script's sequence gets")
    }

    @Test func twoLogsThatDoNotJoinAreAGap() throws {
        // Log 3 starts at 310 where log 2 ends at 300: nothing covers 300..310.
        let plan = F.plan([full, F.log(2, first: 100, last: 300), F.log(3, first: 310, last: 400), F.log(4, first: 400, last: 500)])
        #expect(plan.restorable, "restorable up to the gap")
        #expect(plan.ids == [1, 2])
        #expect(plan.restoredTo == F.at(300))
        let warning = try #require(plan.warning)
        #expect(warning.msg == 4305)
        #expect(warning.backupSetId == 3)
        #expect(warning.text == "The log in this backup set begins at LSN 40000000031000001, which is too recent to apply to the database. An earlier log backup that includes LSN 40000000030000001 can be restored.")
    }

    @Test func aCopyOnlyFullStartsASequence() {
        let copyOnly = F.full(1, first: 100, checkpoint: 110, last: 200, copyOnly: true)
        let plan = F.plan([copyOnly, F.log(2, first: 50, last: 300), F.log(3, first: 300, last: 400)])
        #expect(plan.restorable)
        #expect(plan.ids == [1, 2, 3])
    }

    @Test func aDifferentialIsNeverPlannedOverACopyOnlyFull() {
        // Even when the rows claim the copy-only full as base, RESTORE refuses (3136).
        let copyOnly = F.full(1, first: 100, checkpoint: 110, last: 200, copyOnly: true)
        let differential = F.differential(2, base: 110, first: 300, last: 350)
        let logs = [F.log(3, first: 100, last: 320), F.log(4, first: 320, last: 400)]
        let plan = F.plan([copyOnly, differential] + logs)
        #expect(plan.ids == [1, 3, 4])
        #expect(F.replay([copyOnly, differential]).error?.msg == 3136)
    }

    @Test func theDifferentialMustBeOverItsOwnBase() {
        // A copy-only full taken later is no base for the differential of the full before it.
        let copyOnly = F.full(2, first: 220, checkpoint: 230, last: 260, copyOnly: true, previousFull: 110)
        let differential = F.differential(3, base: 110, first: 300, last: 350)
        let plan = F.plan([full, copyOnly, differential])
        #expect(plan.ids == [1, 3], "the copy-only full alone reaches 260; full 1 with its differential 350")
        #expect(plan.restoredTo == F.at(350))
    }

    @Test func theLatestDifferentialIsChosen() {
        let plan = F.plan([
            full, F.log(2, first: 100, last: 300), F.differential(3, base: 110, first: 280, last: 320),
            F.log(4, first: 300, last: 400), F.differential(5, base: 110, first: 420, last: 450),
            F.log(6, first: 400, last: 500), F.log(7, first: 500, last: 600),
        ])
        #expect(plan.ids == [1, 5, 6, 7])
        #expect(plan.restoredTo == F.at(600))
    }

    @Test func aDifferentialWithAnotherBaseGuidIsNotUsed() {
        let guided = F.full(1, first: 100, checkpoint: 110, last: 200, baseGuid: F.forkA)
        let plan = F.plan([guided, F.differential(2, base: 110, first: 300, last: 350, baseGuid: F.forkB), F.log(3, first: 100, last: 400)])
        #expect(plan.ids == [1, 3])
    }

    @Test func emptyLogsAreSkipped() {
        let plan = F.plan([
            full, F.log(2, first: 100, last: 300), F.log(3, first: 300, last: 300), F.log(4, first: 300, last: 400),
            F.log(5, first: 400, last: 400),
        ])
        #expect(plan.ids == [1, 2, 4])
        #expect(plan.warning == nil, "an empty log after the end is no gap")
    }

    @Test func aLogOnAnotherRecoveryForkDoesNotApply() {
        let onA = F.full(1, first: 100, checkpoint: 110, last: 200, fork: F.forkA)
        let plan = F.plan([onA, F.log(2, first: 100, last: 300, fork: F.forkB), F.log(3, first: 100, last: 250, fork: F.forkA)])
        #expect(plan.ids == [1, 3])
    }

    @Test func anEarlierFullCanReachFurtherThanALaterOne() {
        // Full 1 and log 2 were restored to 300, opening fork B there. Full 4 was taken on
        // fork A after that point, so log 5, which crosses into fork B at 300, cannot follow it.
        let plan = F.plan([
            F.full(1, first: 100, checkpoint: 110, last: 200, fork: F.forkA),
            F.log(2, first: 100, last: 300, fork: F.forkA),
            F.log(3, first: 300, last: 400, fork: F.forkA),
            F.full(4, first: 350, checkpoint: 360, last: 450, previousFull: 110, fork: F.forkA),
            F.log(5, first: 300, last: 500, fork: F.forkA, toFork: F.forkB, forkPoint: 300),
            F.log(6, first: 500, last: 600, fork: F.forkB),
        ])
        #expect(plan.ids == [1, 2, 5, 6])
        #expect(plan.restoredTo == F.at(600))
    }

    @Test func aDifferentialOverAnEarlierFullCanBeatALaterCopyOnlyFull() {
        let plan = F.plan([
            full, F.full(2, first: 300, checkpoint: 310, last: 400, copyOnly: true, previousFull: 110),
            F.differential(3, base: 110, first: 450, last: 500),
        ])
        #expect(plan.ids == [1, 3])
    }

    @Test func tiesGoToFewestBackupsThenTheLatestFull() {
        // Both fulls reach 400 with one log; the later one wins.
        let tied = F.plan([full, F.full(2, first: 250, checkpoint: 260, last: 300), F.log(3, first: 100, last: 400)])
        #expect(tied.ids == [2, 3])
        // A copy-only full on a secondary needs fewer logs than the full before it.
        let fewer = F.plan([
            full, F.log(2, first: 100, last: 300), F.full(3, first: 320, checkpoint: 330, last: 350, copyOnly: true),
            F.log(4, first: 300, last: 400),
        ])
        #expect(fewer.ids == [3, 4])
    }

    @Test func noFullBackupIsNotRestorable() throws {
        let plan = F.plan([F.log(2, first: 100, last: 300), F.differential(3, base: 110, first: 300, last: 350)])
        #expect(!plan.restorable)
        #expect(plan.ids == [])
        #expect(plan.restoredTo == nil)
        let error = try #require(plan.error)
        #expect(error.msg == nil)
        #expect(error.terminating == nil)
        #expect(error.text == "No full database backup of database \"Sales\" is in the history; a restore sequence starts with one.")
    }

    @Test func plansOnlyTheNamedDatabase() {
        var other = F.full(9, first: 900, checkpoint: 910, last: 990)
        other.databaseName = "Inventory"
        let history = BackupHistory([full, other, F.log(2, first: 100, last: 300)])
        #expect(RestorePlanner(history: history, database: "Sales").plan().ids == [1, 2])
        #expect(RestorePlanner(history: history, database: "Inventory").plan().ids == [9])
    }
}

@Suite struct RestoreChainStopAtTests {
    typealias F = Fixture

    let history = [
        F.full(1, first: 100, checkpoint: 110, last: 200), F.log(2, first: 100, last: 300),
        F.full(3, first: 320, checkpoint: 330, last: 350), F.log(4, first: 300, last: 400),
        F.log(5, first: 400, last: 500), F.log(7, first: 600, last: 700),
    ]

    @Test func endsWithTheLogCoveringTheTarget() {
        let plan = F.plan(history, stopAt: F.at(250))
        #expect(plan.restorable)
        #expect(plan.ids == [1, 2])
        #expect(plan.restoredTo == F.at(250))
        #expect(plan.stopAt == F.at(250))
        #expect(plan.statements.last == "RESTORE LOG [Sales] FROM <backup_set_id 2> WITH STOPBEFOREMARK = N'lsn:40000000025000001', RECOVERY")
    }

    @Test func theFullMustPrecedeTheTarget() {
        // Full 3 ends at 350, after the target 340: the plan starts from full 1.
        #expect(F.plan(history, stopAt: F.at(340)).ids == [1, 2, 4])
        #expect(F.plan(history, stopAt: F.at(360)).ids == [3, 4])
    }

    @Test func aTargetAtALogsLastLsnNeedsNoStopClause() {
        let plan = F.plan(history, stopAt: F.at(400))
        #expect(plan.ids == [3, 4])
        #expect(plan.restoredTo == F.at(400))
        #expect(plan.statements.last == "RESTORE LOG [Sales] FROM <backup_set_id 4> WITH RECOVERY")
    }

    @Test func aTargetAtAFullsLastLsnIsThatFull() {
        let plan = F.plan(history, stopAt: F.at(200))
        #expect(plan.ids == [1])
        #expect(plan.statements == ["RESTORE DATABASE [Sales] FROM <backup_set_id 1> WITH RECOVERY"])
    }

    @Test func aTargetBeforeEveryFullIsNotRestorable() throws {
        let plan = F.plan(history, stopAt: F.at(150))
        #expect(!plan.restorable)
        #expect(plan.ids == [])
        let error = try #require(plan.error)
        #expect(error.msg == nil)
        #expect(error.text == "No full database backup of database \"Sales\" ends at or before LSN 40000000015000001; the earliest, backup_set_id 1, ends at LSN 40000000020000001.")
    }

    @Test func aTargetBeyondAGapIsMsg4305() throws {
        let plan = F.plan(history, stopAt: F.at(650))
        #expect(!plan.restorable)
        #expect(plan.ids == [3, 4, 5], "the furthest prefix")
        #expect(plan.restoredTo == F.at(500))
        let error = try #require(plan.error)
        #expect(error.msg == 4305)
        #expect(error.backupSetId == 7)
        #expect(error.lines == [
            "Msg 4305, Level 16, State 1: The log in this backup set begins at LSN 40000000060000001, which is too recent to apply to the database. An earlier log backup that includes LSN 40000000050000001 can be restored.",
            "Msg 3013, Level 16, State 1: RESTORE LOG is terminating abnormally.",
        ])
        #expect(plan.statements.last == "RESTORE LOG [Sales] FROM <backup_set_id 5> WITH NORECOVERY")
    }

    @Test func aTargetBeyondTheLastLogIsNotRestorable() throws {
        let plan = F.plan(history.filter { $0.backupSetId != 7 }, stopAt: F.at(800))
        #expect(!plan.restorable)
        let error = try #require(plan.error)
        #expect(error.msg == nil)
        #expect(error.text == "No log backup of database \"Sales\" includes LSN 40000000080000001; the furthest chain, from backup_set_id 3, reaches LSN 40000000050000001.")
    }
}

@Suite struct RestorePlanReportTests {
    typealias F = Fixture

    @Test func jsonFollowsTheChainSchema() {
        let plan = F.plan([F.full(1, first: 100, checkpoint: 110, last: 200), F.log(2, first: 100, last: 300)])
        let json = plan.json
        #expect(json["schema"] == .string("snapwriter.chain/1"))
        #expect(json["database"] == .string("Sales"))
        #expect(json["restorable"] == .bool(true))
        #expect(json["sequence"] == .array([.int(1), .int(2)]))
        #expect(json["restoredToLsn"] == .string("40000000030000001"))
        #expect(json["error"] == .null)
        #expect(json.serialized().hasPrefix(#"{"schema":"snapwriter.chain/1","database":"Sales","restorable":true,"sequence":[1,2],"restoredToLsn":"40000000030000001","error":null,"mode":"plan","stopAtLsn":null,"warning":null,"steps":["#))
    }

    @Test func aPlanningExplanationHasNoMessageNumber() {
        let json = F.plan([]).json
        #expect(json["restorable"] == .bool(false))
        #expect(json["restoredToLsn"] == .null)
        #expect(json["error"]?["msg"] == .null)
        #expect(json["error"]?["terminating"] == .null)
    }

    @Test func textShowsEachBackupAndItsStatement() {
        var copyOnly = F.full(1, first: 100, checkpoint: 110, last: 200, copyOnly: true)
        copyOnly.deviceType = BackupSet.DeviceType.virtualDevice
        copyOnly.physicalDeviceName = "{3F2504E0-4F89-11D3-9A0C-0305E82C3301}"
        var log = F.log(12, first: 100, last: 300)
        log.deviceType = BackupSet.DeviceType.disk
        log.physicalDeviceName = #"\\backup01\sql\Sales's log.trn"#
        #expect(F.plan([copyOnly, log, F.log(13, first: 310, last: 320)]).textReport == [
            "Restore plan for database [Sales] to the latest restorable point:",
            "  backup_set_id  type  copy-only  first_lsn          last_lsn           statement",
            "  1              full  yes        40000000010000001  40000000020000001  RESTORE DATABASE [Sales] FROM VIRTUAL_DEVICE = N'{3F2504E0-4F89-11D3-9A0C-0305E82C3301}' WITH NORECOVERY",
            #"  12             log   no         40000000010000001  40000000030000001  RESTORE LOG [Sales] FROM DISK = N'\\backup01\sql\Sales''s log.trn' WITH RECOVERY"#,
            "Restored to LSN 40000000030000001.",
            "Later log backups do not join this chain; restoring the next one fails with:",
            "Msg 4305, Level 16, State 1: The log in this backup set begins at LSN 40000000031000001, which is too recent to apply to the database. An earlier log backup that includes LSN 40000000030000001 can be restored.",
            "Msg 3013, Level 16, State 1: RESTORE LOG is terminating abnormally.",
        ])
    }

    @Test func quotesDatabaseNamesForTSQL() {
        #expect(RestoreStatement.quotedName("Sales]Q1") == "[Sales]]Q1]")
    }
}
