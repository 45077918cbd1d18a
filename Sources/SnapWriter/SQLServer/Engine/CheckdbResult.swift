/// What one DBCC CHECKDB found in one replica's copy of a database, and what it printed.
/// CHECKDB reads every page in use from the data file on the replica's own volume; each page
/// whose read fails counts two consistency errors against the table (Msg 8939 and Msg 8928),
/// or one not associated with any single object when it is one of the file's own pages.
public struct CheckdbResult: Equatable, Sendable {
    public let database: String
    public let serverName: String
    /// The data file checked, as SQL Server names it.
    public let file: String
    public let pagesChecked: Int
    public let damagedPages: [DamagedPage]
    public let allocationErrors: Int
    public let consistencyErrors: Int
    /// The error messages, in the order CHECKDB prints them.
    public let errors: [SQLMessage]
    /// Everything CHECKDB printed, a line each.
    public let output: [String]

    public var isClean: Bool { allocationErrors == 0 && consistencyErrors == 0 }

    /// The first error's number, as a failed step reports it.
    public var msg: Int? { errors.first?.msg }

    /// What a failed step reports: the output without its first and last lines (the
    /// heading and `DBCC execution completed…`), so it starts with the first error. nil when
    /// the database is clean.
    public var text: String? {
        isClean ? nil : output.dropFirst().dropLast().joined(separator: "\n")
    }

    init(database: String, serverName: String, files: DatabaseFiles, damagedPages: [DamagedPage]) {
        self.database = database
        self.serverName = serverName
        file = files.windowsDataPath
        pagesChecked = DataFileLayout.pagesInUse
        self.damagedPages = damagedPages
        allocationErrors = 0
        let unattributed = damagedPages.filter { $0.role != .table }
        let inTable = damagedPages.filter { $0.role == .table }
        var errors: [SQLMessage] = []
        var output = [CheckdbMessages.resultsHeading(database: database)]
        if !unattributed.isEmpty {
            let messages = unattributed.map { CheckdbMessages.unattributedPageFailedTest($0.page) }
            errors += messages
            output += messages.map(\.line)
            output.append(CheckdbMessages.unattributedSummary(consistencyErrors: messages.count))
        }
        if !inTable.isEmpty {
            let messages = inTable.flatMap {
                [CheckdbMessages.pageFailedTest($0.page, table: files.identity),
                 CheckdbMessages.pageNotProcessed($0.page, table: files.identity)]
            }
            errors += messages
            output += messages.map(\.line)
            output.append(CheckdbMessages.tableSummary(consistencyErrors: messages.count,
                                                       table: DataFileLayout.tableName,
                                                       objectId: files.identity.objectId))
        }
        consistencyErrors = errors.count
        self.errors = errors
        output.append(CheckdbMessages.databaseSummary(allocationErrors: 0, consistencyErrors: errors.count,
                                                      database: database))
        if !errors.isEmpty { output.append(CheckdbMessages.minimumRepairLevel(database: database)) }
        output.append(CheckdbMessages.executionCompleted)
        self.output = output
    }
}
