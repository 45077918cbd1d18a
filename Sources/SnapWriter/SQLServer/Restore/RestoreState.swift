/// A database in the RESTORING state, as RESTORE … WITH NORECOVERY leaves it: the full its
/// sequence started from, the redo point P (last_lsn of the last backup restored) and the
/// recovery fork it is on. What RESTORE accepts next (reference §6) is decided here only, so
/// a planned sequence and a replayed one are judged by the same rules.
public struct RestoreState: Sendable, Equatable {
    public private(set) var full: BackupSet?
    public private(set) var redoPoint: LSN?
    /// last_recovery_fork_guid of the last backup restored, when known.
    public private(set) var recoveryFork: String?

    public init() {}

    /// A database known only by its redo point and fork: all a log's fit depends on.
    init(redoPoint: LSN, recoveryFork: String?) {
        self.redoPoint = redoPoint
        self.recoveryFork = recoveryFork
    }

    /// The error RESTORE raises for this backup now, or nil when it applies.
    public func error(restoring backup: BackupSet) -> RestoreError? {
        switch backup.type {
        case .database:
            // A full restarts the sequence whatever came before, as RESTORE DATABASE does.
            return nil
        case .differential:
            guard let full, let redoPoint else { return .nothingToRollForward(backup) }
            guard Self.isBase(full, of: backup), backup.lastLsn > redoPoint else {
                return .differentialNotOverItsBase(backup)
            }
            return nil
        case .log:
            guard let redoPoint else { return .nothingToRollForward(backup) }
            if backup.firstLsn > redoPoint { return .logTooRecent(backup, redoPoint: redoPoint) }
            if backup.lastLsn <= redoPoint { return .logTooEarly(backup, redoPoint: redoPoint) }
            guard continuesFork(backup) else { return .inconsistentRecoveryPath(backup) }
            return nil
        case .file, .fileDifferential, .partial, .partialDifferential:
            return .explanation(
                "backup_set_id \(backup.backupSetId) is a \(backup.type.name) backup; "
                    + "SnapWriter models only database, differential and log restores.",
                about: backup)
        }
    }

    public mutating func restore(_ backup: BackupSet) throws(RestoreError) {
        if let error = error(restoring: backup) { throw error }
        advance(past: backup)
    }

    /// Moves on after a backup `error(restoring:)` accepted.
    mutating func advance(past backup: BackupSet) {
        if backup.type == .database { full = backup }
        redoPoint = backup.lastLsn
        recoveryFork = Self.fork(after: backup, from: backup.type == .database ? nil : recoveryFork)
    }

    /// The fork a database is on after a backup: the backup's own when its row says, else
    /// still the one it was on.
    static func fork(after backup: BackupSet, from fork: String?) -> String? {
        backup.lastRecoveryForkGuid ?? backup.firstRecoveryForkGuid ?? fork
    }

    /// A log continues the database's recovery path when it starts on the database's fork,
    /// and, when it crosses a fork point into a new fork, the database has not gone past
    /// that point on the old fork. What is unknown is taken to match.
    func continuesFork(_ log: BackupSet) -> Bool {
        if let recoveryFork, let logFork = log.firstRecoveryForkGuid, !UniqueIdentifier.same(recoveryFork, logFork) {
            return false
        }
        if let from = log.firstRecoveryForkGuid, let to = log.lastRecoveryForkGuid, !UniqueIdentifier.same(from, to),
            let forkPoint = log.forkPointLsn, let redoPoint, redoPoint > forkPoint
        {
            return false
        }
        return true
    }

    /// A differential's base is the full whose checkpoint_lsn is its differential_base_lsn,
    /// never a copy-only full, and with the same base guid when both rows carry one. msdb
    /// leaves a full's differential_base_guid NULL, so in real history the LSN decides.
    static func isBase(_ full: BackupSet, of differential: BackupSet) -> Bool {
        guard full.type == .database, full.isCopyOnly != true, let checkpoint = full.checkpointLsn,
            checkpoint == differential.differentialBaseLsn
        else { return false }
        guard let fullGuid = full.differentialBaseGuid, let baseGuid = differential.differentialBaseGuid else {
            return true
        }
        return UniqueIdentifier.same(fullGuid, baseGuid)
    }
}
