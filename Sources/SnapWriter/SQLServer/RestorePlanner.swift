/// Finds the RESTORE sequence that takes one database furthest, from the union history of
/// every replica, by LSN rather than by date (reference §6).
///
/// Every full is tried, not only the latest: a later full whose log chain breaks early can
/// restore less far than an earlier one. From each full, the chain goes on from its redo
/// point P by log ranges alone (first_lsn ≤ P < last_lsn): database_backup_lsn is ignored,
/// so a log taken while a full ran still joins after that full.
public struct RestorePlanner: Sendable {
    public let database: String
    private let fulls: [BackupSet]
    private let differentials: [BackupSet]
    /// Logs that hold records, by first_lsn: one with first_lsn = last_lsn is never needed.
    private let logs: [BackupSet]

    public init(history: BackupHistory, database: String) {
        self.database = database
        let backups = history.backups(of: database).sorted { ($0.firstLsn, $0.backupSetId) < ($1.firstLsn, $1.backupSetId) }
        fulls = backups.filter { $0.type == .database }
        differentials = backups.filter { $0.type == .differential }
        logs = backups.filter { $0.type == .log && $0.firstLsn < $0.lastLsn }
    }

    /// The sequence to the latest restorable point, or to `target`: then the last backup
    /// must cover it, or the plan is not restorable.
    public func plan(stopAt target: LSN? = nil) -> RestorePlan {
        guard !fulls.isEmpty else {
            return failure(.explanation(
                "No full database backup of database \"\(database)\" is in the history; a restore sequence starts with one."))
        }
        if let target, let earliest = fulls.min(by: { $0.lastLsn < $1.lastLsn }), target < earliest.lastLsn {
            return failure(.explanation(
                "No full database backup of database \"\(database)\" ends at or before LSN \(target.numeric); "
                    + "the earliest, backup_set_id \(earliest.backupSetId), ends at LSN \(earliest.lastLsn.numeric).",
                about: earliest))
        }
        let starts = fulls.filter { full in target.map { full.lastLsn <= $0 } ?? true }
        var best: Route?
        for full in starts {
            var afterFull = RestoreState()
            afterFull.advance(past: full)
            let bases = differentials.filter { differential in
                afterFull.error(restoring: differential) == nil && (target.map { differential.lastLsn <= $0 } ?? true)
            }
            for differential in [nil] + bases.map(Optional.some) {
                let route = walk(from: full, differential: differential, target: target)
                if best.map({ route.isBetter(than: $0) }) ?? true { best = route }
            }
        }
        guard let best, let reached = best.state.redoPoint else {
            return failure(.explanation("No restore sequence for database \"\(database)\"."))
        }
        let next = nextLog(after: best.state)
        if let target, reached < target {
            let error =
                next.map { RestoreError.logTooRecent($0, redoPoint: reached) }
                ?? .explanation(
                    "No log backup of database \"\(database)\" includes LSN \(target.numeric); the furthest chain, "
                        + "from backup_set_id \(best.full.backupSetId), reaches LSN \(reached.numeric).",
                    about: best.full)
            return RestorePlan(
                mode: .plan, database: database, sequence: best.sequence, restoredTo: reached, stopAt: target,
                error: error)
        }
        return RestorePlan(
            mode: .plan, database: database, sequence: best.sequence, restoredTo: target ?? reached, stopAt: target,
            warning: target == nil ? next.map { RestoreError.logTooRecent($0, redoPoint: reached) } : nil)
    }

    /// From a full (and a differential over it), the logs that join one after another. Of
    /// the logs that apply at P, the one reaching furthest is taken: since any log starting
    /// at or before P may follow, that choice never loses reach and needs the fewest logs.
    private func walk(from full: BackupSet, differential: BackupSet?, target: LSN?) -> Route {
        var state = RestoreState()
        var sequence = [full] + (differential.map { [$0] } ?? [])
        for backup in sequence { state.advance(past: backup) }
        var started: [BackupSet] = []
        var unseen = logs[...]
        while let redoPoint = state.redoPoint, target.map({ redoPoint < $0 }) ?? true {
            while let log = unseen.first, log.firstLsn <= redoPoint {
                started.append(log)
                unseen = unseen.dropFirst()
            }
            started.removeAll { $0.lastLsn <= redoPoint }
            let applicable = started.filter { state.error(restoring: $0) == nil }
            guard let log = applicable.max(by: { $0.lastLsn < $1.lastLsn }) else { break }
            state.advance(past: log)
            sequence.append(log)
        }
        return Route(sequence: sequence, state: state, full: full, differential: differential, target: target)
    }

    /// The first log after the redo point on the same fork: what RESTORE would be asked for
    /// next, and refuse with Msg 4305.
    private func nextLog(after state: RestoreState) -> BackupSet? {
        guard let redoPoint = state.redoPoint else { return nil }
        return logs.first { $0.firstLsn > redoPoint && state.continuesFork($0) }
    }

    private func failure(_ error: RestoreError) -> RestorePlan {
        RestorePlan(mode: .plan, database: database, sequence: [], restoredTo: nil, error: error)
    }
}

/// One candidate sequence, ranked: furthest reach (up to the target), then fewest backups,
/// then the latest full, then the latest differential.
private struct Route {
    let sequence: [BackupSet]
    let state: RestoreState
    let full: BackupSet
    let differential: BackupSet?
    let target: LSN?

    var reach: LSN {
        let redoPoint = state.redoPoint ?? .zero
        return target.map { min($0, redoPoint) } ?? redoPoint
    }

    func isBetter(than other: Route) -> Bool {
        if reach != other.reach { return reach > other.reach }
        if sequence.count != other.sequence.count { return sequence.count < other.sequence.count }
        if full.lastLsn != other.full.lastLsn { return full.lastLsn > other.full.lastLsn }
        if full.backupSetId != other.full.backupSetId { return full.backupSetId > other.full.backupSetId }
        return (differential?.lastLsn ?? .zero) > (other.differential?.lastLsn ?? .zero)
    }
}
