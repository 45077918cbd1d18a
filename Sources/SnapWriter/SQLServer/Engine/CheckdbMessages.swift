/// What DBCC CHECKDB prints, and what a read of a damaged page raises, in SQL Server's words.
public enum CheckdbMessages {
    /// The values Msg 8939 prints for a page whose read failed its checksum (the buffer's
    /// status bits, and -4: a bad checksum), as SQL Server 2014 and later print them.
    static let ioErrorValues = "Values are 133129 and -4."

    static func objectPart(_ identity: TableIdentity) -> String {
        "Object ID \(identity.objectId), index ID 0, partition ID \(identity.partitionId), "
            + "alloc unit ID \(identity.allocationUnitId) (type In-row data)"
    }

    /// Msg 8939: the page's read failed (its checksum), attributed to the table.
    public static func pageFailedTest(_ page: PageID, table identity: TableIdentity) -> SQLMessage {
        SQLMessage(msg: 8939, text: "Table error: \(objectPart(identity)), page \(page). "
            + "Test (IS_OFF (BUF_IOERR, pBUF->bstat)) failed. \(ioErrorValues)", state: 98)
    }

    /// Msg 8939 for a page CHECKDB cannot attribute to an object: one of the file's own pages.
    public static func unattributedPageFailedTest(_ page: PageID) -> SQLMessage {
        SQLMessage(msg: 8939, text: "Table error: Object ID 0, index ID -1, partition ID 0, alloc unit ID 0 "
            + "(type Unknown), page \(page). Test (IS_OFF (BUF_IOERR, pBUF->bstat)) failed. \(ioErrorValues)",
            state: 98)
    }

    /// Msg 8928: the table's page could not be checked.
    public static func pageNotProcessed(_ page: PageID, table identity: TableIdentity) -> SQLMessage {
        SQLMessage(msg: 8928, text: "\(objectPart(identity)): Page \(page) could not be processed.  "
            + "See other errors for details.")
    }

    /// Msg 8990, informational: the errors found in one table.
    public static func tableSummary(consistencyErrors: Int, table: String, objectId: Int32) -> String {
        "CHECKDB found 0 allocation errors and \(consistencyErrors) consistency errors in table '\(table)' "
            + "(object ID \(objectId))."
    }

    /// The errors no single object owns.
    public static func unattributedSummary(consistencyErrors: Int) -> String {
        "CHECKDB found 0 allocation errors and \(consistencyErrors) consistency errors not associated with any "
            + "single object."
    }

    /// Msg 8989, informational: the database's totals, printed whether or not it is clean.
    public static func databaseSummary(allocationErrors: Int, consistencyErrors: Int, database: String) -> String {
        "CHECKDB found \(allocationErrors) allocation errors and \(consistencyErrors) consistency errors in "
            + "database '\(database)'."
    }

    /// Msg 8958: the least repair that would fix what was found.
    public static func minimumRepairLevel(database: String) -> String {
        "repair_allow_data_loss is the minimum repair level for the errors found by DBCC CHECKDB (\(database))."
    }

    public static func resultsHeading(database: String) -> String { "DBCC results for '\(database)'." }

    public static let executionCompleted =
        "DBCC execution completed. If DBCC printed error messages, contact your system administrator."

    /// Msg 8957, the error log's line for every CHECKDB that completes.
    public static func errorLogLine(database: String, user: String, errors: Int, splitPoint: LSN,
                                    firstLsn: LSN) -> String {
        "DBCC CHECKDB (\(database)) executed by \(user) found \(errors) errors and repaired 0 errors. "
            + "Elapsed time: 0 hours 0 minutes 0 seconds.  Internal database snapshot has split point LSN = "
            + "\(splitPoint.hex) and first LSN = \(firstLsn.hex).  This is an informational message only. "
            + "No user action is required."
    }

    /// Msg 824 (severity 24): what a read of a page with a bad checksum raises outside CHECKDB.
    /// `expected` is the checksum stored in the page, `actual` the one its bytes give.
    public static func incorrectChecksum(page: PageID, databaseId: Int, fileOffset: Int, file: String,
                                         expected: UInt32, actual: UInt32) -> SQLMessage {
        SQLMessage(msg: 824, text: "SQL Server detected a logical consistency-based I/O error: incorrect checksum "
            + "(expected: \(hex(expected, 8)); actual: \(hex(actual, 8))). It occurred during a read of page \(page) "
            + "in database ID \(databaseId) at offset \(hex(UInt64(fileOffset), 14)) in file '\(file)'. Additional "
            + "messages in the SQL Server error log or system event log may provide more detail. This is a severe "
            + "error condition that threatens database integrity and must be corrected immediately. Complete a full "
            + "database consistency check (DBCC CHECKDB). This error can be caused by many factors; for more "
            + "information, see SQL Server Books Online.", level: 24, state: 2)
    }

    /// `0x` and `digits` lower-case hex digits, as SQL Server prints checksums and offsets.
    static func hex<T: BinaryInteger>(_ value: T, _ digits: Int) -> String {
        let text = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
