/// BACKUP DATABASE and BACKUP LOG, as SQL Server checks and runs them (reference §2–§4).
extension SQLEngine {
    /// Runs a BACKUP statement to its end on the scenario clock: the row it recorded, or the
    /// error SQL Server raises.
    public func backup(_ request: BackupRequest, on serverName: String) -> Result<BackupSet, SQLError> {
        startBackup(request, on: serverName).map { job in
            wait(for: job)
            return job.backupSet!
        }
    }

    /// Starts a BACKUP statement and returns once it runs; it finishes as time passes.
    /// Waiting for a backup lock another backup holds lets time pass first.
    public func startBackup(_ request: BackupRequest, on serverName: String) -> Result<NativeBackupJob, SQLError> {
        guard let instance = instance(named: serverName), let database = instance.database(named: request.database)
        else { preconditionFailure("a validated scenario names only databases that exist") }
        let device = BackupTiming.deviceName(database: database.name, request: request, at: instance.now)
        record(instance, "BackupStatement", request.tsql(device: device))
        let result: Result<NativeBackupJob, SQLError>
        if database.state == .suspect {
            result = .failure(SQLError(IOErrorMessages.databaseSuspect(database: database.name),
                                       terminating: BackupErrors.terminating(request.statement)))
        } else if instance.role(of: database.name) == .secondary, request.kind == .log {
            result = LogBackupHandshake(engine: self, secondary: instance, database: database, request: request,
                                        device: device).start()
        } else {
            result = startLocally(request, on: instance, database: database, device: device)
        }
        if case .failure(let error) = result {
            record(instance, "BackupFailed", error.lines.joined(separator: " "))
        }
        return result
    }

    /// Every backup but a log backup on a secondary: the instance needs no partner.
    private func startLocally(_ request: BackupRequest, on instance: SQLInstance, database: SQLDatabase,
                              device: String) -> Result<NativeBackupJob, SQLError> {
        if request.insideTransaction { return .failure(BackupErrors.insideTransaction(request.statement)) }
        let onSecondary = instance.role(of: database.name) == .secondary
        if onSecondary, !Self.secondaryAllows(request, version: instance.version) {
            return .failure(BackupErrors.notSupportedOnSecondary(request.statement))
        }
        waitForBackupLock(request, on: instance)
        if let error = Self.chainError(request, database: database) { return .failure(error) }
        if onSecondary, !canReachPrimary(instance, database: database.name) {
            return .failure(BackupErrors.noSynchronizationPoint(database: database.name, request.statement))
        }
        let job = request.kind == .log
            ? startLogBackup(request, on: instance, database: database, device: device)
            : startDataBackup(request, on: instance, database: database, device: device)
        running.append(job)
        return .success(job)
    }

    /// What an availability group secondary may take (reference §4): copy-only full and
    /// regular log; SQL Server 2025 adds regular full and differential.
    static func secondaryAllows(_ request: BackupRequest, version: SQLVersion) -> Bool {
        switch request.kind {
        case .log: !request.copyOnly
        case .full: request.copyOnly || version >= .v2025
        case .differential: version >= .v2025
        }
    }

    /// The rules of the log chain and the differential base (§2, §6).
    static func chainError(_ request: BackupRequest, database: SQLDatabase) -> SQLError? {
        let log = database.log
        switch request.kind {
        case .full:
            return nil
        case .differential:
            return log.differentialBaseLsn == nil ? BackupErrors.noDifferentialBase(database: database.name) : nil
        case .log:
            if log.recoveryModel == .simple { return BackupErrors.logBackupInSimpleRecovery() }
            return log.lastLogBackupLsn == nil ? BackupErrors.noCurrentDatabaseBackup() : nil
        }
    }

    /// A secondary backs up only while it can talk to the primary and is SYNCHRONIZED or
    /// SYNCHRONIZING (§4).
    func canReachPrimary(_ instance: SQLInstance, database: String) -> Bool {
        guard let group = instance.availabilityGroup(of: database), let replica = group.replica(on: instance.serverName)
        else { return false }
        return isLinked(replica, in: group) && replica.synchronizationState.canBackUp
    }

    /// Waits, with time passing, while another backup holds the lock this one needs.
    func waitForBackupLock(_ request: BackupRequest, on instance: SQLInstance) {
        while let holder = conflictingJob(for: request, on: instance.serverName) {
            record(instance, "BackupWaiting",
                   "\(request.database): waits for the \(holder.request.kind.rawValue) backup on \(holder.serverName)")
            wait(for: holder)
        }
    }

    /// A full or differential: checkpoint, copy the data, then the log up to the end.
    private func startDataBackup(_ request: BackupRequest, on instance: SQLInstance, database: SQLDatabase,
                                 device: String) -> NativeBackupJob {
        let log = database.log
        let checkpoint: LSN
        let first: LSN
        if instance.role(of: database.name) == .secondary {
            // A secondary writes no log: its data is as of its redo point.
            checkpoint = instance.localRedoLsn(of: database)
            first = log.oldestActiveTransaction(atOffset: database.progress.redone)
        } else {
            checkpoint = log.checkpoint()
            first = log.lastTransactionBegin
        }
        let base = (lsn: log.differentialBaseLsn, guid: log.differentialBaseGuid)
        let size = UInt64(database.sizeMiB) * BackupTiming.mebibyte
        let bytes = request.kind == .full
            ? size + (log.bytesWritten - log.offset(of: first))
            : min(size, log.bytesWritten - log.offset(of: base.lsn ?? first))
        let start = BackupStart(first: first, checkpoint: checkpoint, databaseBackupLsn: log.lastFullCheckpoint,
                                date: instance.currentDate, device: device)
        return NativeBackupJob(
            serverName: instance.serverName, request: request, startedAt: clock.now,
            finishesAt: clock.now + BackupTiming.duration(reading: bytes), log: log, firstLsn: first
        ) { [unowned self] in
            let isFull = request.kind == .full
            var row = start.row(of: database, on: instance, type: isFull ? .database : .differential,
                                last: instance.localRedoLsn(of: database), copyOnly: request.copyOnly)
            row.databaseBackupLsn = isFull ? start.databaseBackupLsn ?? .zero : base.lsn
            if !isFull {
                row.differentialBaseLsn = base.lsn
                row.differentialBaseGuid = base.guid
            }
            let recorded = instance.msdb.record(row)
            log.noteRestorePoint(recorded.lastLsn)
            record(instance, "BackupFinished", recorded.summary)
            if isFull, !request.copyOnly {
                log.differentialBaseLsn = checkpoint
                log.differentialBaseGuid = log.newDifferentialBaseGuid()
                log.lastFullCheckpoint = checkpoint
                record(instance, "DifferentialBaseSet", "\(database.name) differential base \(checkpoint.numeric)")
            }
            if !request.copyOnly { startLogChainIfNone(log, at: first, instance: instance, database: database.name) }
            return recorded
        }
    }

    /// A full or differential starts the log chain when none exists: the next log backup
    /// begins at its first_lsn. In SIMPLE recovery there is no log chain to start.
    func startLogChainIfNone(_ log: DatabaseLog, at first: LSN, instance: SQLInstance, database: String) {
        guard log.lastLogBackupLsn == nil, log.recoveryModel != .simple else { return }
        log.lastLogBackupLsn = first
        log.nextLogBackupBeginsChain = true
        record(instance, "LogChainStarted", "\(database): the next log backup begins at \(first.numeric)")
    }

    /// A log backup on a primary or standalone database: from where the last one ended to
    /// the end of the log when the copy ends.
    private func startLogBackup(_ request: BackupRequest, on instance: SQLInstance, database: SQLDatabase,
                                device: String) -> NativeBackupJob {
        let log = database.log
        let first = log.lastLogBackupLsn!
        let start = BackupStart(first: first, checkpoint: nil, databaseBackupLsn: log.lastFullCheckpoint,
                                date: instance.currentDate, device: device)
        return NativeBackupJob(
            serverName: instance.serverName, request: request, startedAt: clock.now,
            finishesAt: clock.now + BackupTiming.duration(reading: log.bytesWritten - log.offset(of: first)),
            log: log, firstLsn: first
        ) { [unowned self] in
            let recorded = finishLogBackup(request, start: start, last: log.endOfLog, on: instance, database: database)
            record(instance, "BackupFinished", recorded.summary)
            return recorded
        }
    }

    /// Records a log backup that copied `start.first` up to `last`, and moves the chain on
    /// unless it was copy-only.
    func finishLogBackup(_ request: BackupRequest, start: BackupStart, last: LSN, on instance: SQLInstance,
                         database: SQLDatabase) -> BackupSet {
        let log = database.log
        var row = start.row(of: database, on: instance, type: .log, last: last, copyOnly: request.copyOnly)
        row.checkpointLsn = log.lastCheckpoint(atOrBefore: last)
        row.databaseBackupLsn = start.databaseBackupLsn ?? .zero
        row.beginsLogChain = !request.copyOnly && log.nextLogBackupBeginsChain
        if !request.copyOnly {
            log.lastLogBackupLsn = last
            log.nextLogBackupBeginsChain = false
        }
        log.noteRestorePoint(last)
        return instance.msdb.record(row)
    }
}

/// What a backup knows when it starts; the rest comes when it finishes.
struct BackupStart {
    let first: LSN
    let checkpoint: LSN?
    /// The last non-copy-only full's checkpoint when the backup started.
    let databaseBackupLsn: LSN?
    let date: String
    let device: String

    func row(of database: SQLDatabase, on instance: SQLInstance, type: BackupSet.Kind, last: LSN,
             copyOnly: Bool) -> BackupSet {
        let log = database.log
        return BackupSet(
            backupSetId: 0, databaseName: database.name, type: type, firstLsn: first, lastLsn: last,
            serverName: instance.serverName, machineName: instance.serverName, isCopyOnly: copyOnly,
            isSnapshot: false, checkpointLsn: checkpoint, firstRecoveryForkGuid: log.recoveryForkGuid,
            lastRecoveryForkGuid: log.recoveryForkGuid, beginsLogChain: false, backupStartDate: date,
            backupFinishDate: instance.currentDate, deviceType: BackupSet.DeviceType.disk,
            physicalDeviceName: device, databaseGuid: log.databaseGuid, familyGuid: log.databaseGuid,
            recoveryModel: log.recoveryModel.sqlName)
    }
}

extension BackupSet {
    /// One line for the trace: `backup_set_id 4 type L first_lsn … last_lsn …`.
    var summary: String {
        "\(databaseName) backup_set_id \(backupSetId) type \(type.rawValue) is_copy_only \(isCopyOnly == true ? 1 : 0) "
            + "first_lsn \(firstLsn.numeric) last_lsn \(lastLsn.numeric)"
    }
}
