/// ALTER DATABASE … SET RECOVERY.
extension SQLEngine {
    /// Changes a database's recovery model; the error SQL Server raises, or nil. Going to
    /// SIMPLE breaks the log chain: BACKUP LOG then fails with 4208 while SIMPLE, and with
    /// 4214 after going back, until a full or differential starts a new chain.
    @discardableResult
    public func setRecoveryModel(_ model: RecoveryModel, of name: String, on serverName: String) -> SQLError? {
        guard let instance = instance(named: serverName), let database = instance.database(named: name)
        else { preconditionFailure("a validated scenario names only databases that exist") }
        record(instance, "AlterDatabase",
               "ALTER DATABASE \(RestoreStatement.quotedName(name)) SET RECOVERY \(model.sqlName)")
        let log = database.log
        if model != .full, instance.availabilityGroup(of: name) != nil {
            let error = BackupErrors.involvedInAvailabilityGroup(database: name)
            record(instance, "AlterDatabaseFailed", error.lines.joined(separator: " "))
            return error
        }
        let previous = log.recoveryModel
        log.recoveryModel = model
        record(instance, "RecoveryModelChanged", "\(name): \(previous.sqlName) → \(model.sqlName)")
        if model == .simple, previous != .simple, log.lastLogBackupLsn != nil {
            log.breakLogChain()
            record(instance, "LogChainBroken", "\(name): SIMPLE recovery ends the log chain")
        }
        return nil
    }
}
