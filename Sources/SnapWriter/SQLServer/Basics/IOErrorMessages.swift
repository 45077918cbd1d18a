/// What SQL Server writes when the operating system fails its I/O, in its words.
public enum IOErrorMessages {
    /// Msg 823: a read or write of a data file failed. The offset is printed the way SQL
    /// Server's `%#016I64x` prints it.
    public static func operatingSystemError(_ error: OperatingSystemError, direction: VolumeIOFailure.Direction,
                                            offset: Int, file: String) -> SQLMessage {
        SQLMessage(msg: 823, text: "The operating system returned error \(error.windowsDescription) to SQL Server "
            + "during a \(direction.rawValue) at offset \(CheckdbMessages.hex(UInt64(offset), 14)) in file '\(file)'. "
            + "Additional messages in the SQL Server error log and system event log may provide more detail. "
            + "This is a severe system-level error condition that threatens database integrity and must be corrected "
            + "immediately. Complete a full database consistency check (DBCC CHECKDB). This error can be caused by many "
            + "factors; for more information, see SQL Server Books Online.", level: 24, state: 2)
    }

    /// Msg 17053: the log writer's write failed.
    public static func logWriterError(_ error: OperatingSystemError) -> SQLMessage {
        SQLMessage(msg: 17053, text: "LogWriter: Operating system error \(error.windowsDescription) encountered.", level: 16, state: 1)
    }

    /// Msg 9001: the database lost its log.
    public static func logNotAvailable(database: String) -> SQLMessage {
        SQLMessage(msg: 9001, text: "The log for database '\(database)' is not available. Check the operating system "
            + "error log for related error messages. Resolve any errors and restart the database.", level: 21, state: 4)
    }

    /// Msg 3414: the database could not be recovered and is SUSPECT.
    public static func recoveryFailed(database: String, databaseId: Int) -> SQLMessage {
        SQLMessage(msg: 3414, text: "An error occurred during recovery, preventing the database '\(database)' "
            + "(\(databaseId):0) from restarting. Diagnose the recovery errors and fix them, or restore from a known "
            + "good backup. If errors are not corrected or expected, contact Technical Support.", level: 21, state: 1)
    }

    /// Msg 926: any statement on a SUSPECT database.
    public static func databaseSuspect(database: String) -> SQLMessage {
        SQLMessage(msg: 926, text: "Database '\(database)' cannot be opened. It has been marked SUSPECT by recovery. "
            + "See the SQL Server errorlog for more information.", level: 14, state: 1)
    }
}
