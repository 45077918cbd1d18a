/// One database on one availability replica as sys.dm_hadr_database_replica_states shows
/// it, with the estimates of reference §4: what a failover to this replica would lose and
/// how long its redo would take.
public struct ReplicaDatabaseState: Sendable {
    public let database: String
    public let serverName: String
    public let role: ReplicaRole
    public let synchronizationState: SynchronizationState
    /// log_send_queue_size: log the primary has written that this replica has not hardened.
    public let sendQueueKB: Int
    /// redo_queue_size: log this replica has hardened and not redone.
    public let redoQueueKB: Int
    public let logSendRateKBps: Double
    public let redoRateKBps: Double
    public let lastHardenedLsn: LSN
    public let lastRedoneLsn: LSN
    /// Seconds of committed work a failover to this replica would lose: the gap between
    /// the primary's last commit and the last commit this replica has hardened. On the
    /// primary: that of `failoverTarget`; nil when no secondary could take over.
    public let estimatedDataLossSeconds: Double?
    /// redo_queue_size / redo_rate: how long this replica needs before it can serve as
    /// primary. On the primary: that of `failoverTarget`.
    public let estimatedRecoveryTimeSeconds: Double?
    /// On the primary: the secondary that would lose least if the primary were lost now.
    public let failoverTarget: String?
}

/// How far the backups taken so far restore a database, across every replica's msdb.
public struct AchievedRecoveryPoint: Sendable {
    public let database: String
    public let plan: RestorePlan
    /// Seconds of committed work that restoring to `plan.restoredTo` would lose now.
    public let dataLossSeconds: Double?
}

extension SQLEngine {
    /// The state of a database on a replica; nil outside availability groups.
    public func replicaState(of name: String, on serverName: String) -> ReplicaDatabaseState? {
        guard let instance = instance(named: serverName), let database = instance.database(named: name),
            let group = instance.availabilityGroup(of: name), let replica = group.replica(on: serverName)
        else { return nil }
        guard replica.role == .secondary else { return primaryState(of: database, on: replica, in: group) }
        return secondaryState(of: database, on: replica, in: group)
    }

    private func secondaryState(of database: SQLDatabase, on replica: AvailabilityReplica,
                                in group: AvailabilityGroup) -> ReplicaDatabaseState {
        let log = database.log
        let progress = database.progress
        let primaryCommit = log.lastCommitTime(atOffset: log.bytesWritten)
        let hardenedCommit = log.lastCommitTime(atOffset: progress.hardened)
        let loss: Duration = switch (primaryCommit, hardenedCommit) {
        case (let primary?, let hardened?): primary - hardened
        case (let primary?, nil): primary
        default: .zero
        }
        return ReplicaDatabaseState(
            database: database.name, serverName: replica.serverName, role: .secondary,
            synchronizationState: synchronizationState(of: database, on: replica, in: group),
            sendQueueKB: Int((log.bytesWritten - min(log.bytesWritten, progress.hardened)) / 1024),
            redoQueueKB: Int((progress.hardened - min(progress.hardened, progress.redone)) / 1024),
            logSendRateKBps: replica.logSendRateKBps, redoRateKBps: replica.redoRateKBps,
            lastHardenedLsn: log.lsn(atOffset: progress.hardened), lastRedoneLsn: log.lsn(atOffset: progress.redone),
            estimatedDataLossSeconds: loss.milliseconds / 1000,
            estimatedRecoveryTimeSeconds: redoTime(of: database, at: replica.redoRateKBps).milliseconds / 1000,
            failoverTarget: nil)
    }

    /// A primary has no queues of its own; its estimates are those of the secondary that
    /// would lose least (then recover fastest) if the primary were lost now.
    private func primaryState(of database: SQLDatabase, on replica: AvailabilityReplica,
                              in group: AvailabilityGroup) -> ReplicaDatabaseState {
        let candidates = group.secondaries.compactMap { secondary -> ReplicaDatabaseState? in
            guard let instance = instance(named: secondary.serverName), instance.isRunning,
                let copy = instance.database(named: database.name)
            else { return nil }
            return secondaryState(of: copy, on: secondary, in: group)
        }
        let best = candidates.min {
            ($0.estimatedDataLossSeconds ?? 0, $0.estimatedRecoveryTimeSeconds ?? 0, $0.serverName)
                < ($1.estimatedDataLossSeconds ?? 0, $1.estimatedRecoveryTimeSeconds ?? 0, $1.serverName)
        }
        let end = database.log.endOfLog
        return ReplicaDatabaseState(
            database: database.name, serverName: replica.serverName, role: .primary, synchronizationState: .synchronized,
            sendQueueKB: 0, redoQueueKB: 0, logSendRateKBps: replica.logSendRateKBps,
            redoRateKBps: replica.redoRateKBps, lastHardenedLsn: end, lastRedoneLsn: end,
            estimatedDataLossSeconds: best?.estimatedDataLossSeconds,
            estimatedRecoveryTimeSeconds: best?.estimatedRecoveryTimeSeconds, failoverTarget: best?.serverName)
    }

    /// Every backup of the database on any replica, the union of their msdb.
    public func backupHistory(of log: DatabaseLog) -> BackupHistory {
        BackupHistory(instances.flatMap(\.msdb.backupSets).filter { $0.databaseGuid == log.databaseGuid }
            .sorted { $0.backupSetId < $1.backupSetId })
    }

    /// Where a restore from the backups taken so far would bring the database.
    public func achievedRecoveryPoint(of database: SQLDatabase) -> AchievedRecoveryPoint {
        let plan = RestorePlanner(history: backupHistory(of: database.log), database: database.name).plan()
        let loss = plan.restoredTo.map { point -> Double in
            let log = database.log
            guard let lastCommit = log.lastCommitTime(atOffset: log.bytesWritten), point < log.endOfLog else { return 0 }
            return max(.zero, lastCommit - log.time(reaching: point)).milliseconds / 1000
        }
        return AchievedRecoveryPoint(database: database.name, plan: plan, dataLossSeconds: loss)
    }
}
