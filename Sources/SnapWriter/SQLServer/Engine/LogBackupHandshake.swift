/// A log backup on an availability group secondary: the twelve steps of "Performing
/// transaction log backups using AlwaysOn Availability Group read-only secondary replicas –
/// Part 2" (Microsoft SQL Server support blog), each a trace event, the messages between
/// the replicas named by their HADR message types. The primary hands out the first LSN, so
/// a log backup on any replica starts where the last one on any replica ended: one log
/// chain across replicas.
struct LogBackupHandshake {
    let engine: SQLEngine
    let secondary: SQLInstance
    let database: SQLDatabase
    let request: BackupRequest
    let device: String

    static let syncMessage = "HadrMsgTypeBackupSyncMsg"
    static let infoMessage = "HadrMsgTypeBackupInfoMsg"

    private var name: String { database.name }

    private func step(_ number: Int, on instance: SQLInstance, _ detail: String) {
        engine.record(instance, "LogBackupHandshake", "step \(number): \(detail)")
    }

    /// A message between the replicas: the event is named by its HADR message type.
    private func message(_ number: Int, on instance: SQLInstance, _ type: String, _ detail: String) {
        engine.record(instance, type, "step \(number): \(detail)")
    }

    func start() -> Result<NativeBackupJob, SQLError> {
        if request.insideTransaction {
            step(1, on: secondary, "\(name): the statement runs inside a transaction")
            return .failure(BackupErrors.insideTransaction(.backupLog))
        }
        step(1, on: secondary, "\(name): no transaction is open")
        if request.copyOnly { return .failure(BackupErrors.notSupportedOnSecondary(.backupLog)) }
        engine.waitForBackupLock(request, on: secondary)
        step(2, on: secondary, "\(secondary.serverName) takes its backup lock on \(name)")
        if let error = SQLEngine.chainError(request, database: database) { return release(failing: error) }
        guard let group = secondary.availabilityGroup(of: name), let primaryReplica = group.primary,
            let primary = engine.instance(named: primaryReplica.serverName)
        else { return release(failing: BackupErrors.noSynchronizationPoint(database: name)) }
        let route = "\(secondary.serverName) → \(primary.serverName)"
        guard engine.canReachPrimary(secondary, database: name) else {
            message(3, on: secondary, Self.syncMessage, "\(route): not delivered: \(unreachableReason(group))")
            return release(failing: BackupErrors.noSynchronizationPoint(database: name))
        }
        message(3, on: secondary, Self.syncMessage, "\(route): \(name) asks for a backup synchronization point")
        if let holder = engine.conflictingJob(for: request, on: primary.serverName) {
            step(4, on: primary, "\(primary.serverName) cannot take its backup lock on \(name): the log backup "
                + "on \(holder.serverName) holds it")
            return release(failing: BackupErrors.noSynchronizationPoint(database: name))
        }
        step(4, on: primary, "\(primary.serverName) takes its backup lock on \(name)")
        let log = database.log
        let first = log.lastLogBackupLsn!
        message(5, on: primary, Self.infoMessage,
             "\(primary.serverName) → \(secondary.serverName): \(name) first LSN \(first.numeric)")
        let localRedo = secondary.localRedoLsn(of: database)
        if first > localRedo {
            engine.record(primary, "LogBackupHandshake",
                          "\(primary.serverName) releases its backup lock on \(name): the secondary is behind")
            return release(failing: BackupErrors.secondaryBehindLastBackup(
                database: name, lastBackupLsn: first, localRedoLsn: localRedo))
        }
        step(6, on: secondary, "\(secondary.serverName) backs up \(name) from LSN \(first.numeric)")
        let start = BackupStart(first: first, checkpoint: nil, databaseBackupLsn: log.lastFullCheckpoint,
                                date: secondary.currentDate, device: device)
        let bytes = database.progress.redone - min(database.progress.redone, log.offset(of: first))
        let job = NativeBackupJob(
            serverName: secondary.serverName, request: request, startedAt: engine.clock.now,
            finishesAt: engine.clock.now + BackupTiming.duration(reading: bytes), primaryLockServer: primary.serverName,
            log: log, firstLsn: first
        ) { [self] in finish(start: start, primary: primary) }
        engine.running.append(job)
        return .success(job)
    }

    /// Steps 7 to 12: the log backup ends at the secondary's redo point.
    private func finish(start: BackupStart, primary: SQLInstance) -> BackupSet {
        let last = max(start.first, secondary.localRedoLsn(of: database))
        message(7, on: secondary, Self.infoMessage,
             "\(secondary.serverName) → \(primary.serverName): \(name) last LSN \(last.numeric)")
        let row = engine.finishLogBackup(request, start: start, last: last, on: secondary, database: database)
        let checkpoint = database.log.checkpoint()
        step(8, on: primary, "\(primary.serverName) checkpoints \(name) at \(checkpoint.numeric)")
        step(9, on: primary, "\(primary.serverName) releases its backup lock on \(name)")
        message(10, on: primary, Self.syncMessage, "\(primary.serverName) → \(secondary.serverName): \(name) backup done")
        step(11, on: secondary, "\(secondary.serverName) releases its backup lock on \(name)")
        step(12, on: secondary, "\(secondary.serverName) records backup_set_id \(row.backupSetId) in its msdb")
        engine.record(secondary, "BackupFinished", row.summary)
        return row
    }

    private func release(failing error: SQLError) -> Result<NativeBackupJob, SQLError> {
        engine.record(secondary, "LogBackupHandshake",
                      "\(secondary.serverName) releases its backup lock on \(name)")
        return .failure(error)
    }

    private func unreachableReason(_ group: AvailabilityGroup) -> String {
        guard let replica = group.replica(on: secondary.serverName) else { return "not a replica" }
        if !replica.connected { return "\(secondary.serverName) is not connected" }
        if group.primary?.connected == false { return "the primary is not connected" }
        if replica.synchronizationState == .notSynchronizing { return "\(name) is NOT SYNCHRONIZING here" }
        return "the primary cannot be reached"
    }
}
