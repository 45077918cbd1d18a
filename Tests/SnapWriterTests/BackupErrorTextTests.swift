import SnapWriter
import Testing

/// The messages of reference §3, character for character, each with the message that
/// terminates its statement.
@Suite struct BackupErrorTextTests {
    static let terminatesLog = "Msg 3013, Level 16, State 1: BACKUP LOG is terminating abnormally."
    static let terminatesDatabase = "Msg 3013, Level 16, State 1: BACKUP DATABASE is terminating abnormally."

    @Test func logInSimpleRecoveryIs4208() {
        let error = BackupErrors.logBackupInSimpleRecovery()
        #expect(error.msg == 4208)
        #expect(error.lines == [
            "Msg 4208, Level 16, State 1: The statement BACKUP LOG is not allowed while the recovery model is SIMPLE. Use BACKUP DATABASE or change the recovery model using ALTER DATABASE.",
            Self.terminatesLog,
        ])
    }

    @Test func logWithoutADatabaseBackupIs4214() {
        let error = BackupErrors.noCurrentDatabaseBackup()
        #expect(error.msg == 4214)
        #expect(error.text == "Msg 4214, Level 16, State 1: BACKUP LOG cannot be performed because there is no current database backup.\n"
            + Self.terminatesLog)
    }

    @Test func differentialWithoutABaseIs3035() {
        let error = BackupErrors.noDifferentialBase(database: "Sales")
        #expect(error.msg == 3035)
        #expect(error.lines == [
            "Msg 3035, Level 16, State 1: Cannot perform a differential backup for database \"Sales\", because a current database backup does not exist. Perform a full database backup by reissuing BACKUP DATABASE, omitting the WITH DIFFERENTIAL option.",
            Self.terminatesDatabase,
        ])
    }

    @Test func unsupportedOnASecondaryIs3059ForEitherStatement() {
        let text = "Msg 3059, Level 16, State 1: This BACKUP or RESTORE command is not supported on a database mirror or secondary replica."
        #expect(BackupErrors.notSupportedOnSecondary(.backupDatabase).lines == [text, Self.terminatesDatabase])
        #expect(BackupErrors.notSupportedOnSecondary(.backupLog).lines == [text, Self.terminatesLog])
    }

    @Test func insideATransactionIs3021() {
        #expect(BackupErrors.insideTransaction(.backupLog).lines == [
            "Msg 3021, Level 16, State 1: Cannot perform a backup or restore operation within a transaction.",
            Self.terminatesLog,
        ])
        #expect(BackupErrors.insideTransaction(.backupDatabase).terminating.text == "BACKUP DATABASE is terminating abnormally.")
    }

    @Test func noSynchronizationPointIs35294() {
        let error = BackupErrors.noSynchronizationPoint(database: "Sales")
        #expect(error.msg == 35294)
        #expect(error.lines == [
            "Msg 35294, Level 16, State 1: Log backup for database \"Sales\" on a secondary replica failed because a synchronization point could not be established on the primary database. Either locks could not be acquired on the primary database or the database is not operating as part of the availability replica. Check the database status in the SQL Server error log of the server instance that is hosting the current primary replica. If the primary database is participating in the availability group, retry the operation.",
            Self.terminatesLog,
        ])
    }

    @Test func aLaggingSecondaryIs35295WithLSNsInPrefixedHex() {
        let error = BackupErrors.secondaryBehindLastBackup(
            database: "Sales", lastBackupLsn: LSN(vlf: 0x28, block: 0x90, slot: 1),
            localRedoLsn: LSN(vlf: 0x9d, block: 0x21e, slot: 1))
        #expect(error.msg == 35295)
        #expect(error.lines == [
            "Msg 35295, Level 16, State 1: Log backup for database \"Sales\" on a secondary replica failed because the last backup LSN (0x00000028:00000090:0001) from the primary database is greater than the current local redo LSN (0x0000009d:0000021e:0001). No log records need to be backed up at this time. Retry the log-backup operation later.",
            Self.terminatesLog,
        ])
    }

    @Test func changingAnAvailabilityGroupDatabaseIs1468EndedBy5069() {
        let error = BackupErrors.involvedInAvailabilityGroup(database: "Sales")
        #expect(error.msg == 1468)
        #expect(error.lines == [
            "Msg 1468, Level 16, State 1: The operation cannot be performed on database \"Sales\" because it is involved in a database mirroring session or an availability group. Some operations are not allowed on a database that is participating in a database mirroring session or in an availability group.",
            "Msg 5069, Level 16, State 1: ALTER DATABASE statement failed.",
        ])
    }
}
