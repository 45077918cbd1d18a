/// Finds the RESTORE sequence that takes one database furthest, from the union history of
/// every replica, by LSN rather than by date (reference §6).
///
/// Every full is tried, not only the latest: a later full whose log chain breaks early can
/// restore less far than an earlier one. From each full, the chain goes on from its redo
/// point P by log ranges alone (first_lsn ≤ P < last_lsn): database_backup_lsn is ignored,
/// so a log taken while a full ran still joins after that full, and logs that do not join
/// end the chain.
public struct RestorePlanner: Sendable {
    public let database: String
    private let fulls: [BackupSet]
    private let differentials: [BackupSet]
    private let logs: [BackupSet]

    public init(history: BackupHistory, database: String) {
        self.database = database
        let backups = history.backups(of: database)
            .sorted { ($0.lastLsn, $0.backupSetId) < ($1.lastLsn, $1.backupSetId) }
        fulls = backups.filter { $0.type == .database }
        differentials = backups.filter { $0.type == .differential }
        logs = backups.filter { $0.type == .log }
    }

    /// The sequence to the latest restorable point, or to `target`: then the last backup
    /// must cover it, or the plan is not restorable.
    public func plan(stopAt target: LSN? = nil) -> RestorePlan {
        guard let earliest = fulls.first else {
            return failure(.explanation(
                "No full database backup of database \"\(database)\" is in the history; a restore sequence starts with one."))
        }
        if let target, target < earliest.lastLsn {
            return failure(.explanation(
                "No full database backup of database \"\(database)\" ends at or before LSN \(target.numeric); "
                    + "the earliest, backup_set_id \(earliest.backupSetId), ends at LSN \(earliest.lastLsn.numeric).",
                about: earliest))
        }
        var chain = LogChain(logs: logs, target: target)
        var best: Route?
        for full in fulls where target.map({ full.lastLsn <= $0 }) ?? true {
            var afterFull = RestoreState()
            afterFull.advance(past: full)
            let bases = differentials.filter { differential in
                afterFull.error(restoring: differential) == nil && (target.map { differential.lastLsn <= $0 } ?? true)
            }
            for base in [[full]] + bases.map({ [full, $0] }) {
                let route = Route(base: base, chain: &chain, target: target)
                if best.map({ route.isBetter(than: $0) }) ?? true { best = route }
            }
        }
        guard let best, let reached = best.end.redoPoint else {
            return failure(.explanation("No restore sequence for database \"\(database)\"."))
        }
        let sequence = best.base + (best.firstLog.map { chain.backups(from: $0) } ?? [])
        let next = chain.firstLog(beyond: best.end)
        if let target, reached < target {
            let error =
                next.map { RestoreError.logTooRecent($0, redoPoint: reached) }
                ?? .explanation(
                    "No log backup of database \"\(database)\" includes LSN \(target.numeric); the furthest chain, "
                        + "from backup_set_id \(best.full.backupSetId), reaches LSN \(reached.numeric).",
                    about: best.full)
            return RestorePlan(
                mode: .plan, database: database, sequence: sequence, restoredTo: reached, stopAt: target,
                error: error)
        }
        return RestorePlan(
            mode: .plan, database: database, sequence: sequence, restoredTo: target ?? reached, stopAt: target,
            warning: target == nil ? next.map { RestoreError.logTooRecent($0, redoPoint: reached) } : nil)
    }

    private func failure(_ error: RestoreError) -> RestorePlan {
        RestorePlan(mode: .plan, database: database, sequence: [], restoredTo: nil, error: error)
    }
}

/// One candidate: a full (and a differential over it), then the logs that join. Ranked by
/// reach (up to the target), then fewest backups, then the latest full and differential.
private struct Route {
    let base: [BackupSet]
    let firstLog: LogChain.Link?
    let length: Int
    /// Where the database stands at the end.
    let end: RestoreState
    let target: LSN?

    init(base: [BackupSet], chain: inout LogChain, target: LSN?) {
        self.base = base
        self.target = target
        var state = RestoreState()
        for backup in base { state.advance(past: backup) }
        firstLog = chain.next(after: state)
        if let firstLog {
            let end = chain.end(from: firstLog)
            length = base.count + end.length
            self.end = chain.state(after: end.last)
        } else {
            length = base.count
            end = state
        }
    }

    var full: BackupSet { base[0] }
    var differential: BackupSet? { base.dropFirst().first }

    var reach: LSN {
        let redoPoint = end.redoPoint ?? .zero
        return target.map { min($0, redoPoint) } ?? redoPoint
    }

    func isBetter(than other: Route) -> Bool {
        if reach != other.reach { return reach > other.reach }
        if length != other.length { return length < other.length }
        if full.lastLsn != other.full.lastLsn { return full.lastLsn > other.full.lastLsn }
        if full.backupSetId != other.full.backupSetId { return full.backupSetId > other.full.backupSetId }
        return (differential?.lastLsn ?? .zero) > (other.differential?.lastLsn ?? .zero)
    }
}
