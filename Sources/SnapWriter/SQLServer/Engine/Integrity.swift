/// The integrity steps: a page damaged on one replica's disk, and DBCC CHECKDB on one
/// replica (reference §7). Replicas exchange log records, never pages, so damage on one
/// replica's disk stays there: only CHECKDB on that replica finds it.
extension SQLEngine {
    /// The account the DBA's CHECKDB job runs as, named in the error log.
    static let checkdbUser = "NT SERVICE\\SQLSERVERAGENT"

    /// Flips bytes of one data page in the data file on that instance's volume.
    public func corruptPage(_ page: Int, of databaseName: String, on serverName: String)
        -> Result<PageCorruption, IntegrityRefusal>
    {
        guard let instance = instance(named: serverName), let database = instance.database(named: databaseName)
        else { preconditionFailure("a validated scenario names only databases that exist") }
        guard let files = database.files else {
            return .failure(IntegrityRefusal(text: "\(databaseName) on \(serverName) has no data file on a volume."))
        }
        syncDataFiles()
        let result = files.corrupt(page: page)
        switch result {
        case .success(let corruption):
            record(instance, "PageCorrupted",
                   "page \(corruption.page) of \(corruption.file): \(corruption.length) bytes flipped at file offset "
                       + CheckdbMessages.hex(UInt64(corruption.fileOffset), 14))
        case .failure(let refusal):
            record(instance, "PageCorruptionRefused", refusal.text)
        }
        return result
    }

    /// DBCC CHECKDB on one replica: every page in use, read from that replica's data file.
    public func checkdb(_ databaseName: String, on serverName: String) -> Result<CheckdbResult, IntegrityRefusal> {
        guard let instance = instance(named: serverName), let database = instance.database(named: databaseName)
        else { preconditionFailure("a validated scenario names only databases that exist") }
        guard instance.isRunning else {
            return .failure(IntegrityRefusal(text: "\(serverName) is off: its SQL Server instance cannot run DBCC CHECKDB."))
        }
        guard let files = database.files else {
            return .failure(IntegrityRefusal(text: "\(databaseName) on \(serverName) has no data file on a volume."))
        }
        syncDataFiles()
        record(instance, "CheckdbStatement", "DBCC CHECKDB (N'\(databaseName)')")
        if database.state == .suspect {
            return .failure(IntegrityRefusal(IOErrorMessages.databaseSuspect(database: databaseName)))
        }
        let damaged = files.damagedPagesOnDisk()
        if let failed = instance.absorbIOFailures().first(where: { $0.path == files.dataPath }) {
            return .failure(IntegrityRefusal(IOErrorMessages.operatingSystemError(
                failed.error, direction: .read, offset: failed.offset, file: files.windowsDataPath)))
        }
        let databaseId = instance.databaseId(of: database)
        for page in damaged {
            guard case .badChecksum(let stored, let computed) = page.verification else { continue }
            let read = CheckdbMessages.incorrectChecksum(
                page: page.page, databaseId: databaseId, fileOffset: Int(page.page.page) * DataPage.size,
                file: files.windowsDataPath, expected: stored, actual: computed)
            record(instance, "PageReadFailed", read.line)
        }
        let result = CheckdbResult(database: databaseName, serverName: serverName, files: files, damagedPages: damaged)
        let onSecondary = instance.role(of: databaseName) == .secondary
        let firstLsn = onSecondary ? database.log.oldestActiveTransaction(atOffset: database.progress.redone)
            : database.log.lastTransactionBegin
        let completion = CheckdbMessages.errorLogLine(
            database: databaseName, user: Self.checkdbUser, errors: result.consistencyErrors + result.allocationErrors,
            splitPoint: instance.localRedoLsn(of: database), firstLsn: firstLsn)
        instance.logError(completion)
        record(instance, "CheckdbFinished", completion)
        return .success(result)
    }
}
