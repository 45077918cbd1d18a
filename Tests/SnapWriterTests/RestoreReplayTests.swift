import Testing
@testable import SnapWriter

/// `chain --apply`: exactly the given sequence, and SQL Server's words for the first failure.
@Suite struct RestoreReplayTests {
    typealias F = Fixture

    let full = F.full(1, first: 100, checkpoint: 110, last: 200)
    let log1 = F.log(2, first: 100, last: 300)
    let log2 = F.log(3, first: 300, last: 400)
    let log3 = F.log(4, first: 400, last: 500)

    @Test func appliesACleanSequence() {
        let differential = F.differential(5, base: 110, first: 320, last: 350)
        let plan = F.replay([full, differential, log2, log3])
        #expect(plan.restorable)
        #expect(plan.mode == .apply)
        #expect(plan.ids == [1, 5, 3, 4])
        #expect(plan.restoredTo == F.at(500))
        #expect(plan.error == nil)
    }

    @Test func logTooRecentIsMsg4305ThenMsg3013() throws {
        let plan = F.replay([full, log1, log3])
        #expect(!plan.restorable)
        #expect(plan.ids == [1, 2], "the prefix that applied cleanly")
        #expect(plan.restoredTo == F.at(300))
        let error = try #require(plan.error)
        #expect(error.msg == 4305)
        #expect(error.backupSetId == 4)
        #expect(error.text == "The log in this backup set begins at LSN 40000000040000001, which is too recent to apply to the database. An earlier log backup that includes LSN 40000000030000001 can be restored.")
        #expect(error.terminating == RestoreError.Message(msg: 3013, text: "RESTORE LOG is terminating abnormally."))
        #expect(error.lines == [
            "Msg 4305, Level 16, State 1: The log in this backup set begins at LSN 40000000040000001, which is too recent to apply to the database. An earlier log backup that includes LSN 40000000030000001 can be restored.",
            "Msg 3013, Level 16, State 1: RESTORE LOG is terminating abnormally.",
        ])
    }

    @Test func logTooEarlyIsMsg4326ThenMsg3013() throws {
        let plan = F.replay([full, log1, log2, log1])
        #expect(plan.ids == [1, 2, 3])
        let error = try #require(plan.error)
        #expect(error.msg == 4326)
        #expect(error.text == "The log in this backup set terminates at LSN 40000000030000001, which is too early to apply to the database. A more recent log backup that includes LSN 40000000040000001 can be restored.")
        #expect(error.terminating?.line == "Msg 3013, Level 16, State 1: RESTORE LOG is terminating abnormally.")
    }

    @Test func aLogEndingBeforeTheFullEndsIsTooEarly() throws {
        let before = F.log(6, first: 50, last: 150)
        let error = try #require(F.replay([full, before]).error)
        #expect(error.msg == 4326)
        #expect(error.text.contains("terminates at LSN 40000000015000001") && error.text.contains("includes LSN 40000000020000001"))
    }

    @Test func anEmptyLogAtTheRedoPointIsTooEarly() throws {
        let empty = F.log(6, first: 300, last: 300)
        let error = try #require(F.replay([full, log1, empty]).error)
        #expect(error.msg == 4326)
    }

    @Test func differentialOverACopyOnlyFullIsMsg3136() throws {
        // The differential's base LSN names the copy-only full's checkpoint: still refused.
        let copyOnly = F.full(1, first: 100, checkpoint: 110, last: 200, copyOnly: true)
        let differential = F.differential(5, base: 110, first: 320, last: 350)
        let plan = F.replay([copyOnly, differential])
        #expect(plan.ids == [1])
        let error = try #require(plan.error)
        #expect(error.msg == 3136)
        #expect(error.lines == [
            "Msg 3136, Level 16, State 1: This differential backup cannot be restored because the database has not been restored to the correct earlier state.",
            "Msg 3013, Level 16, State 1: RESTORE DATABASE is terminating abnormally.",
        ])
    }

    @Test func differentialOverAnotherFullIsMsg3136() {
        let other = F.full(7, first: 600, checkpoint: 610, last: 700)
        let differential = F.differential(5, base: 110, first: 720, last: 750)
        #expect(F.replay([other, differential]).error?.msg == 3136)
        #expect(F.replay([full, differential]).error == nil)
    }

    @Test func differentialWithAnotherBaseGuidIsMsg3136() {
        let guided = F.full(1, first: 100, checkpoint: 110, last: 200, baseGuid: F.forkA)
        #expect(F.replay([guided, F.differential(5, base: 110, first: 320, last: 350, baseGuid: F.forkB)]).error?.msg == 3136)
        #expect(F.replay([guided, F.differential(5, base: 110, first: 320, last: 350, baseGuid: "{" + F.forkA + "}")]).error == nil)
        #expect(F.replay([guided, F.differential(5, base: 110, first: 320, last: 350)]).error == nil, "unknown guid: the LSN decides")
    }

    @Test func differentialBehindTheRedoPointIsMsg3136() {
        let differential = F.differential(5, base: 110, first: 220, last: 250)
        #expect(F.replay([full, log1, differential]).error?.msg == 3136)
    }

    @Test(arguments: [RestoreStatement.Kind.log, .database])
    func nothingBeforeAFullIsMsg3117(kind: RestoreStatement.Kind) throws {
        let first = kind == .log ? log1 : F.differential(5, base: 110, first: 320, last: 350)
        let plan = F.replay([first, full])
        #expect(plan.ids == [])
        #expect(plan.restoredTo == nil)
        let error = try #require(plan.error)
        #expect(error.msg == 3117)
        #expect(error.text == "The log or differential backup cannot be restored because no files are ready to rollforward.")
        #expect(error.terminating?.text == "\(kind.rawValue) is terminating abnormally.")
    }

    @Test func logOnAnotherRecoveryForkIsMsg4330() throws {
        let onA = F.full(1, first: 100, checkpoint: 110, last: 200, fork: F.forkA)
        let onB = F.log(2, first: 100, last: 300, fork: F.forkB)
        let error = try #require(F.replay([onA, onB]).error)
        #expect(error.msg == 4330)
        #expect(error.text.hasPrefix("This backup set cannot be applied because it is on a recovery path that is inconsistent with the database."))
        #expect(error.terminating?.text == "RESTORE LOG is terminating abnormally.")
        #expect(F.replay([onA, F.log(2, first: 100, last: 300)]).error == nil, "unknown fork: the LSNs decide")
    }

    @Test func aLaterFullRestartsTheSequence() {
        let second = F.full(7, first: 600, checkpoint: 610, last: 700)
        let plan = F.replay([full, log1, second, F.log(8, first: 650, last: 800)])
        #expect(plan.restorable)
        #expect(plan.restoredTo == F.at(800))
    }

    @Test func statementsLeaveTheDatabaseRestoring() {
        let plan = F.replay([full, log1])
        #expect(plan.statements == [
            "RESTORE DATABASE [Sales] FROM <backup_set_id 1> WITH NORECOVERY",
            "RESTORE LOG [Sales] FROM <backup_set_id 2> WITH NORECOVERY",
        ])
    }

    @Test func jsonCarriesTheErrorAndItsMsg3013() {
        let plan = F.replay([full, log3])
        #expect(plan.json.serialized() == #"{"schema":"snapwriter.chain/1","database":"Sales","restorable":false,"sequence":[1],"restoredToLsn":"40000000020000001","error":{"msg":4305,"level":16,"state":1,"text":"The log in this backup set begins at LSN 40000000040000001, which is too recent to apply to the database. An earlier log backup that includes LSN 40000000020000001 can be restored.","terminating":{"msg":3013,"level":16,"state":1,"text":"RESTORE LOG is terminating abnormally."},"backupSetId":4},"mode":"apply","stopAtLsn":null,"warning":null,"steps":[{"backup_set_id":1,"type":"D","is_copy_only":false,"server_name":null,"first_lsn":"40000000010000001","last_lsn":"40000000020000001","statement":"RESTORE DATABASE [Sales] FROM <backup_set_id 1> WITH NORECOVERY"}]}"#)
    }

    @Test func textReportEndsWithSQLServersMessages() {
        #expect(F.replay([full, log3]).textReport == [
            "Replaying the RESTORE sequence for database [Sales]:",
            "  backup_set_id  type  copy-only  first_lsn          last_lsn           statement",
            "  1              full  no         40000000010000001  40000000020000001  RESTORE DATABASE [Sales] FROM <backup_set_id 1> WITH NORECOVERY",
            "RESTORE of backup_set_id 4 failed:",
            "Msg 4305, Level 16, State 1: The log in this backup set begins at LSN 40000000040000001, which is too recent to apply to the database. An earlier log backup that includes LSN 40000000020000001 can be restored.",
            "Msg 3013, Level 16, State 1: RESTORE LOG is terminating abnormally.",
            "The backups above restore the database to LSN 40000000020000001 and leave it RESTORING.",
        ])
    }
}
