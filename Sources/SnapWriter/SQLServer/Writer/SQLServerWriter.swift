/// SqlServerWriter (service SQLWriter): freezes and thaws the instance's databases around
/// the snapshot and records each snapshot backup in msdb. What it does with VSS_BT_FULL on
/// an availability group secondary depends on the build (`SQLWriterProfile`).
public final class SQLServerWriter: Writer {
    public let identity = WriterIdentity.sqlServer
    public let instance: SQLInstance
    /// One entry per database of the backup under way (or the last one), in database order.
    public private(set) var lastBackup: [DatabaseBackupResult] = []
    /// Why the writer refused the backup under way (or the last one), in one sentence: the
    /// application message a writer gives with its failure (SetWriterFailureEx), which the
    /// requester reads back (IVssComponentEx2::GetFailure). nil when it did not refuse.
    public private(set) var lastRefusal: String?
    private var random: SeededRandom
    /// Snapshot backups recorded at Thaw whose BackupComplete has not come: the writer's
    /// BACKUP … WITH SNAPSHOT statements are still open on their virtual devices.
    private var awaitingBackupComplete = false

    public init(instance: SQLInstance, random: SeededRandom) {
        self.instance = instance
        self.random = random
    }

    /// Forgets the previous backup's results before a new one, so a writer that does not
    /// take part this time reports nothing stale.
    public func forgetLastBackup() {
        lastBackup.removeAll()
        lastRefusal = nil
    }

    public func serviceRestarted() {
        awaitingBackupComplete = false
        thawAll(context: nil)
        lastBackup.removeAll()
        lastRefusal = nil
    }

    public func handle(_ event: WriterEvent, context: WriterEventContext) -> WriterResponse {
        switch event {
        case .identify:
            lastBackup.removeAll()
            lastRefusal = nil
            return .success(after: random.milliseconds(1, 4))
        case .prepareBackup:
            return .success(after: random.milliseconds(0.5, 2))
        case .prepareSnapshot:
            return prepareSnapshot(context)
        case .freeze:
            return freeze(context)
        case .thaw:
            return thaw(context)
        case .postSnapshot:
            return .success(after: random.milliseconds(0.2, 1))
        case .backupComplete:
            return backupComplete(context)
        case .abort:
            awaitingBackupComplete = false
            thawAll(context: context)
            return .immediate
        case .backupShutdown:
            thawAll(context: context)
            return backupShutdown(context)
        }
    }

    /// A writer that does not support the requested type treats it as FULL; the SQL
    /// writer knows FULL and COPY.
    private func requestedDecision(_ type: BackupType) -> DatabaseBackupResult.Decision {
        type == .copy ? .copyOnly : .full
    }

    private func prepareSnapshot(_ context: WriterEventContext) -> WriterResponse {
        let requested = requestedDecision(context.backupType)
        let behaviour = SQLWriterProfile.secondaryFullBehaviour(
            version: instance.version, edition: instance.edition, collation: instance.collation)
        var plan: [DatabaseBackupResult] = []
        for database in instance.databases {
            let group = instance.availabilityGroup(of: database.name)
            let role = group?.replica(on: instance.serverName)?.role
            var result = DatabaseBackupResult(database: database.name, availabilityGroup: group?.name, role: role,
                                              decision: requested)
            // The writer's BACKUP … WITH SNAPSHOT cannot open a SUSPECT database.
            if database.state == .suspect {
                result.decision = .failed
                plan.append(result)
                lastBackup = plan
                context.log.record(context.scope, "DatabaseNotAccessible",
                                   IOErrorMessages.databaseSuspect(database: database.name).line)
                lastRefusal = "\(database.name) on \(instance.serverName) is SUSPECT: the writer cannot open it"
                return .failure(.writerErrorNonRetryable, after: random.milliseconds(1, 3))
            }
            if role == .secondary, requested == .full {
                let where_ = "\(database.name) is a secondary replica database of availability group \(group!.name)"
                switch behaviour {
                case .fail:
                    result.decision = .failed
                    plan.append(result)
                    lastBackup = plan
                    context.log.record(context.scope, "SecondaryFullRejected",
                                       "\(where_): SQL Server \(instance.version.rawValue) (\(instance.collation.name)) "
                                           + "cannot take VSS_BT_FULL there")
                    let collation = instance.collation.isCaseSensitive
                        ? " with the case-sensitive collation \(instance.collation.name)" : ""
                    lastRefusal = "\(instance.serverName) hosted a secondary replica of \(group!.name) (\(database.name)) "
                        + "on SQL Server \(instance.version.rawValue)\(collation)"
                    return .failure(.writerErrorNonRetryable, after: random.milliseconds(1, 3))
                case .downgradeToCopyOnly:
                    result.decision = .downgradedToCopyOnly
                    context.log.record(context.scope, "DowngradedToCopyOnly", "\(where_): VSS_BT_FULL taken copy-only")
                case .skip:
                    result.decision = .skipped
                    context.log.record(context.scope, "SecondarySkipped",
                                       "\(where_) (Basic availability group): not backed up")
                }
            }
            plan.append(result)
        }
        lastBackup = plan
        return .success(after: random.milliseconds(1, 3))
    }

    private var databasesInBackup: [(index: Int, database: SQLDatabase)] {
        lastBackup.enumerated().compactMap { index, result in
            guard result.decision != .skipped, result.decision != .failed,
                let database = instance.database(named: result.database)
            else { return nil }
            return (index, database)
        }
    }

    private func freeze(_ context: WriterEventContext) -> WriterResponse {
        // What the engine has written so far reaches the files before their I/O stops.
        instance.syncDataFiles()
        var elapsed = Duration.zero
        for (_, database) in databasesInBackup {
            database.isFrozen = true
            instance.logError(
                "I/O is frozen on database \(database.name). No user action is required. "
                    + "However, if I/O is not resumed promptly, you could cancel the backup.")
            context.log.record(context.scope, "DatabaseFrozen", "3197 \(database.name)")
            elapsed += random.milliseconds(0.5, 2)
        }
        return .success(after: elapsed)
    }

    private func thaw(_ context: WriterEventContext) -> WriterResponse {
        // The flush under the hold may have failed a database's I/O.
        instance.absorbIOFailures()
        if let lost = databasesInBackup.first(where: { $0.database.state == .suspect }) {
            context.log.record(context.scope, "DatabaseNotAccessible",
                               IOErrorMessages.databaseSuspect(database: lost.database.name).line)
            thawAll(context: context)
            return .failure(.writerErrorNonRetryable, after: random.milliseconds(0.5, 2))
        }
        for (index, database) in databasesInBackup where database.isFrozen {
            lastBackup[index].backupSet = recordSnapshotBackup(of: database, decision: lastBackup[index].decision,
                                                               context: context)
            awaitingBackupComplete = true
        }
        thawAll(context: context)
        return .success(after: random.milliseconds(0.5, 2))
    }

    /// The requester's object went away. After a requester that died with the snapshot
    /// backups still open, their statements end abnormally and the writer reports the
    /// failure until its service restarts (docs/fidelity.md H8).
    private func backupShutdown(_ context: WriterEventContext) -> WriterResponse {
        defer { awaitingBackupComplete = false }
        guard context.requesterDied, awaitingBackupComplete else { return .immediate }
        for result in lastBackup where result.backupSet != nil {
            context.log.record(context.scope, "SnapshotBackupAbandoned",
                               "\(result.database): BackupComplete never came; the snapshot backup's statement ended "
                                   + "without completing")
        }
        return .failure(.writerErrorNonRetryable, after: .zero)
    }

    private func thawAll(context: WriterEventContext?) {
        for database in instance.databases where database.isFrozen {
            database.isFrozen = false
            instance.logError("I/O was resumed on database \(database.name). No user action is required.")
            context?.log.record(context!.scope, "DatabaseThawed", "3198 \(database.name)")
        }
    }

    /// The msdb row of a snapshot backup: type D, is_snapshot 1, virtual device. The
    /// snapshot copies no log, so its first, checkpoint and last LSN are the frozen point:
    /// the end of the log on a primary, the local redo point on a secondary, whose data
    /// files hold only what it has redone.
    private func recordSnapshotBackup(of database: SQLDatabase, decision: DatabaseBackupResult.Decision,
                                      context: WriterEventContext) -> BackupSet {
        let log = database.log
        let point = instance.localRedoLsn(of: database)
        let date = instance.currentDate
        let row = BackupSet(
            backupSetId: 0, databaseName: database.name, type: .database, firstLsn: point, lastLsn: point,
            serverName: instance.serverName, machineName: instance.serverName,
            isCopyOnly: decision != .full, isSnapshot: true, checkpointLsn: point,
            databaseBackupLsn: log.lastFullCheckpoint ?? .zero,
            firstRecoveryForkGuid: log.recoveryForkGuid, lastRecoveryForkGuid: log.recoveryForkGuid,
            beginsLogChain: false, backupStartDate: date, backupFinishDate: date,
            deviceType: BackupSet.DeviceType.virtualDevice,
            physicalDeviceName: context.snapshotSetId.map { "{\($0.dropFirst().dropLast())}" },
            databaseGuid: log.databaseGuid, familyGuid: log.databaseGuid, recoveryModel: log.recoveryModel.sqlName)
        let recorded = instance.msdb.record(row)
        log.noteRestorePoint(point)
        context.log.record(context.scope, "BackupRecorded",
                           "\(database.name) backup_set_id \(recorded.backupSetId) type D "
                               + "is_copy_only \(decision != .full ? 1 : 0) first_lsn \(point.numeric)")
        return recorded
    }

    /// A FULL that was not copy-only becomes the new differential base, and starts the
    /// log chain when none exists.
    private func backupComplete(_ context: WriterEventContext) -> WriterResponse {
        awaitingBackupComplete = false
        for result in lastBackup where result.decision == .full {
            guard let row = result.backupSet, let database = instance.database(named: result.database) else { continue }
            let log = database.log
            log.differentialBaseLsn = row.checkpointLsn
            log.differentialBaseGuid = log.newDifferentialBaseGuid()
            log.lastFullCheckpoint = row.checkpointLsn
            if log.lastLogBackupLsn == nil, log.recoveryModel != .simple {
                log.lastLogBackupLsn = row.firstLsn
                log.nextLogBackupBeginsChain = true
            }
            context.log.record(context.scope, "DifferentialBaseSet",
                               "\(database.name) differential base \(row.checkpointLsn?.numeric ?? "")")
        }
        return .success(after: random.milliseconds(0.5, 2))
    }
}
