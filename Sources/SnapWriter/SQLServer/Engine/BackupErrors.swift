/// The errors of BACKUP and of ALTER DATABASE … SET RECOVERY, in SQL Server's words
/// (reference sql-server.md §3). Each comes with the message that terminates its statement.
public enum BackupErrors {
    /// The statement a failure terminates: it names itself in Msg 3013.
    public enum Statement: String, Sendable {
        case backupDatabase = "BACKUP DATABASE"
        case backupLog = "BACKUP LOG"
    }

    static func terminating(_ statement: Statement) -> SQLMessage {
        SQLMessage(msg: 3013, text: "\(statement.rawValue) is terminating abnormally.")
    }

    static func backup(_ msg: Int, _ text: String, _ statement: Statement) -> SQLError {
        SQLError(SQLMessage(msg: msg, text: text), terminating: terminating(statement))
    }

    /// Msg 4208: BACKUP LOG of a database in SIMPLE recovery.
    public static func logBackupInSimpleRecovery() -> SQLError {
        backup(4208, "The statement BACKUP LOG is not allowed while the recovery model is SIMPLE. Use BACKUP DATABASE or change the recovery model using ALTER DATABASE.", .backupLog)
    }

    /// Msg 4214: no log chain, since creation or since the chain broke.
    public static func noCurrentDatabaseBackup() -> SQLError {
        backup(4214, "BACKUP LOG cannot be performed because there is no current database backup.", .backupLog)
    }

    /// Msg 3035: a differential with no differential base.
    public static func noDifferentialBase(database: String) -> SQLError {
        backup(3035, "Cannot perform a differential backup for database \"\(database)\", because a current database backup does not exist. Perform a full database backup by reissuing BACKUP DATABASE, omitting the WITH DIFFERENTIAL option.", .backupDatabase)
    }

    /// Msg 3059: a backup an availability group secondary cannot take.
    public static func notSupportedOnSecondary(_ statement: Statement) -> SQLError {
        backup(3059, "This BACKUP or RESTORE command is not supported on a database mirror or secondary replica.", statement)
    }

    /// Msg 3021: BACKUP inside a user transaction.
    public static func insideTransaction(_ statement: Statement) -> SQLError {
        backup(3021, "Cannot perform a backup or restore operation within a transaction.", statement)
    }

    /// Msg 35294: a secondary that cannot reach its primary or is not synchronizing.
    public static func noSynchronizationPoint(database: String, _ statement: Statement = .backupLog) -> SQLError {
        backup(35294, "Log backup for database \"\(database)\" on a secondary replica failed because a synchronization point could not be established on the primary database. Either locks could not be acquired on the primary database or the database is not operating as part of the availability replica. Check the database status in the SQL Server error log of the server instance that is hosting the current primary replica. If the primary database is participating in the availability group, retry the operation.", statement)
    }

    /// Msg 35295: the secondary has not redone as far as the primary's last log backup.
    /// Error messages print LSNs in 0x-prefixed hex.
    public static func secondaryBehindLastBackup(database: String, lastBackupLsn: LSN, localRedoLsn: LSN) -> SQLError {
        backup(35295, "Log backup for database \"\(database)\" on a secondary replica failed because the last backup LSN (\(lastBackupLsn.prefixedHex)) from the primary database is greater than the current local redo LSN (\(localRedoLsn.prefixedHex)). No log records need to be backed up at this time. Retry the log-backup operation later.", .backupLog)
    }

    /// Msg 1468 on ALTER DATABASE … SET RECOVERY of an availability group database. ALTER
    /// DATABASE ends with Msg 5069, not 3013.
    public static func involvedInAvailabilityGroup(database: String) -> SQLError {
        SQLError(
            SQLMessage(msg: 1468, text: "The operation cannot be performed on database \"\(database)\" because it is involved in a database mirroring session or an availability group. Some operations are not allowed on a database that is participating in a database mirroring session or in an availability group."),
            terminating: SQLMessage(msg: 5069, text: "ALTER DATABASE statement failed."))
    }
}
